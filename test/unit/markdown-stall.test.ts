/**
 * Pathological Markdown at the largest length each field allows (issue 11, item 2): every input
 * either renders within a generous bound or is refused with a message, and nothing overflows
 * the stack. The real figures: `npx tsx scripts/markdown-corpus.ts`.
 */
import { describe, expect, test } from "vitest";
import { extractMentions, markdownProblem, renderMarkdown, renderPlainExcerpt } from "~/lib/markdown.server";
import { BODY_MAX_CHARS } from "~/forms/post-input";
import { PATHOLOGICAL_MARKDOWN } from "../helpers/markdown-corpus";

const BOUND_MS = 500;

/** The renderer remembers the last few sources it lexed; these push the corpus input out. */
function forgetRecentSources() {
  for (let i = 0; i < 8; i++) markdownProblem(`unrelated ${i}`);
}

/**
 * CPU time (not wall time, which other processes on a shared machine inflate), the better of
 * two runs so the JIT's first compile of a new shape does not count.
 */
function timed<T>(run: () => T): { ms: number; value: T } {
  let best = Infinity;
  let value!: T;
  for (let i = 0; i < 2; i++) {
    forgetRecentSources();
    const start = process.cpuUsage();
    value = run();
    const used = process.cpuUsage(start);
    best = Math.min(best, (used.user + used.system) / 1000);
  }
  return { ms: best, value };
}

describe("pathological Markdown at the maximum length", () => {
  for (const { name, source } of PATHOLOGICAL_MARKDOWN) {
    test(`${name} (${source.length.toLocaleString("en-GB")} characters) renders quickly or is refused with a message`, () => {
      // Everything a write does: check, collect mentions, render, and the plain-text excerpt.
      const { ms, value: problem } = timed(() => {
        const found = markdownProblem(source);
        if (found === null) {
          extractMentions(source);
          renderMarkdown(source, { mentionHref: (h) => `/members/${h}` });
        }
        renderPlainExcerpt(source, 400);
        return found;
      });
      expect(ms).toBeLessThan(BOUND_MS);
      if (problem !== null) {
        expect(problem).toMatch(/^[A-Z].{20,}[^.]$/);
        expect(() => renderMarkdown(source)).toThrow(problem);
      }
    });
  }
});

describe("the inputs of the issue are refused with what to change", () => {
  test("emphasis delimiters", () => {
    expect(markdownProblem("_a".repeat(25_000))).toMatch(/\*, _ or ~/);
    expect(markdownProblem("*a".repeat(25_000))).toMatch(/\*, _ or ~/);
  });

  test("quotes nested 25,000 deep", () => {
    expect(markdownProblem("> ".repeat(25_000))).toBe("Quotes and lists can be nested at most 20 deep");
    expect(markdownProblem(">".repeat(BODY_MAX_CHARS))).toBe("Quotes and lists can be nested at most 20 deep");
    expect(renderPlainExcerpt(`${"> ".repeat(30)}deep words`)).toContain("deep words");
  });
});

describe("ordinary Markdown is untouched", () => {
  test("quotes and lists 20 deep render", () => {
    expect(markdownProblem(`${"> ".repeat(20)}deep`)).toBeNull();
    expect(renderMarkdown(`${"> ".repeat(20)}deep`)).toContain("<p>deep</p>");
    const list = Array.from({ length: 20 }, (_, i) => `${"  ".repeat(i)}- level ${i + 1}`).join("\n");
    expect(markdownProblem(list)).toBeNull();
    expect(renderMarkdown(list)).toContain("level 20");
    expect(markdownProblem(`${list}\n${"  ".repeat(20)}- level 21`)).toBe("Quotes and lists can be nested at most 20 deep");
  });

  test("a long post full of ordinary emphasis, links, code and tables", () => {
    const paragraph = "Some *emphasis*, **strong** and _underscored_ words, ~~struck~~, a [link](https://example.com) and `code_with_underscores * stars`.";
    const table = "| Force | Officers |\n|:--|--:|\n" + "| **Kent** | _3,800_ |\n".repeat(40);
    const source = `${`${paragraph}\n\n`.repeat(150)}${table}`.slice(0, BODY_MAX_CHARS);
    expect(markdownProblem(source)).toBeNull();
    expect(renderMarkdown(source)).toContain("<em>emphasis</em>");
  });

  test("a quoted list whose wrapped lines lack the >", () => {
    const quoted = Array.from({ length: 40 }, (_, i) => `> - item ${i} of a list pasted from an e-mail,\nwrapped without its quote marker`).join("\n");
    expect(markdownProblem(quoted)).toBeNull();
    expect(renderMarkdown(quoted)).toContain("item 39");
  });

  test("many stars inside code are not counted", () => {
    const code = "```\n" + "SELECT * FROM a_b_c WHERE x = '*_*';\n".repeat(1_000) + "```";
    expect(markdownProblem(code)).toBeNull();
    expect(markdownProblem(`\`${"*_".repeat(5_000)}\``)).toBeNull();
  });
});
