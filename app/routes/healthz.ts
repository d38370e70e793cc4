import { checkHealth } from "~/models/health.server";

export function loader() {
  const health = checkHealth();
  return Response.json(health, {
    status: health.status === "ok" ? 200 : 503,
    headers: { "Cache-Control": "no-store" },
  });
}
