import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The folder holding package.json, found from a module's own place: the same module runs from its
 * source (vitest, scripts), from build/index.js (the Remix build) and from build/server.js (the
 * server's bundle), so a path relative to the module alone would differ between them.
 */
export function projectRoot(moduleUrl: string) {
  let dir = path.dirname(fileURLToPath(moduleUrl));
  for (let i = 0; i < 5; i++) {
    if (existsSync(path.join(dir, "package.json"))) return dir;
    dir = path.dirname(dir);
  }
  return process.cwd();
}
