import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "../..");
/** What `npm start` runs: server.ts bundled by `npm run build`, which `npm test` runs first. */
const SERVER = path.join(ROOT, "build/server.js");

/** Vitest puts Vite's BASE_URL ("/") into process.env; the server must not inherit it. */
function inheritedEnv() {
  const { BASE_URL: _viteBase, ...env } = process.env;
  return env;
}

/**
 * Runs a script (`tsx scripts/…`) against a test server's data folder with the environment the
 * server itself got, as an operator's cron job would; resolves with its exit code and output.
 */
export function runScript(server: Pick<TestServer, "dataDir">, script: string, env: Record<string, string> = {}) {
  return new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawn(path.join(ROOT, "node_modules/.bin/tsx"), [script], {
      cwd: ROOT,
      env: { ...inheritedEnv(), NODE_ENV: "production", PORT: "0", HOST: "127.0.0.1", DATA_DIR: server.dataDir, RATE_LIMIT_SCALE: "100", MAIL_BATCH_SECONDS: "0", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout!.on("data", (d) => (output += d));
    child.stderr!.on("data", (d) => (output += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

export type TestServer = {
  url: string;
  dataDir: string;
  /** The process that runs the server (any cluster workers are its children), for /proc. */
  pid: number;
  output: () => string;
  stop: () => Promise<void>;
  /** SIGKILL, as a crash or the OOM killer would: no shutdown code runs. */
  kill: () => Promise<void>;
};

function freePort() {
  return new Promise<number>((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Starts the real server (`node build/server.js`, as `npm start` does after the build) on a free
 * port against a new data folder (or `options.dataDir`, to restart on the same data), and
 * resolves once it is listening. BASE_URL is the address tests use, as in production, because the
 * server checks Origin against it; another process taking the port in between is retried.
 */
export async function startTestServer(env: Record<string, string> = {}, options: { dataDir?: string; nodeArgs?: string[] } = {}): Promise<TestServer> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    try {
      return await startOnPort(port, { BASE_URL: `http://127.0.0.1:${port}`, ...env }, options);
    } catch (error) {
      if (attempt >= 3 || !/EADDRINUSE/.test(String(error))) throw error;
    }
  }
}

async function startOnPort(port: number, env: Record<string, string>, options: { dataDir?: string; nodeArgs?: string[] }): Promise<TestServer> {
  const dataDir = options.dataDir ?? mkdtempSync(path.join(tmpdir(), "exchange-server-"));
  // nodeArgs: flags Node refuses in NODE_OPTIONS, such as --cpu-prof.
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), SERVER], {
    cwd: ROOT,
    env: { ...inheritedEnv(), NODE_ENV: "production", PORT: String(port), HOST: "127.0.0.1", DATA_DIR: dataDir, RATE_LIMIT_SCALE: "100", MAIL_BATCH_SECONDS: "0", WEB_CONCURRENCY: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
    // Its own process group, so a SIGKILL reaches any cluster workers too, as the OOM killer's would.
    detached: true,
  });
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 45_000);
    child.stdout!.on("data", () => {
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output}`));
    });
  });
  return { url, dataDir, pid: child.pid!, output: () => output, stop: () => stopChild(child), kill: () => stopChild(child, "SIGKILL") };
}

/** A process's resident memory in MB (VmRSS from /proc; threads, workers included). */
export function residentMb(pid: number) {
  const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  if (!match) throw new Error(`no VmRSS for ${pid}`);
  return Number(match[1]) / 1024;
}

function stopChild(child: ChildProcess, signal: NodeJS.Signals = "SIGTERM") {
  return new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.on("exit", () => resolve());
    if (signal === "SIGKILL") process.kill(-child.pid!, signal);
    else child.kill(signal);
  });
}

/** Runs the server to completion (for start-up failures) and returns its exit code and output. */
export function runServerExpectingExit(env: Record<string, string>) {
  const dataDir = mkdtempSync(path.join(tmpdir(), "exchange-server-"));
  return new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawn(process.execPath, [SERVER], {
      cwd: ROOT,
      env: { ...inheritedEnv(), DATA_DIR: dataDir, PORT: "0", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout!.on("data", (d) => (output += d));
    child.stderr!.on("data", (d) => (output += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

export type ServerProcess = { pid: number; rssMb: number; clusterWorker: boolean };

/**
 * Every process of a test server (the server and any WEB_CONCURRENCY workers) with
 * its resident memory; node:cluster marks its workers with NODE_UNIQUE_ID in their environment.
 */
export function serverProcesses(server: Pick<TestServer, "pid">): ServerProcess[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // ended while we looked
    }
  }
  const out: ServerProcess[] = [];
  const walk = (pid: number) => {
    try {
      const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
      const clusterWorker = readFileSync(`/proc/${pid}/environ`, "utf8").split("\0").some((v) => v.startsWith("NODE_UNIQUE_ID="));
      out.push({ pid, rssMb: kb / 1024, clusterWorker });
    } catch {
      return;
    }
    for (const child of children.get(pid) ?? []) walk(child);
  };
  walk(server.pid);
  return out;
}
