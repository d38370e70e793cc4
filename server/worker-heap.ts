/**
 * The heap limit and the allocator setting each worker process starts with, unless the operator
 * set their own.
 *
 * V8 sizes a process's old generation against its heap limit, which by default follows the
 * machine's memory (about 4 GB on this 24 GB machine), and with that much room it lets garbage
 * reach several times the live heap before collecting: after `npm run bench` each worker held
 * 312–357 MB for about 45 MB of live objects. With a 1 GB limit V8 collects sooner: the same load
 * left 188 MB, for about 0.04 ms more collecting per request (`--trace-gc`: 39 full collections
 * instead of 8 over 12,000 requests). A gigabyte still leaves room for the largest request (a
 * 25 MB upload parsed, a common word's matches ranked).
 */
export const WORKER_HEAP_FLAG = "--max-old-space-size=1024";

/** The flags to start a worker with: the primary's own, plus the heap limit unless one is given. */
export function workerExecArgv(execArgv: readonly string[], nodeOptions = process.env.NODE_OPTIONS ?? "") {
  const given = [...execArgv, ...nodeOptions.split(/\s+/)].some((flag) => /^--max[-_]old[-_]space[-_]size\b/.test(flag));
  return given ? [...execArgv] : [...execArgv, WORKER_HEAP_FLAG];
}

/**
 * glibc's malloc, once a large block it mapped is freed, serves blocks up to that size (up to
 * 32 MB) from its heap instead, which it rarely gives back: the buffers of a search's matches
 * (a few MB each) left workers holding 246–300 MB after the bench's varied searches, against
 * 224–243 MB with the threshold held at 128 KB, and no throughput difference this machine could
 * measure. Other C libraries ignore the variable.
 */
export const WORKER_MALLOC_ENV = { MALLOC_MMAP_THRESHOLD_: "131072" };

/** What to add to a worker's environment: the threshold, unless one is given. */
export function workerEnv(env: Record<string, string | undefined> = process.env) {
  return env.MALLOC_MMAP_THRESHOLD_ ? {} : WORKER_MALLOC_ENV;
}
