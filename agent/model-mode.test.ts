// The agent with a chat model, end to end against the scriptable fake OpenAI server on 127.0.0.1:
// what Keel sends the model (passages, never the customer's personal data), what it keeps of the
// model's answer (only sentences its own checks and the model's judgement support), and how it
// degrades when the model fails (a grounded offline answer or a handoff, never an invented one).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { readConfig } from "../config/env.ts";
import type { Database } from "../kb/db/open.ts";
import { freshDatabase } from "../test-support/database.ts";
import { OfflineEmbedder } from "../kb/embed/offline.ts";
import { importPaths } from "../kb/import.ts";
import { createAgent, type Agent, type TurnDetail } from "./create-agent.ts";
import { startFakeOpenAI, type FakeCall, type FakeOpenAI, type FakeReply } from "../test-support/fake-openai.ts";
import { claimsIn, judgeAllSupported, passageNumber, purposeOf, type Purpose } from "../test-support/keel-calls.ts";
import type { Citation } from "./state.ts";
import { returnsPolicy, SHIPPING_POLICY } from "../test-support/policies.ts";

const KB: Record<string, string> = {
  "returns.md": returnsPolicy(),
  "shipping.md": SHIPPING_POLICY,
  "warranty.md": `---
id: warranty
title: Warranty
effective_from: 2024-01-01
---
# Warranty
## Coverage period
The warranty covers manufacturing defects for 2 years from purchase.
`,
};

const RETURN_QUESTION = "How many days do I have to return unworn items?";
const WINDOW_FACT = "within 30 days of delivery";
/** The model's own wording of the return window: supported by the passage, but not a quote of it. */
const MODEL_SENTENCE = "Unworn items can be returned within 30 days of delivery.";
const CARD = "4111 1111 1111 1111"; // Luhn-valid test card
const EMAIL = "jane.doe@example.com";
/** A turn with a failing model must still end quickly (timeout 500 ms, no retries). */
const FEW_SECONDS = 5_000;

// Guard the network: any fetch that is not to loopback fails at once and is remembered.
// Installed before the agent (and its OpenAI client) exists, because the SDK captures fetch.
const offLoopback: string[] = [];
const realFetch = globalThis.fetch;

const embedder = new OfflineEmbedder();
let dir: string;
let db: Database;
let fake: FakeOpenAI;
let agent: Agent;

beforeAll(async () => {
  globalThis.fetch = (async (input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
    const url = new URL(input instanceof Request ? input.url : input.toString());
    if (url.hostname !== "127.0.0.1" && url.hostname !== "localhost") {
      offLoopback.push(url.href);
      throw new Error(`test tried to reach the internet: ${url.href}`);
    }
    return realFetch(input, init);
  }) as typeof fetch;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "keel-model-"));
  for (const [name, text] of Object.entries(KB)) fs.writeFileSync(path.join(dir, name), text);
  fake = await startFakeOpenAI();
  db = await freshDatabase();
  await importPaths(db.pool, embedder, [dir]);
  const config = readConfig({ OPENAI_BASE_URL: fake.url, KEEL_EMBEDDER: "offline", KEEL_MODEL_TIMEOUT_MS: "500", KEEL_MODEL_MAX_RETRIES: "0" });
  agent = await createAgent({ pool: db.pool, embedder, config, log: () => undefined });
  // Warm up: the first model call loads the client's lazy modules, which on a busy machine can
  // take longer than the 500 ms timeout and would turn the first test into a fallback test.
  scriptModel((call) => ({ json: { answerable: true, sentences: [{ text: MODEL_SENTENCE, passage: passageNumber(call, WINDOW_FACT) }] } }));
  await agent.turn({ conversation: "model-warmup", message: RETURN_QUESTION });
});

afterAll(async () => {
  await agent?.close();
  await fake?.close();
  await db?.close();
  fs.rmSync(dir, { recursive: true, force: true });
  globalThis.fetch = realFetch;
  expect(offLoopback).toEqual([]);
});

beforeEach(() => {
  fake.requests.length = 0;
});

let conversations = 0;
const newConversation = (name: string) => `model-${name}-${++conversations}`;

function turn(conversation: string, message: string): Promise<TurnDetail> {
  return agent.turn({ conversation, message });
}

// ---- scripting the model ------------------------------------------------------------------------

