// `npm start` builds only when there is no build or a source file is newer than it.
import { execSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

const BUILDS = ["build/index.js", "build/server.js"];
const SOURCES = ["app", "db", "server", "server.ts", "remix.config.js", "package-lock.json"];

function newestMtime(entry) {
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(entry).filter((name) => name !== "generated.css").map((name) => newestMtime(path.join(entry, name))));
}

const stale =
  !BUILDS.every(existsSync) || Math.max(...SOURCES.filter(existsSync).map(newestMtime)) > Math.min(...BUILDS.map((build) => statSync(build).mtimeMs));
if (stale) execSync("npm run build", { stdio: "inherit" });
