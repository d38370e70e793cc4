// `npm start` builds only when there is no build or a source file is newer than it.
import { execSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

const BUILD = "build/index.js";
const SOURCES = ["app", "db", "remix.config.js", "package-lock.json"];

function newestMtime(entry) {
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(entry).filter((name) => name !== "generated.css").map((name) => newestMtime(path.join(entry, name))));
}

const stale = !existsSync(BUILD) || Math.max(...SOURCES.filter(existsSync).map(newestMtime)) > statSync(BUILD).mtimeMs;
if (stale) execSync("npm run build", { stdio: "inherit" });