/** Scripts both calls: `answer` sees the answer request, `judge` the judgement request. */
function scriptModel(answer: (call: FakeCall) => FakeReply, judge: (call: FakeCall) => FakeReply = judgeAllSupported): void {
  fake.script((call) => (purposeOf(call) === "judge" ? judge(call) : answer(call)));
}

const chatBodies = () => fake.requests.filter((r) => r.kind === "chat").map((r) => JSON.stringify(r.body));
const requestsFor = (purpose: Purpose) =>
  fake.requests.filter((r) => r.kind === "chat" && JSON.stringify(r.body).includes(purpose === "judge" ? "support_judgement" : "grounded_answer"));

function expectVerbatim(citation: Citation): void {
  const sources = Object.values(KB).filter((t) => t.includes(`id: ${citation.policy}\n`));
  expect(
    sources.some((t) => t.includes(citation.quote)),
    `"${citation.quote}" is not in ${citation.policy}`,
  ).toBe(true);
}

/** The model failed: the reply is the offline answer (grounded, cited) or a handoff — never anything else. */
async function expectGroundedFallback(detail: TurnDetail, started: number): Promise<void> {
  const { result } = detail;
  expect(Date.now() - started).toBeLessThan(FEW_SECONDS);
  expect(["answer", "handoff"]).toContain(result.outcome);
  if (result.outcome === "answer") {
    expect(result.citations.length).toBeGreaterThan(0);
    expect(result.text).toContain("30 days");
  } else {
    expect(result.signals.escalation?.reason).toBe("model_error");
  }
  for (const c of result.citations) expectVerbatim(c);
  // The offline composer quotes; it never writes a sentence of its own.
  expect(result.text).not.toContain(MODEL_SENTENCE);
  const { rows } = await db.pool.query("SELECT model_error FROM agent_turns WHERE id = $1", [detail.turnId]);
  expect(rows[0].model_error).toMatch(/\S/);
}

// ---- tests --------------------------------------------------------------------------------------

describe("the model's answer", () => {
  it("answers with the model's cited sentence; sends the passages but not the customer's card or email; records the exposure", async () => {
    scriptModel((call) => ({ json: { answerable: true, sentences: [{ text: MODEL_SENTENCE, passage: passageNumber(call, WINDOW_FACT) }] } }));
    const conversation = newConversation("answer");
    const { result, grounding } = await turn(conversation, `My card is ${CARD} and my email is ${EMAIL}. ${RETURN_QUESTION}`);

    expect(result.outcome).toBe("answer");
    expect(result.text).toContain(MODEL_SENTENCE);
    const citation = result.citations.find((c) => c.policy === "returns");
    expect(citation).toMatchObject({ policy: "returns", version: 1, section: "Return window" });
    expect(citation!.quote).toContain(WINDOW_FACT);
    for (const c of result.citations) expectVerbatim(c);
    expect(grounding?.claims.every((c) => c.supported)).toBe(true);

    // Both calls were made, and the answer call carried the passages.
    expect(requestsFor("answer")).toHaveLength(1);
    expect(requestsFor("judge")).toHaveLength(1);
    expect(JSON.stringify(requestsFor("answer")[0]!.body)).toContain("You can return unworn items within 30 days of delivery for a full refund.");
    // Personal data is redacted before anything reaches the model.
    for (const body of chatBodies()) {
      expect(body).not.toContain(CARD);
      expect(body).not.toContain(CARD.replace(/\s/g, ""));
      expect(body).not.toContain(EMAIL);
    }

    const { rows } = await db.pool.query("SELECT purpose, model, payload::text AS payload FROM llm_exposures WHERE conversation_id = $1", [
      conversation,
    ]);
    expect(rows.map((r) => r.purpose).sort()).toEqual(["answer", "judge"]);
    for (const r of rows) {
      expect(r.model).toBe("gpt-4o-mini");
      expect(r.payload).not.toContain(CARD);
      expect(r.payload).not.toContain(EMAIL);
    }
  });

  it("removes a sentence with a wrong number (a hallucination) and keeps the correct one", async () => {
    scriptModel((call) => ({
      json: {
        answerable: true,
        sentences: [
          { text: MODEL_SENTENCE, passage: passageNumber(call, WINDOW_FACT) },
          { text: "A return label costs $1.99 unless the item arrived damaged.", passage: passageNumber(call, "$6.95") },
        ],
      },
    }));
    const { result, grounding } = await turn(newConversation("wrong-number"), `${RETURN_QUESTION} And what does a return label cost?`);
    expect(result.text).not.toContain("1.99");
    expect(result.text).toContain("30 days");
    for (const c of result.citations) expectVerbatim(c);
    expect(grounding?.claims.find((c) => c.text.includes("1.99"))?.supported).toBe(false);
  });

  it("removes a sentence whose only claim is a wrong number, leaving no ungrounded reply", async () => {
    scriptModel((call) => ({
      json: {
        answerable: true,
        sentences: [{ text: "Unworn items can be returned within 90 days of delivery.", passage: passageNumber(call, WINDOW_FACT) }],
      },
    }));
    const { result } = await turn(newConversation("only-wrong"), RETURN_QUESTION);
    expect(result.text).not.toMatch(/\b90 days\b/);
    expect(result.outcome).not.toBe("answer");
  });

  it("drops a sentence that cites a passage the model was never given", async () => {
    scriptModel((call) => ({
      json: {
        answerable: true,
        sentences: [
          { text: MODEL_SENTENCE, passage: passageNumber(call, WINDOW_FACT) },
          { text: "Returns are free for every customer.", passage: 42 },
        ],
      },
    }));
    const { result } = await turn(newConversation("bad-passage"), RETURN_QUESTION);
    expect(result.outcome).toBe("answer");
    expect(result.text).toContain(MODEL_SENTENCE);
    expect(result.text).not.toContain("Returns are free for every customer.");
    for (const c of result.citations) expectVerbatim(c);
  });

  it("removes a sentence the model's judge says is unsupported", async () => {
    scriptModel(
      (call) => ({ json: { answerable: true, sentences: [{ text: MODEL_SENTENCE, passage: passageNumber(call, WINDOW_FACT) }] } }),
      (call) => ({ json: { supported: claimsIn(call).map(() => false) } }),
    );
    const { result } = await turn(newConversation("judge-no"), RETURN_QUESTION);
    expect(requestsFor("judge")).toHaveLength(1);
    expect(result.text).not.toContain(MODEL_SENTENCE);
    expect(result.outcome).not.toBe("answer");
  });
});

