// Nothing about one company lives in Keel's engine (issue 15): the vocabulary a knowledge base
// needs comes from that knowledge base or a general lexical library. This reads the product's code
// (tests aside) and fails when it names one of the eval corpora's companies — the names a rule
// written for one knowledge base would carry. The demo page and the sample KB itself may name them.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
/** The companies of the sample KB and the eval corpora (evals/corpora, ../shared/corpora). */
const COMPANIES = ["Northwind", "Brambleway", "Corvane"];
const ROOMS = ["agent", "kb", "protocol", "server", "config", "cli"];

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) return e.name === "migrations" ? [] : sourceFiles(rel);
    return /\.(?:ts|json)$/.test(e.name) && !e.name.endsWith(".test.ts") ? [rel] : [];
  });
}

export function companyMentions(files: string[], read: (f: string) => string): string[] {
  const pattern = new RegExp(`\\b(?:${COMPANIES.join("|")})\\b`, "i");
  return files.filter((f) => pattern.test(read(f)));
}

describe("company-neutral engine", () => {
  it("no file of the engine names a company of the eval corpora", () => {
    const files = ROOMS.flatMap(sourceFiles);
    expect(files.length).toBeGreaterThan(100);
    expect(companyMentions(files, (f) => fs.readFileSync(path.join(ROOT, f), "utf8"))).toEqual([]);
  });

  it("finds a company named in code, in any case", () => {
    const code: Record<string, string> = { "a.ts": 'const FRAMING = ["northwind", "policy"];', "b.ts": "const ok = 1;" };
    expect(companyMentions(Object.keys(code), (f) => code[f]!)).toEqual(["a.ts"]);
  });
});
