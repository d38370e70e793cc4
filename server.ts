import cluster from "node:cluster";
import { readdirSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import compression from "compression";
import express from "express";
import type { ServerBuild } from "@remix-run/node";
import { ConfigError, config, type Config } from "./app/lib/env.server";
import { startMailSender } from "./app/lib/mail-sender.server";
import { forgetSharedRankings } from "./app/models/search-rankings.server";
import { projectRoot } from "./app/lib/project-root.server";
import { openDatabase } from "./db/client.server";
import { migrateDatabase } from "./db/migrate.server";
import { keepPlannerStatisticsCurrent, refreshPlannerStatistics } from "./db/statistics.server";
import { seed } from "./db/seed/index";
import { createAppServer } from "./server/app-server";
import { refuseDeclaredTooLarge } from "./server/body-limit";
import { keepConnectionsUsable } from "./server/early-answers";
import { remixHandler } from "./server/remix-handler";
import { createRequestPacing } from "./server/request-pacing";
import { refuseCrossSite } from "./server/same-origin";
import { securityHeaders } from "./server/security-headers";
import { workerEnv, workerExecArgv } from "./server/worker-heap";

// This file runs as build/server.js (bundled by `npm run build`) and, in tests and `npm run dev`, as itself.
const root = projectRoot(import.meta.url);

/** The app's stylesheets (fingerprinted), for pages written before Remix runs, such as the 413 page. */
function stylesheetsOf(build: ServerBuild) {
  const links = build.routes.root?.module.links?.() ?? [];
  return links.flatMap((link) => ("rel" in link && link.rel === "stylesheet" && typeof link.href === "string" ? [link.href] : []));
}

export async function createApp(cfg: Config) {
  const build = (await import(pathToFileURL(path.join(root, "build/index.js")).href)) as ServerBuild;
  const stylesheets = stylesheetsOf(build);
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", cfg.trustProxy);
  // Before the pacing, so its "busy" answer also carries the headers and leaves the connection usable.
  app.use(securityHeaders);
  app.use(keepConnectionsUsable);
  app.use(createRequestPacing({ maxWaiting: cfg.requestQueueLimit }));
  // Level 4 keeps most of the size saving of the default 6 at about half the CPU per page.
  app.use(compression({ level: 4 }));
  // Remix fingerprints everything under /build, so it may be cached for good.
  app.use("/build", express.static(path.join(root, "public/build"), { immutable: true, maxAge: "1y" }));
  // Mounted on its own because express.static hides dotfiles, and only this one is meant to be public.
  app.use("/.well-known", express.static(path.join(root, "public/.well-known"), { maxAge: "1h" }));
  // Only names that exist in public/ go to the disk: mounted on every path, static serving cost each
  // page a failed file lookup and the error object it throws.
  const publicDir = path.join(root, "public");
  const publicNames = new Set(readdirSync(publicDir).filter((name) => !name.startsWith(".")));
  const servePublic = express.static(publicDir, { maxAge: "1h" });
  app.use((req, res, next) => (publicNames.has(req.path.split("/")[1] ?? "") ? servePublic(req, res, next) : next()));
  app.use(refuseDeclaredTooLarge(cfg, stylesheets));
  app.use(refuseCrossSite(cfg));
  app.all("*", remixHandler(build, cfg, stylesheets));
  return app;
}

/**
 * Migrates, seeds a database that was empty before this start, refreshes the query planner's
 * statistics and forgets the last run's shared search rankings.
 */
export async function prepareDatabase(cfg: Config) {
  forgetSharedRankings(cfg.databasePath);
  const database = openDatabase(cfg.databasePath);
  try {
    const isNew = !database.$client.prepare("SELECT 1 FROM sqlite_master WHERE name = 'organisations'").get();
    migrateDatabase(database);
    if (isNew) await seed(database, { demo: cfg.demoData });
    if (!refreshPlannerStatistics(database.$client)) console.warn("The query planner's statistics were not refreshed: another process kept the database busy. They will be at the next start.");
  } finally {
    database.$client.close();
  }
}

/**
 * Hourly, in the process that prepared the database (the primary, which serves no requests, when
 * there are workers): statistics for the tables grown tenfold since theirs were taken.
 */
function keepStatisticsCurrent(cfg: Config) {
  setInterval(() => {
    try {
      const database = openDatabase(cfg.databasePath);
      try {
        keepPlannerStatisticsCurrent(database.$client);
      } finally {
        database.$client.close();
      }
    } catch (error) {
      console.error("The query planner's statistics could not be checked:", error);
    }
  }, STATISTICS_CHECK_MS).unref();
}

const STATISTICS_CHECK_MS = 60 * 60 * 1000;

async function main() {
  let cfg: Config;
  try {
    cfg = config();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Configuration error: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  // React and Remix pick their production builds from NODE_ENV when the app is first loaded.
  process.env.NODE_ENV = cfg.nodeEnv;
  if (cluster.isPrimary && cfg.webConcurrency > 1) return runPrimary(cfg);
  if (cluster.isPrimary) {
    await prepareDatabase(cfg);
    keepStatisticsCurrent(cfg);
  }
  await serve(cfg);
}

/**
 * WEB_CONCURRENCY > 1: migrates and seeds once, then forks that many workers sharing the port
 * (the primary hands out connections in turn) and the SQLite file (WAL: readers never wait for
 * each other), each with a 1 GB heap limit and glibc's mmap threshold held (server/worker-heap.ts).
 * A worker that dies is replaced after a short pause, so a crash loop cannot spin.
 */
async function runPrimary(cfg: Config) {
  await prepareDatabase(cfg);
  keepStatisticsCurrent(cfg);
  let stopping = false;
  let listening = 0;
  cluster.setupPrimary({ execArgv: workerExecArgv(process.execArgv) });
  const fork = () => cluster.fork(workerEnv());
  cluster.on("listening", (_worker, address) => {
    // One line once every worker serves, as a single process prints once.
    if (++listening === cfg.webConcurrency) console.log(`Partnering Exchange listening on http://${cfg.host}:${address.port} (${cfg.webConcurrency} worker processes)`);
  });
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) return;
    console.error(`Worker ${worker.process.pid} stopped (${signal ?? `exit code ${code}`}); starting another`);
    setTimeout(fork, 1000);
  });
  for (let i = 0; i < cfg.webConcurrency; i++) fork();
  const stop = () => {
    stopping = true;
    const workers = Object.values(cluster.workers ?? {});
    let left = workers.length;
    if (left === 0) process.exit(0);
    for (const worker of workers) {
      worker!.once("exit", () => --left === 0 && process.exit(0));
      worker!.process.kill("SIGTERM");
    }
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

/** One process serving requests: the only one, or a cluster worker. */
async function serve(cfg: Config) {
  const app = await createApp(cfg);
  let mailSender: ReturnType<typeof startMailSender> | undefined;
  const server = createAppServer(app).listen(cfg.port, cfg.host, () => {
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : cfg.port;
    if (cluster.isPrimary) console.log(`Partnering Exchange listening on http://${cfg.host}:${port}`);
    // Delivers the mail outbox, including whatever a crash left queued. Every worker runs one:
    // claims keep them from sending a message twice, and each is woken by mail its requests queue.
    mailSender = startMailSender();
  });
  const stop = () => {
    void Promise.all([mailSender?.stop(), new Promise((resolve) => server.close(resolve))]).then(() => process.exit(0));
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