describe("when the model fails", () => {
  it("a 500 from the endpoint: the turn completes with the grounded offline answer or a handoff", async () => {
    scriptModel(() => ({ status: 500 }));
    const started = Date.now();
    const detail = await turn(newConversation("http-500"), RETURN_QUESTION);
    expect(requestsFor("answer")).toHaveLength(1);
    await expectGroundedFallback(detail, started);
  });

  it("an endpoint that hangs past the timeout: the turn completes within a few seconds, grounded", async () => {
    scriptModel(() => ({ hang: true }));
    const started = Date.now();
    const detail = await turn(newConversation("hang"), RETURN_QUESTION);
    await expectGroundedFallback(detail, started);
  });

  it("malformed JSON from the endpoint: the turn completes with a grounded answer or a handoff", async () => {
    scriptModel(() => ({ malformed: true }));
    const started = Date.now();
    const detail = await turn(newConversation("malformed"), RETURN_QUESTION);
    await expectGroundedFallback(detail, started);
  });

  it("an answer that breaks the schema: treated as a failure, not as an answer", async () => {
    scriptModel(() => ({ json: { answerable: "yes", sentences: "Returns are unlimited." } }));
    const started = Date.now();
    const detail = await turn(newConversation("bad-schema"), RETURN_QUESTION);
    expect(detail.result.text).not.toContain("unlimited");
    await expectGroundedFallback(detail, started);
  });

  it("a failing judge keeps the sentences the deterministic check already verified", async () => {
    scriptModel(
      (call) => ({ json: { answerable: true, sentences: [{ text: MODEL_SENTENCE, passage: passageNumber(call, WINDOW_FACT) }] } }),
      () => ({ status: 500 }),
    );
    const { result, turnId } = await turn(newConversation("judge-fails"), RETURN_QUESTION);
    expect(result.outcome).toBe("answer");
    expect(result.text).toContain(MODEL_SENTENCE);
    const { rows } = await db.pool.query("SELECT model_error FROM agent_turns WHERE id = $1", [turnId]);
    expect(rows[0].model_error).toMatch(/^judge:/);
  });
});

