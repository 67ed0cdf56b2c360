// The scorecard does not depend on where searches are served from: the agent cases of two
// knowledge bases are run with the in-memory read model serving every search, then again with the
// database serving them, and every reply (outcome, text, citations, signals) must be the same.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Agent } from "../agent/create-agent.ts";
import { readAgentCases } from "./cases.ts";
import { buildEvalKb, type EvalKb } from "./knowledge-bases.ts";
import { offlineAgent, runAgentCase } from "./run-cases.ts";
import { servingReadModel } from "../kb/memory/registry.ts";

describe.each(["sample", "telecom"] as const)("the %s eval cases, searched from memory and from the database", (name) => {
  let kb: EvalKb;
  let agent: Agent;
  beforeAll(async () => {
    kb = await buildEvalKb(name);
    agent = await offlineAgent(kb, () => undefined, { leftOut: true });
  }, 60_000);
  afterAll(async () => {
    await agent.close();
    await kb.db.close();
  });

  it("gives every case the same replies both ways", async () => {
    const cases = readAgentCases().filter((c) => c.kb === name && !c.expect.pii?.length);
    expect(cases.length).toBeGreaterThan(40);
    expect(servingReadModel(kb.db.pool)).not.toBeNull();
    // What a reply is, without the conversation it was given in and how long it took.
    const replies = async (c: (typeof cases)[number], tag: string) =>
      (await runAgentCase(agent, kb, c, tag)).results.map(({ conversation: _c, ms: _ms, ...reply }) => reply);
    const fromMemory = [];
    for (const c of cases) fromMemory.push(await replies(c, "memory"));
    await kb.readModel!.detach();
    expect(servingReadModel(kb.db.pool)).toBeNull();
    for (const [i, c] of cases.entries()) {
      const fromDatabase = await replies(c, "database");
      expect(fromDatabase, c.id).toEqual(fromMemory[i]);
    }
  }, 240_000);
});
