// The agent on worker threads answers exactly as the agent on the event loop does, sees a publish
// within a second, and carries on when a worker dies: the turns it held fail with a retriable
// error and the next ones are answered by the workers left and the one started again.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readConfig } from "../../config/env.ts";
import { agentCaseSchema, readCases } from "../../evals/cases.ts";
import { EVAL_DATE } from "../../evals/run-cases.ts";
import { buildEvalKb, type EvalKb } from "../../evals/knowledge-bases.ts";
import { importDocuments } from "../../kb/import.ts";
import { parsePolicy } from "../../kb/policy-file.ts";
import { createAgent, type Agent, type TurnDetail } from "../create-agent.ts";
import { createPooledAgent, type PooledAgent } from "./pool.ts";

const config = readConfig({ KEEL_LOG_LEVEL: "silent", KEEL_DATA_DIR: "memory://", KEEL_EMBEDDER: "offline" });
const logged: string[] = [];
let kb: EvalKb;
let pooled: PooledAgent;
let local: Agent;

beforeAll(async () => {
  kb = await buildEvalKb("sample");
  pooled = await createPooledAgent({ db: kb.db, config, threads: 2, log: (_level, message) => logged.push(message) });
  local = await createAgent({ pool: kb.db.pool, embedder: kb.embedder, config, log: () => undefined });
}, 120_000);
afterAll(async () => {
  await pooled?.close();
  await kb?.db.close();
});

/** What a customer sees of a turn (its timing aside). */
const seen = (d: TurnDetail) => ({ ...d.result, ms: 0, turnId: undefined, nodeMs: undefined, grounding: d.grounding, topic: d.topic });

describe("the agent on worker threads", () => {
  it("answers every grounded sample question as the agent on the event loop does", async () => {
    const cases = readCases("grounded.jsonl", agentCaseSchema).filter((c) => c.kb === "sample" && c.turns.length === 1);
    expect(cases.length).toBeGreaterThan(30);
    let i = 0;
    for (const c of cases.slice(0, 40)) {
      const input = { message: c.turns[0]!.message, as_of: c.turns[0]!.as_of ?? EVAL_DATE };
      const [a, b] = await Promise.all([
        pooled.turn({ conversation: `pooled-${i}`, ...input }),
        local.turn({ conversation: `local-${i}`, ...input }),
      ]);
      expect({ ...seen(a), conversation: "" }, input.message).toEqual({ ...seen(b), conversation: "" });
      i++;
    }
  }, 120_000);

  it("keeps a conversation's memory between turns on different workers", async () => {
    await pooled.turn({ conversation: "memory", message: "How many days do I have to return an item?", as_of: EVAL_DATE });
    // Two workers, least busy first: the next turns land on both, and each reads the stored memory.
    const pushbacks = await Promise.all(
      [1, 2].map(() => pooled.turn({ conversation: "memory", message: "Are you sure? I think it's 90 days.", as_of: EVAL_DATE })),
    );
    for (const p of pushbacks) expect(p.result.signals.sycophancy.kinds).toContain("pushback");
  }, 60_000);

  it("answers from a policy published a moment ago, within a second", async () => {
    const question = { conversation: "publish", message: "How long is the warranty on the Zephyr kettle?", as_of: "2099-01-01" };
    expect((await pooled.turn(question)).result.text).not.toContain("17 months");
    const doc = parsePolicy("---\ntitle: Zephyr kettle warranty\n---\nThe Zephyr kettle has a warranty of 17 months from delivery.\n", "zephyr.md", {
      effectiveFrom: "2020-01-01",
    });
    await importDocuments(kb.db.pool, kb.embedder, [doc]);
    const published = performance.now();
    let answer = "";
    while (performance.now() - published < 1000 && !answer.includes("17 months")) {
      answer = (await Promise.all([pooled.turn(question), pooled.turn(question)])).map((d) => d.result.text).join(" | ");
    }
    expect(answer).toContain("17 months");
    expect(answer.split(" | ").every((a) => a.includes("17 months"))).toBe(true);
  }, 60_000);

  it("fails the turns of a worker that dies with a retriable error, and answers the next on a worker started again", async () => {
    const [first] = pooled.workers();
    const held = pooled.turn({ conversation: "dies", message: "Do orders over $49 ship free?", as_of: EVAL_DATE }).catch((err: Error) => err);
    await first!.terminate();
    const outcome = await held;
    // Either the turn finished before the worker went, or it failed with the code of a server
    // shutting down, which the server answers with a retriable 503 (server/http/unavailable.ts).
    if (outcome instanceof Error) expect((outcome as Error & { code?: string }).code).toBe("57P01");
    const after = await Promise.all(
      [1, 2, 3].map((n) => pooled.turn({ conversation: `after-${n}`, message: "Do orders over $49 ship free?", as_of: EVAL_DATE })),
    );
    for (const a of after) expect(a.result.outcome).toBe("answer");
    await expect.poll(() => pooled.workers()[0] !== first, { timeout: 30_000 }).toBe(true);
    expect(logged).toContain("a turn worker stopped; starting it again");
  }, 90_000);
});
