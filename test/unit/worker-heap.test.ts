import { describe, expect, test } from "vitest";
import { WORKER_HEAP_FLAG, workerEnv, workerExecArgv } from "../../server/worker-heap";

describe("a worker's heap limit", () => {
  test("is added to the primary's own flags", () => {
    expect(workerExecArgv(["--enable-source-maps"], "")).toEqual(["--enable-source-maps", WORKER_HEAP_FLAG]);
  });

  test("is left to the operator who set one, on the command line or in NODE_OPTIONS", () => {
    expect(workerExecArgv(["--max-old-space-size=4096"], "")).toEqual(["--max-old-space-size=4096"]);
    expect(workerExecArgv([], "--require ./x.js --max_old_space_size=2048")).toEqual([]);
  });
});

describe("a worker's malloc threshold", () => {
  test("is added to its environment, unless the operator set one", () => {
    expect(workerEnv({})).toEqual({ MALLOC_MMAP_THRESHOLD_: "131072" });
    expect(workerEnv({ MALLOC_MMAP_THRESHOLD_: "65536" })).toEqual({});
  });
});
