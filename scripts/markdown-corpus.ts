// Prints what each pathological input of the stall tests costs (CPU ms, best of three):
// the check alone, and a whole write (check, mentions, render, sanitise, excerpt).
//   npx tsx scripts/markdown-corpus.ts
import { markdownProblem, renderMarkdownWithMentions, renderPlainExcerpt } from "../app/lib/markdown.server";
import { PATHOLOGICAL_MARKDOWN } from "../test/helpers/markdown-corpus";

function cpuMs(run: () => unknown) {
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 8; j++) markdownProblem(`unrelated ${j}`); // out of the renderer's recent sources
    const start = process.cpuUsage();
    run();
    const used = process.cpuUsage(start);
    best = Math.min(best, (used.user + used.system) / 1000);
  }
  return best.toFixed(1).padStart(6);
}

for (const { name, source } of PATHOLOGICAL_MARKDOWN) {
  const problem = markdownProblem(source);
  const check = cpuMs(() => markdownProblem(source));
  const write = cpuMs(() => {
    if (markdownProblem(source) === null) renderMarkdownWithMentions(source, () => undefined);
    renderPlainExcerpt(source, 400);
  });
  console.log(`${name.padEnd(38)} check ${check} ms  write ${write} ms  ${problem ?? "rendered"}`);
}
