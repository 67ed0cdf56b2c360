// Regression replay catches a changed answer and a new refusal before a version takes effect,
// and publishes nothing while doing it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readConfig } from "../../config/env.ts";
import { saveDraft } from "../../kb/authoring/drafts.ts";
import type { Database } from "../../kb/db/open.ts";
import { freshDatabase } from "../../test-support/database.ts";
import { OfflineEmbedder } from "../../kb/embed/offline.ts";
import { importPaths } from "../../kb/import.ts";
import { searchChunks } from "../../kb/search.ts";
import { writeKb } from "../../test-support/server.ts";
import { createAgent } from "../create-agent.ts";
import { replayVersion } from "./replay.ts";
import { returnsPolicy } from "../../test-support/policies.ts";

const embedder = new OfflineEmbedder();
const config = readConfig({ KEEL_DATA_DIR: "memory://", OPENAI_API_KEY: "", OPENAI_BASE_URL: "" });
let db: Database;

beforeAll(async () => {
  db = await freshDatabase();
  await importPaths(db.pool, embedder, [await writeKb()], "import");
  const agent = await createAgent({ pool: db.pool, embedder, config, log: () => undefined });
  await agent.turn({ conversation: "c1", message: "How many days do I have to return unworn items?" });
  await agent.turn({ conversation: "c2", message: "How much is a return label?" });
}, 60_000);
afterAll(async () => {
  await db?.close();
});

describe("regression replay", () => {
  it("shows a changed answer and a new refusal for a draft, without publishing it", async () => {
    const { version } = await saveDraft(
      db.pool,
      embedder,
      "returns",
      returnsPolicy("You can return unworn items within 14 days of delivery for a full refund.", ""),
      "owner",
    );
    const replay = await replayVersion({ pool: db.pool, embedder, config, policy: "returns", version: version.version });
    const window = replay.items.find((i) => i.question.includes("How many days"))!;
    expect(window.change).toBe("changed");
    expect(window.before.text).toContain("30 days");
    expect(window.after.text).toContain("14 days");
    expect(window.after.citations[0]).toMatchObject({ policy: "returns", version: version.version });
    const label = replay.items.find((i) => i.question.includes("return label"))!;
    expect(label.before.outcome).toBe("answer");
    expect(label.change).toMatch(/now_refused|now_handed_off/);
    expect(replay.changed).toBe(2);
    // Nothing was published: today's answer still comes from version 1.
    const hits = await searchChunks(db.pool, embedder, "how many days to return unworn items");
    expect(hits[0]).toMatchObject({ policy: "returns", version: 1 });
    const { rows } = await db.pool.query("SELECT status FROM policy_versions WHERE policy_id = 'returns' AND version = $1", [version.version]);
    expect(rows[0].status).toBe("draft");
  }, 60_000);

  it("reports no change for an edit that does not change any answer", async () => {
    const withQuestion = returnsPolicy("You can return unworn items within 30 days of delivery for a full refund.").replace(
      "title: Returns\n",
      "title: Returns\nquestions:\n  - Can I return shoes I wore once?\n",
    );
    const { version } = await saveDraft(db.pool, embedder, "returns", withQuestion + "\n## Contact\nWrite to returns@example.com.\n", "owner");
    const replay = await replayVersion({
      pool: db.pool,
      embedder,
      config,
      policy: "returns",
      version: version.version,
      extraQuestions: ["Do orders over $49 ship free?"],
    });
    expect(replay.items.find((i) => i.source === "eval")!.question).toContain("$49");
    // The questions the policy's owners wrote in its front matter are replayed too.
    const { rows: authored } = await db.pool.query<{ q: string }>(
      "SELECT DISTINCT jsonb_array_elements_text(questions) AS q FROM policy_versions WHERE policy_id = 'returns'",
    );
    expect(authored.map((r) => r.q)).toContain("Can I return shoes I wore once?");
    for (const { q } of authored) expect(replay.items.find((i) => i.question === q)?.source).toBe("authored");
    expect(replay.items.length).toBe(3 + authored.length);
    expect(replay.items.filter((i) => i.question.includes("How many days")).map((i) => i.change)).toEqual(["same"]);
  }, 60_000);
});
