import { BODY_MAX_CHARS } from "~/forms/post-input";

/** Pathological Markdown for the stall tests: each input as long as a post may be (50,000 characters). */

const fill = (unit: string, length = BODY_MAX_CHARS) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
const lines = (count: number, line: (i: number) => string, length = BODY_MAX_CHARS) => {
  let out = "";
  for (let i = 0; i < count && out.length < length; i++) out += `${line(i)}\n`;
  return out.slice(0, length);
};
const words = (length: number) => fill("lorem ipsum dolor sit amet ", length);

const table = (columns: number) => {
  const head = `|${"h|".repeat(columns)}\n|${"-|".repeat(columns)}\n`;
  return head + fill(`|${"*a|".repeat(columns)}\n`, BODY_MAX_CHARS - head.length);
};

export const PATHOLOGICAL_MARKDOWN: { name: string; source: string }[] = [
  { name: "_a repeated", source: fill("_a") },
  { name: "*a repeated", source: fill("*a") },
  { name: "a_ repeated", source: fill("a_") },
  { name: "_a__ repeated", source: fill("_a__") },
  { name: "**a repeated", source: fill("**a") },
  { name: "~~a repeated", source: fill("~~a") },
  { name: "~a repeated", source: fill("~a") },
  { name: "*_*_ mix", source: fill("*_") },
  { name: "*_~ mix with spaces", source: fill("*_~ a ") },
  { name: "openers spread through text", source: fill(` _a ${words(40)}`) },
  { name: "stars spread through text", source: fill(` *a ${words(40)}`) },
  { name: "one run of stars", source: fill("*") },
  { name: "one run of underscores", source: fill("_") },
  { name: "nested emphasis around text", source: `${"*_".repeat(2_000)}${words(BODY_MAX_CHARS - 8_000)}${"_*".repeat(2_000)}` },
  { name: "> repeated with spaces", source: fill("> ") },
  { name: "> repeated", source: fill(">") },
  { name: "> - repeated", source: fill("> - ") },
  { name: "- repeated on one line", source: fill("- a ") },
  { name: "1. repeated on one line", source: fill("1. ") },
  { name: "bullet list nested by indentation", source: lines(10_000, (i) => `${"  ".repeat(i)}- a`) },
  { name: "numbered list nested by indentation", source: lines(10_000, (i) => `${"   ".repeat(i)}1. a`) },
  { name: "quote and list staircase", source: lines(10_000, (i) => `${"> ".repeat(i % 40)}- a`) },
  { name: "many list items", source: fill("- a\n") },
  { name: "alternating list depths", source: fill("- a\n  - b\n    - c\n") },
  { name: "list items with lazy lines", source: fill("- a\nb\n") },
  { name: "quotes with lazy lines", source: fill("> > a\nb\n") },
  { name: "quote and list with lazy lines", source: fill("> - a\n> > b\nc\n") },
  { name: "quotes one level deeper each line", source: lines(10_000, (i) => `${">".repeat((i % 19) + 1)} a`) },
  { name: "[ repeated", source: fill("[") },
  { name: "]( repeated", source: fill("](") },
  { name: "![ repeated", source: fill("![") },
  { name: "[a]( repeated", source: fill("[a](") },
  { name: "[a](< repeated", source: fill("[a](<") },
  { name: "nested links", source: `${"[".repeat(12_000)}a${"](b)".repeat(9_000)}`.slice(0, BODY_MAX_CHARS) },
  { name: "nested links repeated", source: fill("[[[[a](b)](c)](d)](e) ") },
  { name: "reference links", source: `${fill("[a][b] ", BODY_MAX_CHARS - 20)}\n\n[b]: https://x.y` },
  { name: "< repeated", source: fill("<") },
  { name: "<a repeated", source: fill("<a ") },
  { name: "<!-- repeated", source: fill("<!--") },
  { name: "` repeated", source: fill("`") },
  { name: "`a repeated", source: fill("`a") },
  { name: "``` lines", source: fill("```\n") },
  { name: "backslash escapes", source: fill("\\*") },
  { name: "entities", source: fill("&#1;") },
  { name: "mentions", source: fill("@ab ") },
  { name: "autolinks", source: fill("www.a") },
  { name: "headings", source: fill("# a\n") },
  { name: "setext headings", source: fill("a\n=\n") },
  { name: "table with 10 columns", source: table(10) },
  { name: "table with 100 columns", source: table(100) },
  { name: "table with 10,000 columns", source: `|${"a|".repeat(12_400)}\n|${"-|".repeat(12_400)}`.slice(0, BODY_MAX_CHARS) },
  { name: "tables of one row", source: fill("|a|b|\n|-|-|\n\n") },
];

/** The inputs that cost most or used to stall the server, for the tests that send them over HTTP. */
export const WORST_MARKDOWN = ["_a repeated", "*a repeated", "_a__ repeated", "> repeated with spaces", "> repeated", "1. repeated on one line", "bullet list nested by indentation", "many list items", "[ repeated", "![ repeated", "< repeated", "nested links repeated", "headings", "table with 10 columns"].map(
  (name) => PATHOLOGICAL_MARKDOWN.find((c) => c.name === name) ?? throwMissing(name),
);

function throwMissing(name: string): never {
  throw new Error(`no pathological input called ${name}`);
}
