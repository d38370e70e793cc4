// Summarises a V8 CPU profile (from `BENCH_CPU_PROF=dir npm run bench`, or node --cpu-prof):
// share of the busy CPU (idle excluded) by package and by function, self time.
//   npx tsx scripts/cpu-profile.ts /tmp/prof/CPU.….cpuprofile [rows]
import { readFileSync } from "node:fs";

type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number };
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[] };

const [file, rowsArg] = process.argv.slice(2);
if (!file) throw new Error("usage: tsx scripts/cpu-profile.ts <file.cpuprofile> [rows]");
const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
const rows = Number(rowsArg ?? 25);

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const selfUs = new Map<number, number>();
profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));

function packageOf(node: Node) {
  const { url, functionName } = node.callFrame;
  if (!url) return functionName.startsWith("(") ? functionName : "(native)";
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1]!;
  if (url.startsWith("node:")) return "node:*";
  if (url.includes("/build/")) return "app (build/)";
  return url.replace(/^file:\/\//, "");
}

const packages = new Map<string, number>();
const functions = new Map<string, number>();
let busy = 0;
for (const [id, us] of selfUs) {
  const node = byId.get(id)!;
  if (node.callFrame.functionName === "(idle)") continue;
  busy += us;
  const pkg = packageOf(node);
  packages.set(pkg, (packages.get(pkg) ?? 0) + us);
  const fn = `${node.callFrame.functionName || "(anonymous)"} ${pkg}:${node.callFrame.lineNumber + 1}`;
  functions.set(fn, (functions.get(fn) ?? 0) + us);
}
const pct = (us: number) => `${((100 * us) / busy).toFixed(1).padStart(5)}%`;
console.log(`busy CPU ${(busy / 1e6).toFixed(1)} s\n\nby package (self time)`);
for (const [name, us] of [...packages].sort((a, b) => b[1] - a[1]).slice(0, rows)) console.log(`${pct(us)}  ${name}`);
console.log("\nby function (self time)");
for (const [name, us] of [...functions].sort((a, b) => b[1] - a[1]).slice(0, rows)) console.log(`${pct(us)}  ${name}`);
