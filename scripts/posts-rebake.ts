// Re-renders stored posts after a change to the Markdown pipeline (bump RENDER_VERSION first).
//   npm run posts:rebake            only posts made by an older pipeline version
//   npm run posts:rebake -- --all   every post (after a sanitiser allowlist change)
import { ConfigError } from "../app/lib/env.server";
import { rebakePosts } from "../app/models/discussions.server";

try {
  const count = rebakePosts({ all: process.argv.includes("--all") });
  console.log(`Re-rendered ${count} post${count === 1 ? "" : "s"}.`);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`Configuration error: ${error.message}`);
  process.exit(1);
}
