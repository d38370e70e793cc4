import type Database from "better-sqlite3";
import { isBusyError } from "./client.server";

/**
 * Gives SQLite's query planner fresh row counts for every table and index (`sqlite_stat1`) and no
 * value samples (`sqlite_stat4`).
 *
 * better-sqlite3 builds SQLite with STAT4. Where samples exist, a statement whose plan could
 * depend on a bound value (an indexed `column = ?`: nearly every statement here) is compiled
 * again each time a value is bound, which here is every request. That recompiling was 7 % of the
 * server's CPU on the simplest page and 15 % on a thread page (issue 13). Row counts alone give
 * the plans these queries need.
 *
 * The analysis limit keeps ANALYZE quick on a large database (0.2 s at a million posts) and
 * makes it gather no samples; dropping the samples table also removes any an operator's full
 * `ANALYZE` left behind.
 *
 * Statistics help but are not needed, so a database another process keeps busy for longer than
 * the busy timeout leaves them as they were: false, and the server starts all the same.
 */
export function refreshPlannerStatistics(sqlite: Database.Database): boolean {
  return unlessBusy(() => {
    sqlite.pragma(`analysis_limit = ${ANALYSIS_LIMIT}`);
    sqlite.transaction(() => {
      sqlite.exec("ANALYZE");
      sqlite.exec("DROP TABLE IF EXISTS sqlite_stat4");
    }).immediate();
  });
}

/**
 * Between starts: new row counts for the tables that have grown or shrunk tenfold since theirs
 * were taken (`PRAGMA optimize`; it leaves tables under a few thousand rows alone), so a forum
 * that started small is not planned as small for good.
 * Usually it does nothing (a quarter of a millisecond); with the limit it gathers no samples.
 * Every connection reads new statistics at its next statement, as ANALYZE moves the schema's
 * version. False when the database was busy.
 */
export function keepPlannerStatisticsCurrent(sqlite: Database.Database): boolean {
  return unlessBusy(() => {
    sqlite.pragma(`analysis_limit = ${ANALYSIS_LIMIT}`);
    // 0x10000: every table, not only those this connection's queries used (it has run none).
    sqlite.pragma("optimize = 0x10002");
  });
}

const ANALYSIS_LIMIT = 400;

function unlessBusy(write: () => void) {
  try {
    write();
    return true;
  } catch (error) {
    if (!isBusyError(error)) throw error;
    return false;
  }
}
