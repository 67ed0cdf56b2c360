// `keel insights --json` prints what GET /api/v1/insights returns, counting the demo history the
// demo start seeds; bad dates fail with a message; the demo history never goes into a real folder.
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readConfig } from "../config/env.ts";
import { OfflineEmbedder } from "../kb/embed/offline.ts";
import { importPaths } from "../kb/import.ts";
import { openKnowledgeBase } from "../kb/index.ts";
import { createStaff } from "../server/auth/staff-store.ts";
import { prepareDemo } from "../server/demo.ts";
import { NotADemoFolder, seedDemoHistory, type DemoHistory } from "../server/insights/demo-history.ts";
import { insightsSchema, type Insights } from "../protocol/insights.ts";
import { computeInsights } from "../server/insights/insights.ts";
import { writeKb } from "../test-support/server.ts";

const run = promisify(execFile);
const repo = path.resolve(import.meta.dirname, "..");
const keel = path.join(repo, "bin/keel.mjs");
const NOW = new Date("2026-11-20T15:00:00Z");
const FROM = "2026-10-01";
const TO = "2026-11-20";
let dataDir: string;
let seeded: DemoHistory;
let expected: Insights;
const env = () => ({ ...process.env, KEEL_DATA_DIR: dataDir, OPENAI_API_KEY: "", OPENAI_BASE_URL: "", KEEL_LOG_LEVEL: "silent" });

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "keel-insights-"));
  const kb = await openKnowledgeBase(readConfig({ KEEL_DATA_DIR: dataDir }));
  try {
    await importPaths(kb.db.pool, new OfflineEmbedder(), [await writeKb()], "import");
    await prepareDemo(kb.db.pool);
    seeded = await seedDemoHistory(kb.db.pool, { now: NOW, seed: 7, days: 28 });
    expected = await computeInsights(kb.db.pool, { from: FROM, to: TO });
  } finally {
    await kb.db.close();
  }
}, 120_000);
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe("keel insights", () => {
  it("--json prints the API's object, counting every seeded demo conversation and rating", async () => {
    const { stdout } = await run(process.execPath, [keel, "insights", "--from", FROM, "--to", TO, "--json"], { cwd: repo, env: env() });
    const got = insightsSchema.parse(JSON.parse(stdout));
    expect(got).toEqual(expected);
    expect(got.totals.conversations).toBe(seeded.conversations);
    expect(got.totals.demo_conversations).toBe(seeded.conversations);
    expect(got.totals.ratings.count).toBe(seeded.ratings);
    expect(got.weeks.reduce((n, w) => n + w.conversations, 0)).toBe(seeded.conversations);
    // The history is varied enough to draw: answers, refusals, handoffs, premises caught, ratings both ways.
    for (const key of ["answered", "refused", "handoffs", "resolved_without_human", "repeat_contacts", "false_premises", "pushback_held"] as const) {
      expect(got.totals[key], key).toBeGreaterThan(0);
    }
    expect(got.totals.ratings.helpful).toBeGreaterThan(0);
    expect(got.totals.ratings.helpful).toBeLessThan(got.totals.ratings.count);
    expect(got.totals.median_first_human_reply_seconds).toBeGreaterThan(0);
    expect(got.policies.map((p) => p.policy)).toContain("returns");
    // Weeks before the history began are there, and empty.
    expect(got.weeks[0]).toMatchObject({ week: "2026-09-28", conversations: 0 });
  }, 60_000);

  it("prints a table without --json, and refuses bad dates with a message", async () => {
    const { stdout } = await run(process.execPath, [keel, "insights", "--from", "2026-11-01", "--to", TO], { cwd: repo, env: env() });
    expect(stdout).toMatch(/^Insights 2026-11-01 → 2026-11-20 \(\d+ demo conversations\)/);
    expect(stdout).toMatch(/\ntotal\s+\d+/);
    for (const args of [
      ["--from", "2026-02-30"],
      ["--from", "2026-11-02", "--to", "2026-11-01"],
      ["--to", "tomorrow"],
    ]) {
      const failed = await run(process.execPath, [keel, "insights", "--json", ...args], { cwd: repo, env: env() }).then(
        () => null,
        (e: { code: number; stderr: string }) => e,
      );
      expect(failed, args.join(" ")).not.toBeNull();
      expect(failed!.code).toBe(1);
      expect(failed!.stderr).toMatch(/keel: bad date range: --(from|to) /);
    }
  }, 60_000);

  it("marks the demo history, replaces it on the next demo start, and never seeds beside real staff", async () => {
    const kb = await openKnowledgeBase(readConfig({ KEEL_DATA_DIR: dataDir }));
    try {
      const { rows } = await kb.db.pool.query(
        "SELECT count(*)::int AS n, bool_and(demo) AS demo, bool_and(site = 'demo') AS site FROM conversations",
      );
      expect(rows[0]).toEqual({ n: seeded.conversations, demo: true, site: true });
      const again = await seedDemoHistory(kb.db.pool, { now: NOW, seed: 7, days: 28 });
      expect(again).toEqual(seeded);
      expect((await kb.db.pool.query("SELECT count(*)::int AS n FROM conversations")).rows[0].n).toBe(seeded.conversations);

      await createStaff(kb.db.pool, { email: "real.person@company.example", role: "agent", password: "correct horse battery" });
      await expect(seedDemoHistory(kb.db.pool, { now: NOW })).rejects.toThrow(NotADemoFolder);
      await expect(seedDemoHistory(kb.db.pool, { now: NOW })).rejects.toThrow(/1 staff account\(s\) not created by the demo/);
      expect((await kb.db.pool.query("SELECT count(*)::int AS n FROM conversations")).rows[0].n).toBe(seeded.conversations);
    } finally {
      await kb.db.close();
    }
  }, 60_000);
});
