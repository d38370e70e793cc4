import { residentMb, type TestServer } from "./server";

export type HealthAnswer = { ms: number; status: number; at: number };

/**
 * Polls /healthz every ~50 ms, as an operator's monitor would, and samples the server's resident
 * memory, until stopped: the measure of "one request never stalls the service" (issue 11).
 */
export function watchHealth(server: TestServer) {
  const answers: HealthAnswer[] = [];
  let peakMb = residentMb(server.pid);
  let running = true;
  const startedAt = performance.now();
  const done = (async () => {
    while (running) {
      const at = performance.now();
      const res = await fetch(`${server.url}/healthz`);
      await res.arrayBuffer();
      answers.push({ ms: performance.now() - at, status: res.status, at });
      peakMb = Math.max(peakMb, residentMb(server.pid));
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  return {
    async stop() {
      const stoppedAt = performance.now();
      running = false;
      await done;
      const slowestMs = Math.max(...answers.map((a) => a.ms));
      // How long the watch went without starting a check: a count of checks would depend on how
      // long the watched work happened to take, which shrinks as the server gets faster.
      const moments = [startedAt, ...answers.map((a) => a.at).filter((at) => at < stoppedAt), stoppedAt];
      const longestGapMs = Math.max(...moments.slice(1).map((at, i) => at - moments[i]!));
      return { answers, slowestMs, longestGapMs, peakMb: Math.max(peakMb, residentMb(server.pid)) };
    },
  };
}
