// What `keel --version`, `keel kb list` and `keel kb search` print for a person: headers, whole
// sentences, plain relevance labels, superseded and scheduled versions, and hints when empty.
// Each command starts Node, tsx and the embedded database: several seconds on a shared machine,
// hence the long timeouts.
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { excerpt, relevanceLabel, table } from "./kb-format.ts";

const run = promisify(execFile);
const repo = path.resolve(import.meta.dirname, "..");
let dataDir: string;
let policiesDir: string;
const keel = async (...args: string[]) =>
  (
    await run(process.execPath, [path.join(repo, "bin/keel.mjs"), ...args], {
      cwd: repo,
      env: { ...process.env, KEEL_DATA_DIR: dataDir, OPENAI_API_KEY: "", OPENAI_BASE_URL: "", DATABASE_URL: "" },
    })
  ).stdout;

const returns = (from: string, days: number) => `---
id: returns
title: Returns
effective_from: ${from}
review_by: 2999-01-01
---
# Returns
## Return window
Unworn items can be returned within ${days} days of delivery. Refunds go back to the original payment method within 5 business days of receiving the return. Gift receipts get store credit instead, which never expires and can be used online or in any store.
`;

function writePolicy(name: string, body: string): string {
  const dir = fs.mkdtempSync(path.join(policiesDir, "v-"));
  fs.writeFileSync(path.join(dir, name), body);
  return dir;
}

beforeAll(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "keel-cli-out-"));
  policiesDir = fs.mkdtempSync(path.join(os.tmpdir(), "keel-cli-policies-"));
});
afterAll(() => {
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(policiesDir, { recursive: true, force: true });
});

describe("keel's terminal output", () => {
  it("prints its version", async () => {
    const { version } = JSON.parse(fs.readFileSync(path.join(repo, "package.json"), "utf8")) as { version: string };
    expect((await keel("--version")).trim()).toBe(version);
  }, 60_000);

  it("on an empty data folder, list and search say how to import policies", async () => {
    expect(await keel("kb", "list")).toContain("No policies yet — run `keel kb import policies`");
    expect(await keel("kb", "search", "how long do I have to return a jacket")).toContain("No policies yet — run `keel kb import policies`");
  }, 180_000);

  it("lists policies under headers, with superseded and scheduled versions", async () => {
    await keel("kb", "import", writePolicy("returns.md", returns("2024-01-01", 30)));
    await keel("kb", "import", writePolicy("returns.md", returns("2025-01-01", 45)));
    await keel("kb", "import", writePolicy("returns.md", returns("2999-01-01", 60)));
    const lines = (await keel("kb", "list")).trimEnd().split("\n");
    expect(lines[0]).toMatch(/^POLICY\s+IN FORCE\s+STATUS\s+EFFECTIVE\s+REVIEW BY\s+OTHER VERSIONS$/);
    expect(lines[1]).toMatch(/^returns\s+v2\s+in force\s+2025-01-01 → open\s+2999-01-01\s+v1 superseded; v3 scheduled from 2999-01-01$/);
    expect(lines.at(-1)).toBe("1 policy");
  }, 300_000);

  it("searches with whole sentences and a plain relevance label instead of a fusion score", async () => {
    const out = await keel("kb", "search", "-k", "1", "how many days do I have to return unworn items");
    const [head, text] = out.trimEnd().split("\n");
    expect(head).toBe("1. Returns › Return window  (returns v2) — high relevance (matches words and meaning)");
    expect(out).not.toMatch(/score|0\.0\d/);
    // Whole sentences that fit in 240 characters, and a mark that more follow.
    expect(text).toBe(
      "   Unworn items can be returned within 45 days of delivery. Refunds go back to the original payment method within 5 business days of receiving the return. …",
    );
    const json = JSON.parse(await keel("kb", "search", "--json", "-k", "1", "return unworn items")) as { relevance: string; score: number }[];
    expect(json[0]).toMatchObject({ relevance: expect.stringMatching(/^high relevance/), score: expect.any(Number) });
  }, 180_000);
});

describe("formatting", () => {
  it("never cuts a sentence, and keeps one long sentence whole", () => {
    expect(excerpt("# Title\nOne short one. Two short ones. Three.", 32)).toBe("One short one. Two short ones. …");
    const long = `${"word ".repeat(80).trim()}.`;
    expect(excerpt(long, 50)).toBe(long);
  });

  it("labels relevance against the best passage and says what matched", () => {
    expect(relevanceLabel({ score: 0.03, lexical: 0.1, semantic: 0.6 }, 0.03)).toBe("high relevance (matches words and meaning)");
    expect(relevanceLabel({ score: 0.016, lexical: 0, semantic: 0.5 }, 0.03)).toBe("medium relevance (matches meaning only)");
    expect(relevanceLabel({ score: 0.005, lexical: 0.2, semantic: 0.1 }, 0.03)).toBe("low relevance (matches words)");
  });

  it("pads columns under their headers", () => {
    expect(
      table(
        ["A", "BB"],
        [
          ["xxx", "y"],
          ["z", "w"],
        ],
      ),
    ).toEqual(["A    BB", "xxx  y", "z    w"]);
  });
});
