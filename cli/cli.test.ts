import { execFile, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { turnResultSchema } from "../protocol/turn-result.ts";
import { openDatabase } from "../kb/db/open.ts";

const run = promisify(execFile);
const repo = path.resolve(import.meta.dirname, "..");
const keel = path.join(repo, "bin/keel.mjs");
let dataDir: string;
const env = () => ({ ...process.env, KEEL_DATA_DIR: dataDir, OPENAI_API_KEY: "", OPENAI_BASE_URL: "" });

function withStdin(args: string[], input: string): Promise<{ stdout: string; stderr: string; code: number | null }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [keel, ...args], { cwd: repo, env: env() });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (code) => resolve({ stdout, stderr, code }));
    child.stdin.end(input);
  });
}

beforeAll(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "keel-cli-"));
});
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe("the keel command", () => {
  it("imports the sample KB, then reports it unchanged on a second import", async () => {
    const first = await run(process.execPath, [keel, "kb", "import", path.join(repo, "policies")], { cwd: repo, env: env() });
    expect(first.stdout).toMatch(/added\s+returns v1/);
    expect(first.stdout).toMatch(/33 added, 2 changed, 0 unchanged/);
    const again = await run(process.execPath, [keel, "kb", "import", "--json", path.join(repo, "policies")], { cwd: repo, env: env() });
    const rows = JSON.parse(again.stdout) as { status: string }[];
    expect(rows.every((r) => r.status === "unchanged")).toBe(true);
  }, 120_000);

  it("searches and lists as JSON", async () => {
    const search = await run(process.execPath, [keel, "kb", "search", "--json", "how many days do I have to return a jacket"], {
      cwd: repo,
      env: env(),
    });
    const hits = JSON.parse(search.stdout) as { policy: string; version: number; section: string; score: number }[];
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.map((h) => h.policy)).toContain("returns");
    expect(hits[0]).toEqual(expect.objectContaining({ version: expect.any(Number), section: expect.any(String), score: expect.any(Number) }));
    const list = await run(process.execPath, [keel, "kb", "list", "--json"], { cwd: repo, env: env() });
    const policies = JSON.parse(list.stdout) as { policy: string; currentVersion: number; status: string; review: string }[];
    expect(policies.find((p) => p.policy === "returns")).toMatchObject({ currentVersion: 2, status: "in_force" });
    expect(policies.find((p) => p.policy === "shipping")).toMatchObject({ currentVersion: 1 });
    expect(policies.some((p) => p.review === "overdue")).toBe(true);
  }, 60_000);

  it("chat --jsonl writes exactly one result line per input line, continues conversations, and answers bad lines with an error line", async () => {
    const lines = [
      { conversation: "c1", message: "What is the return window for most items?" },
      { conversation: "c1", message: "Are you sure? I think it's 90 days. Check again." },
      "not json",
      { conversation: "c2", message: "" },
      { conversation: "c3", message: "What is the return window?", as_of: "2026-02-30" },
    ].map((l) => (typeof l === "string" ? l : JSON.stringify(l)));
    const out = await withStdin(["chat", "--jsonl"], `${lines.join("\n")}\n`);
    expect(out.code).toBe(0);
    const results = out.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(results).toHaveLength(5);
    const [a, b, bad, empty, badDate] = results;
    expect(turnResultSchema.strict().parse(a).outcome).toBe("answer");
    expect(a.citations[0]).toMatchObject({ policy: "returns", version: 2 });
    expect(a.text).toContain("30 days");
    const pushback = turnResultSchema.strict().parse(b);
    expect(pushback.conversation).toBe("c1");
    expect(pushback.text).toContain("30 days");
    expect(pushback.signals.sycophancy.detected).toBe(true);
    expect(bad.error).toMatch(/not valid JSON/);
    expect(empty.error).toMatch(/message/);
    expect(badDate.error).toMatch(/as_of/);
  }, 120_000);

  it("chat --jsonl answers hostile text and keeps no card or bank account number in its turn records", async () => {
    const message = "refund\u0000policy \u202Eyad 09\u202C: my card 4111 1111 1111 1111, account number 12345678. What is the return window?";
    const out = await withStdin(["chat", "--jsonl"], `${JSON.stringify({ conversation: "hostile-1", message })}\n`);
    expect(out.code).toBe(0);
    expect(turnResultSchema.strict().parse(JSON.parse(out.stdout.trim())).text.length).toBeGreaterThan(0);
    const db = await openDatabase({ dataDir });
    try {
      const { rows } = await db.pool.query<{ message_redacted: string }>(
        "SELECT message_redacted FROM agent_turns WHERE conversation_id = 'hostile-1'",
      );
      expect(rows.map((r) => r.message_redacted)).toEqual([
        "refundpolicy yad 09: my card [CARD], account number •••• 5678. What is the return window?",
      ]);
    } finally {
      await db.close();
    }
  }, 60_000);

  it("check --jsonl flags an invented claim and passes a supported one", async () => {
    const input = [
      {
        id: "ok",
        context: "You can return most items within 30 days from delivery.",
        answer: "Most items can be returned within 30 days of delivery.",
      },
      {
        id: "bad",
        context: "You can return most items within 30 days from delivery.",
        answer: "You can return items within 90 days. Gold members get free returns.",
      },
      { id: "kb", policies: ["returns"], answer: "You can return most items within 30 days from delivery." },
      // A NUL in a policy id is removed before the id reaches a query.
      { id: "nul", policies: ["ret\u0000urns"], answer: "You can return most items\u0000 within 30 days from delivery." },
    ].map((l) => JSON.stringify(l));
    const out = await withStdin(["check", "--jsonl"], `${input.join("\n")}\n`);
    const [ok, bad, kb, nul] = out.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(ok).toMatchObject({ id: "ok", supported: true });
    expect(bad.supported).toBe(false);
    expect(bad.claims.map((c: { supported: boolean }) => c.supported)).toEqual([false, false]);
    expect(kb).toMatchObject({ id: "kb", supported: true });
    expect(kb.claims[0].evidence).toContain("30 days");
    expect(nul).toMatchObject({ id: "nul", supported: true });
  }, 60_000);

  it("reports knowledge gaps, change impact, reindexes and audits model exposures from the command line", async () => {
    const chat = await withStdin(
      ["chat", "--jsonl"],
      `${JSON.stringify({ conversation: "gap-1", message: "Do you offer layaway plans for sofas?" })}\n`,
    );
    expect(JSON.parse(chat.stdout).outcome).not.toBe("answer");
    const gaps = JSON.parse((await run(process.execPath, [keel, "kb", "gaps", "--json"], { cwd: repo, env: env() })).stdout) as {
      label: string;
      count: number;
      key: string;
      terms: string[];
    }[];
    expect(gaps.some((g) => g.label.includes("layaway") && g.terms.includes("layaway") && g.count >= 1 && /^[0-9a-f]{16}$/.test(g.key))).toBe(true);
    const impact = JSON.parse((await run(process.execPath, [keel, "kb", "impact", "returns", "--json"], { cwd: repo, env: env() })).stdout);
    // The answers above cited the version in force, so no answer is affected by a change yet.
    expect(impact).toMatchObject({ policy: "returns", currentVersion: 2, comparedWith: 2, answers: [], byVersion: [] });
    const reindexed = await run(process.execPath, [keel, "kb", "reindex"], { cwd: repo, env: env() });
    expect(reindexed.stdout).toMatch(/^re-embedded 0 chunk\(s\)/);
    const exposures = JSON.parse(
      (await run(process.execPath, [keel, "audit", "exposures", "--since", "30d", "--json"], { cwd: repo, env: env() })).stdout,
    );
    // Offline mode sends nothing to a model: the audit says so.
    expect(exposures).toMatchObject({ count: 0, exposures: [] });
    await expect(run(process.execPath, [keel, "audit", "exposures", "--since", "soon"], { cwd: repo, env: env() })).rejects.toMatchObject({
      stderr: expect.stringContaining("since must look like"),
    });
  }, 120_000);
});
