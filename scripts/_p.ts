import { Marked } from "marked";
import { markdownProblem, renderMarkdownWithMentions } from "../app/lib/markdown.server";
import { PATHOLOGICAL_MARKDOWN } from "../test/helpers/markdown-corpus";
const cpu = (f: () => unknown) => { let b = 1e9; for (let i = 0; i < 4; i++) { markdownProblem("x"); const c = process.cpuUsage(); f(); const u = process.cpuUsage(c); b = Math.min(b, (u.user + u.system) / 1000); } return b.toFixed(0).padStart(4); };
const plain = new Marked({ gfm: true });
for (const { name, source: src } of PATHOLOGICAL_MARKDOWN) {
  const ok = markdownProblem(src) === null;
  console.log(name.padEnd(40), "lex", cpu(() => markdownProblem(src)), "lex+render", ok ? cpu(() => renderMarkdownWithMentions(src, () => undefined)) : "   -");
}
