import { checkHealth } from "~/models/health.server";
import { db } from "../../db/client.server";

export function loader() {
  const health = checkHealth(db);
  return Response.json(health, {
    status: health.status === "ok" ? 200 : 503,
    headers: { "Cache-Control": "no-store" },
  });
}