describe("bounded retries and waits", () => {
  /** An agent like the others but with retries on: each attempt bounded, and the whole call too. */
  async function retryingAgent(retries: number, timeoutMs: number): Promise<Agent> {
    const config = readConfig({
      OPENAI_BASE_URL: fake.url,
      KEEL_EMBEDDER: "offline",
      KEEL_MODEL_TIMEOUT_MS: String(timeoutMs),
      KEEL_MODEL_MAX_RETRIES: String(retries),
    });
    return createAgent({ pool: db.pool, embedder, config, log: () => undefined });
  }

  it("a 429: retried exactly KEEL_MODEL_MAX_RETRIES times, then the grounded fallback", async () => {
    const retrying = await retryingAgent(1, 4000);
    try {
      scriptModel(() => ({ status: 429, headers: { "retry-after": "0" } }));
      const started = Date.now();
      const detail = await retrying.turn({ conversation: newConversation("429"), message: RETURN_QUESTION });
      expect(requestsFor("answer")).toHaveLength(2);
      expect(requestsFor("judge")).toHaveLength(0);
      await expectGroundedFallback(detail, started);
    } finally {
      await retrying.close();
    }
  });

  it("a 500 then a good answer: the retry's verified answer is used", async () => {
    const retrying = await retryingAgent(1, 4000);
    try {
      let failed = false;
      scriptModel((call) => {
        if (!failed) {
          failed = true;
          return { status: 500 };
        }
        return { json: { answerable: true, sentences: [{ text: MODEL_SENTENCE, passage: passageNumber(call, WINDOW_FACT) }] } };
      });
      const { result } = await retrying.turn({ conversation: newConversation("500-then-ok"), message: RETURN_QUESTION });
      expect(requestsFor("answer")).toHaveLength(2);
      expect(result.outcome).toBe("answer");
      expect(result.text).toContain(MODEL_SENTENCE);
    } finally {
      await retrying.close();
    }
  });

  it("a 429 asking to wait longer than the timeout: the customer waits the timeout, not the Retry-After", async () => {
    const retrying = await retryingAgent(3, 1500);
    try {
      scriptModel(() => ({ status: 429, headers: { "retry-after": "30" } }));
      const started = Date.now();
      const detail = await retrying.turn({ conversation: newConversation("429-long"), message: RETURN_QUESTION });
      expect(requestsFor("answer")).toHaveLength(1);
      await expectGroundedFallback(detail, started);
    } finally {
      await retrying.close();
    }
  });

  it("a response that stalls after its headers: cut off by the turn's own timeout, grounded", async () => {
    scriptModel(() => ({ stallAfter: ['{"answerable": true, "sentences": [{"text": "Unworn items can be returned within 9'] }));
    const started = Date.now();
    const detail = await turn(newConversation("stall"), RETURN_QUESTION);
    expect(detail.result.text).not.toMatch(/within 9\b/);
    await expectGroundedFallback(detail, started);
  });

  it("a judge that wrongly approves an invented claim does not get it past the deterministic check", async () => {
    scriptModel((call) => ({
      json: {
        answerable: true,
        sentences: [
          { text: MODEL_SENTENCE, passage: passageNumber(call, WINDOW_FACT) },
          { text: "A return label costs $0 for every customer.", passage: passageNumber(call, "$6.95") },
          { text: "Store credit is never offered instead of a refund.", passage: passageNumber(call, WINDOW_FACT) },
        ],
      },
    }));
    const { result } = await turn(newConversation("judge-approves-invention"), `${RETURN_QUESTION} And what does a return label cost?`);
    expect(result.text).toContain(MODEL_SENTENCE);
    expect(result.text).not.toContain("$0");
    expect(result.text).not.toContain("Store credit");
    for (const c of result.citations) expectVerbatim(c);
  });
});

describe("auditing what the model saw", () => {
  it("records the payload in llm_exposures even when the model call fails (it was sent all the same)", async () => {
    scriptModel(() => ({ status: 500 }));
    const conversation = newConversation("exposure-on-failure");
    await turn(conversation, RETURN_QUESTION);
    expect(requestsFor("answer")).toHaveLength(1);
    const { rows } = await db.pool.query("SELECT purpose FROM llm_exposures WHERE conversation_id = $1", [conversation]);
    expect(rows.map((r) => r.purpose)).toContain("answer");
  });
});
