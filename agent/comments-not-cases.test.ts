// The engine's comments explain its rules with invented examples, never with the eval cases'
// own words (issue 15): a comment that quotes a case's message is the trace of a rule written to
// pass that case. This reads the comments of agent/ and kb/ (tests aside) and fails, naming
// file:line, on each quoted phrase of three or more words that a case's message, claim or question
// contains. Short policy wording ("return window") is not a phrase of three words.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const ROOMS = ["agent", "kb"];
const CASES = "evals/cases";
/** Fewer words than this is wording any policy uses ("other stores"), not a case's sentence. */
const MIN_WORDS = 3;

type Case = { turns?: { message?: unknown }[]; claim?: unknown; question?: unknown };

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) return sourceFiles(rel);
    return e.name.endsWith(".ts") && !e.name.endsWith(".test.ts") ? [rel] : [];
  });
}

/** What the customer (or a checker case) says: each turn's message, and a case's claim or question. */
function caseTexts(): string[] {
  return fs
    .readdirSync(path.join(ROOT, CASES))
    .filter((f) => f.endsWith(".jsonl"))
    .flatMap((f) => fs.readFileSync(path.join(ROOT, CASES, f), "utf8").split("\n"))
    .filter((line) => line.trim())
    .flatMap((line) => {
      const c = JSON.parse(line) as Case;
      return [...(c.turns ?? []).map((t) => t.message), c.claim, c.question].filter((t): t is string => typeof t === "string");
    });
}

const normalise = (text: string) => text.toLowerCase().replace(/[‘’]/g, "'").replace(/\s+/g, " ").trim();

/** The comment text of a file as runs of consecutive comment lines, each line's text with its
 *  number, so a quote that wraps onto the next comment line is read whole. */
function commentRuns(source: string): { line: number; text: string }[][] {
  const runs: { line: number; text: string }[][] = [];
  let inBlock = false;
  let open = false;
  source.split("\n").forEach((line, i) => {
    let rest = line;
    let text = "";
    let isComment = false;
    let onlyComment = true;
    while (rest.length) {
      if (inBlock) {
        const end = rest.indexOf("*/");
        text += " " + (end < 0 ? rest : rest.slice(0, end)).replace(/^\s*\*(?!\/)/, "");
        isComment = true;
        rest = end < 0 ? "" : rest.slice(end + 2);
        inBlock = end < 0;
        continue;
      }
      const start = /(^|\s)(\/\/|\/\*)/.exec(rest);
      if (!start) {
        if (rest.trim()) onlyComment = false;
        break;
      }
      if (rest.slice(0, start.index).trim()) onlyComment = false;
      const at = start.index + start[1]!.length;
      isComment = true;
      if (start[2] === "//") {
        text += " " + rest.slice(at + 2);
        rest = "";
      } else {
        rest = rest.slice(at + 2).replace(/^\*/, "");
        inBlock = true;
      }
    }
    if (!isComment) {
      open = false;
      return;
    }
    if (!open) runs.push([]);
    runs[runs.length - 1]!.push({ line: i + 1, text });
    open = onlyComment || inBlock;
  });
  return runs;
}

/** "…", “…”, `…` and '…' (an apostrophe inside a word does not close it). */
const QUOTED = /"([^"]+)"|“([^”]+)”|`([^`]+)`|(?<!\w)'((?:[^'\n]|(?<=\w)'(?=\w))+?)'(?!\w)/g;

/** Every quote of MIN_WORDS or more words in the files' comments that some case text contains, as
 *  "file:line: quote". */
export function quotedCases(files: string[], read: (f: string) => string, cases: string[]): string[] {
  const said = cases.map(normalise).join("\n");
  return files.flatMap((file) =>
    commentRuns(read(file)).flatMap((run) => {
      let joined = "";
      const starts = run.map((part) => {
        const at = joined.length;
        joined += part.text + "\n";
        return { at, line: part.line };
      });
      return [...joined.matchAll(QUOTED)].flatMap((m) => {
        const quote = normalise((m[1] ?? m[2] ?? m[3] ?? m[4]!).replace(/^\s*(?:…|\.\.\.)|(?:…|\.\.\.)\s*$/g, ""));
        if (quote.split(" ").length < MIN_WORDS || !said.includes(quote)) return [];
        const line = starts.filter((s) => s.at <= m.index).at(-1)!.line;
        return [`${file}:${line}: "${quote}"`];
      });
    }),
  );
}

describe("comments quote no eval case", () => {
  it("no comment of the engine quotes a case's message, claim or question", () => {
    const files = ROOMS.flatMap(sourceFiles);
    const cases = caseTexts();
    expect(files.length).toBeGreaterThan(100);
    expect(cases.length).toBeGreaterThan(500);
    expect(quotedCases(files, (f) => fs.readFileSync(path.join(ROOT, f), "utf8"), cases)).toEqual([]);
  });

  it("finds a case quoted in a line or block comment, across a line break and in any case", () => {
    const code: Record<string, string> = {
      "a.ts": '// A message ("Do you sell Pet Insurance") asks about\nconst a = 1;',
      "b.ts": '/** Wrapped ("do you sell\n *  pet insurance?"), or trailing. */\nconst b = "do you sell pet insurance"; // "sell pet insurance"',
      "c.ts": '// Short wording ("pet insurance") and invented examples ("do you sell boat insurance") pass.',
    };
    expect(quotedCases(Object.keys(code), (f) => code[f]!, ["Do you sell pet insurance? My dog eats socks."])).toEqual([
      'a.ts:1: "do you sell pet insurance"',
      'b.ts:1: "do you sell pet insurance?"',
      'b.ts:3: "sell pet insurance"',
    ]);
  });
});
