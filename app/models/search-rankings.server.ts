/**
 * Search rankings shared by the server's processes (issue 15). Each worker keeps its rankings in
 * memory, so with WEB_CONCURRENCY workers a query was ranked once per worker: on a fresh server
 * that was about a third of the search model's time for varied queries. A ranking is small (the
 * count and the groups of ten pages, 10-20 KB), so the worker that ranks a query writes it to a
 * file beside the database and the others read it instead of ranking. Whether a ranking still
 * holds is asked of the database as for one in memory (stillRanked); this file knows no index.
 *
 * The same file holds what a worker read of the index for a query (search.server.ts), so that
 * another worker ranks that query for its members from it rather than reading every match again:
 * at 1,000,000 posts the 132,000 keys of "outsourcing" (650 KB) are read back in 0.7 ms, against
 * 13 ms from the index, and written in 3.3 ms.
 *
 * The file is a cache: emptied when the server starts (a new build may rank differently), written
 * without waiting (a write another process holds up is skipped), without syncing, and bounded.
 */
import Database from "better-sqlite3";
import { rmSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { config } from "~/lib/env.server";
import { isBusyError } from "../../db/client.server";

const KEPT = 1000;
// Reads are up to a few MB each (4 bytes a match): the last READS_KEPT, and no more than READS_BYTES
// of keys. In a file they cost no worker's memory, so they can hold every word that is searched:
// under the bench's varied queries at 1,000,000 posts the two workers read 2,130 words' matches
// (30 million keys) in 25 s, and with the last 200 and 64 MB kept they read a quarter of those words
// again, up to five times each, for more than half the time spent reading matches.
const READS_KEPT = 10_000;
const READS_BYTES = 256 * 1024 * 1024;
// Rankings are kept per build (the time this code was built): a worker started after a build in
// place, or a script run beside a live server, never reads rankings another build made.
const BUILD = statSync(fileURLToPath(import.meta.url)).mtimeMs;

/** The file beside the database, named after it: two databases in one folder never share rankings. */
const fileFor = (databasePath: string) => path.join(path.dirname(databasePath), `${path.basename(databasePath, path.extname(databasePath))}.search-rankings.db`);

type Store = {
  read: Database.Statement;
  write: Database.Transaction<(key: string, value: string) => void>;
  /** Runs `read` in one read transaction of the file. */
  snapshot: <T>(read: () => T) => T;
  readValue: Database.Statement;
  readKeys: Database.Statement;
  writeKeys: Database.Transaction<(key: string, value: string, keys: Buffer) => void>;
};
let store: Store | null | undefined;

/** The process's connection to the file, opened on first use; null when it cannot be (searches then rank alone). */
function open(): Store | null {
  if (store !== undefined) return store;
  const name = fileFor(config().databasePath);
  try {
    const file = new Database(name);
    // Workers starting together may set the file up at once: they wait for each other only here.
    file.pragma("busy_timeout = 2000");
    file.pragma("journal_mode = WAL");
    file.pragma("synchronous = OFF");
    file.exec("CREATE TABLE IF NOT EXISTS rankings (id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, value TEXT NOT NULL)");
    // The keys last: what is asked of every row (its description, its size) is then read without them.
    file.exec("CREATE TABLE IF NOT EXISTS reads (id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, value TEXT NOT NULL, bytes INTEGER NOT NULL, keys BLOB NOT NULL)");
    // The reads' bytes in all, kept by triggers: summing them on each write took 2 ms over thousands of reads.
    file.exec(`
      CREATE TABLE IF NOT EXISTS reads_bytes (bytes INTEGER NOT NULL);
      INSERT INTO reads_bytes SELECT coalesce((SELECT sum(bytes) FROM reads), 0) WHERE NOT EXISTS (SELECT 1 FROM reads_bytes);
      CREATE TRIGGER IF NOT EXISTS reads_added AFTER INSERT ON reads BEGIN UPDATE reads_bytes SET bytes = bytes + new.bytes; END;
      CREATE TRIGGER IF NOT EXISTS reads_removed AFTER DELETE ON reads BEGIN UPDATE reads_bytes SET bytes = bytes - old.bytes; END;`);
    // From now on never wait for another process's write: a search must not stall behind a cache.
    file.pragma("busy_timeout = 0");
    const insert = file.prepare("INSERT OR REPLACE INTO rankings (key, value) VALUES (?, ?)");
    const prune = file.prepare("DELETE FROM rankings WHERE id <= ? - ?");
    // Deleted first, not replaced: a REPLACE does not fire the delete trigger that keeps the bytes.
    const deleteKeys = file.prepare("DELETE FROM reads WHERE key = ?");
    const insertKeys = file.prepare("INSERT INTO reads (key, value, keys, bytes) VALUES (?, ?, ?, ?)");
    const pruneKeys = file.prepare("DELETE FROM reads WHERE id <= ? - ?");
    const readsBytes = file.prepare("SELECT bytes FROM reads_bytes").pluck(true);
    const deleteOldest = file.prepare("DELETE FROM reads WHERE id = (SELECT min(id) FROM reads)");
    // Should the count ever drift from the reads (a worker of an older build replacing a read fires
    // no delete trigger), it is counted afresh once nothing is left to let go of.
    const recount = file.prepare("UPDATE reads_bytes SET bytes = (SELECT coalesce(sum(bytes), 0) FROM reads)");
    store = {
      read: file.prepare("SELECT value FROM rankings WHERE key = ?").pluck(true),
      write: file.transaction((key: string, value: string) => void prune.run(insert.run(key, value).lastInsertRowid, KEPT)),
      snapshot: <T>(read: () => T) => file.transaction(read)(),
      readValue: file.prepare("SELECT value FROM reads WHERE key = ?").pluck(true),
      readKeys: file.prepare("SELECT keys FROM reads WHERE key = ?").pluck(true),
      writeKeys: file.transaction((key: string, value: string, keys: Buffer) => {
        deleteKeys.run(key);
        pruneKeys.run(insertKeys.run(key, value, keys, keys.length).lastInsertRowid, READS_KEPT);
        // The newest reads whose keys come to READS_BYTES in all are kept.
        while ((readsBytes.get() as number) > READS_BYTES) {
          if (deleteOldest.run().changes === 0) {
            recount.run();
            break;
          }
        }
      }),
    };
  } catch (error) {
    console.error("Search rankings are not shared between processes:", error);
    store = null;
  }
  return store;
}

/** The ranking shared under `key` (by any process of this build); undefined when there is none, or none of the shape `isRanking` expects. */
export function sharedRanking<T>(key: string, isRanking: (value: unknown) => value is T): T | undefined {
  try {
    const value = open()?.read.get(`${BUILD} ${key}`) as string | undefined;
    const ranking: unknown = value === undefined ? undefined : JSON.parse(value);
    return isRanking(ranking) ? ranking : undefined;
  } catch (error) {
    // A cache: a search never fails for it.
    console.error("A shared search ranking could not be read:", error);
    return undefined;
  }
}

/** Shares a ranking under `key`, unless another process is writing the file just then. */
export function shareRanking(key: string, ranking: unknown) {
  try {
    open()?.write(`${BUILD} ${key}`, JSON.stringify(ranking));
  } catch (error) {
    if (!isBusyError(error)) console.error("A search ranking could not be shared:", error);
  }
}

/**
 * The read shared under `key`: its description, when `usable` accepts it, and then its keys as
 * 32-bit integers (copied, so they are aligned); undefined when there is none, or none usable.
 */
export function sharedKeys<T>(key: string, usable: (value: unknown) => value is T): { read: T; keys: Int32Array } | undefined {
  try {
    const files = open();
    // Both from one snapshot: another process may replace the read between two statements.
    return files?.snapshot(() => {
      const value = files.readValue.get(`${BUILD} ${key}`) as string | undefined;
      const read: unknown = value === undefined ? undefined : JSON.parse(value);
      if (!usable(read)) return undefined;
      const bytes = files.readKeys.get(`${BUILD} ${key}`) as Buffer | undefined;
      if (!bytes || bytes.length % 4 !== 0) return undefined;
      const keys = new Int32Array(bytes.length / 4);
      new Uint8Array(keys.buffer).set(bytes);
      return { read, keys };
    });
  } catch (error) {
    console.error("A shared search read could not be read:", error);
    return undefined;
  }
}

/** Shares a read under `key` (its description and its keys), unless another process is writing the file just then. */
export function shareKeys(key: string, read: unknown, keys: Int32Array) {
  // Kept, it would only push every other read out, and then itself.
  if (keys.byteLength > READS_BYTES) return;
  try {
    open()?.writeKeys(`${BUILD} ${key}`, JSON.stringify(read), Buffer.from(keys.buffer, keys.byteOffset, keys.byteLength));
  } catch (error) {
    if (!isBusyError(error)) console.error("A search read could not be shared:", error);
  }
}

/** Empties the rankings shared beside the database at `databasePath`: as the server starts, before any process opens the file. */
export function forgetSharedRankings(databasePath: string) {
  const file = fileFor(databasePath);
  for (const suffix of ["", "-wal", "-shm"]) rmSync(`${file}${suffix}`, { force: true });
}
