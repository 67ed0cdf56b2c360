// The warm-up runs made-up messages through the graph before the first turn. It must leave no
// trace a customer, an agent or an auditor could see (no conversation, turn record or model
// exposure), never call the chat model even when one is configured, and leave the agent answering
// as it would have without it.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readConfig } from "../config/env.ts";
import type { Database } from "../kb/db/open.ts";
import { OfflineEmbedder } from "../kb/embed/offline.ts";
import { importPaths } from "../kb/import.ts";
import { freshDatabase } from "../test-support/database.ts";
import { startFakeOpenAI, type FakeOpenAI } from "../test-support/fake-openai.ts";
import { returnsPolicy, SHIPPING_POLICY } from "../test-support/policies.ts";
import { createAgent } from "./create-agent.ts";
import { WARM_UP_MESSAGES } from "./warm-up.ts";

const embedder = new OfflineEmbedder();
let dir: string;
let db: Database;
let fake: FakeOpenAI;

/** Rows in every table a turn or a model call writes to. */
async function traces(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of ["agent_turns", "conversation_memory", "llm_exposures"]) {
    out[table] = (await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]!.n;
  }
  return out;
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "keel-warm-"));
  fs.writeFileSync(path.join(dir, "returns.md"), returnsPolicy());
  fs.writeFileSync(path.join(dir, "shipping.md"), SHIPPING_POLICY);
  db = await freshDatabase();
  await importPaths(db.pool, embedder, [dir]);
  fake = await startFakeOpenAI();
});

afterAll(async () => {
  await fake?.close();
  await db?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("the agent's warm-up", () => {
  it("writes nothing and calls no model, even with a model configured", async () => {
    const before = await traces();
    const config = readConfig({ OPENAI_BASE_URL: fake.url, KEEL_EMBEDDER: "offline" });
    await createAgent({ pool: db.pool, embedder, config, log: () => undefined, warmUp: true });
    expect(fake.requests).toEqual([]);
    expect(await traces()).toEqual(before);
  });

  it("sends nothing to a remote embedder: a stand-in embeds its made-up messages", async () => {
    const calls: string[] = [];
    const remote = {
      model: "remote-for-test",
      dimensions: embedder.dimensions,
      embedDocuments: async (texts: string[]) => (calls.push(...texts), embedder.embedDocuments(texts)),
      embedQuery: async (text: string) => (calls.push(text), embedder.embedQuery(text)),
    };
    const config = readConfig({ KEEL_EMBEDDER: "offline" });
    await createAgent({ pool: db.pool, embedder: remote, config, log: () => undefined, warmUp: true });
    expect(calls).toEqual([]);
  });

  it("leaves the agent answering as it answers without a warm-up", async () => {
    const config = readConfig({ KEEL_EMBEDDER: "offline" });
    const cold = await createAgent({ pool: db.pool, embedder, config, log: () => undefined, today: () => "2026-01-15" });
    const warm = await createAgent({ pool: db.pool, embedder, config, log: () => undefined, today: () => "2026-01-15", warmUp: true });
    const question = WARM_UP_MESSAGES[0]!;
    const a = await cold.turn({ conversation: "warm-cold", message: question });
    const b = await warm.turn({ conversation: "warm-warm", message: question });
    expect(b.result.outcome).toBe(a.result.outcome);
    expect(b.result.text).toBe(a.result.text);
    expect(b.result.citations).toEqual(a.result.citations);
    // The turns themselves are recorded as usual.
    expect((await traces()).agent_turns).toBeGreaterThanOrEqual(2);
  });
});
