import { db, type Db } from "../../db/client.server";

export type Health = { status: "ok" | "error"; database: "ok" | "unreadable"; time: string };

/**
 * Reads a real table, so a missing, locked or corrupt database shows as unreadable. Opening the
 * connection is inside the check too: a corrupt file fails there first.
 */
export function checkHealth(connect: () => Db = db): Health {
  const time = new Date().toISOString();
  try {
    connect().$client.prepare("SELECT count(*) AS n FROM organisations").get();
    return { status: "ok", database: "ok", time };
  } catch {
    return { status: "error", database: "unreadable", time };
  }
}
