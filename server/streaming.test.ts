// Model mode over the widget's socket: each sentence of Keel's answer reaches the customer as
// "message:partial" once it has passed verification (its own deterministic check, then the model's
// judgement), while the model is still writing the rest; a sentence that fails either check is
// never shown; the final "message" carries the whole verified reply. Offline answers arrive whole.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeOpenAI, type FakeCall, type FakeOpenAI } from "../test-support/fake-openai.ts";
import { claimsIn, judgeAllSupported, passageNumber, purposeOf } from "../test-support/keel-calls.ts";
import type { PartialEvent } from "../protocol/customer.ts";
import type { Message } from "../protocol/messages.ts";
import { ask, newCustomer, startTestServer, type TestServer } from "../test-support/server.ts";

const QUESTION = "How many days do I have to return unworn items, and what does a return label cost?";
const WINDOW = "You can return unworn items within 30 days of delivery for a full refund.";
const LABEL = "A return label costs $6.95 unless the item arrived damaged.";
const INVENTED = "Return labels are free for orders over $500.";
/** The model writes slowly enough that showing a sentence before it finishes is observable. */
const CHUNK_DELAY_MS = 60;

let fake: FakeOpenAI;
let server: TestServer;
let offline: TestServer;

beforeAll(async () => {
  fake = await startFakeOpenAI();
  server = await startTestServer({ OPENAI_BASE_URL: fake.url, KEEL_EMBEDDER: "offline", KEEL_MODEL_TIMEOUT_MS: "10000" });
  offline = await startTestServer();
}, 90_000);

afterAll(async () => {
  await server?.close();
  await offline?.close();
  await fake?.close();
});

type Seen = { event: "partial"; p: PartialEvent; at: number } | { event: "message"; m: Message; at: number };

/** Sends the question and records every partial and Keel message the widget's socket receives. */
async function converse(target: TestServer, text = QUESTION) {
  const customer = await newCustomer(target.url);
  const seen: Seen[] = [];
  customer.socket.on("message:partial", (p: PartialEvent) => seen.push({ event: "partial", p, at: performance.now() }));
  customer.socket.on("message", (m: Message) => m.author === "keel" && seen.push({ event: "message", m, at: performance.now() }));
  const ack = await ask<{ message: Message; reply: Message }>(customer.socket, "message:send", {
    clientId: `c-${Date.now()}-${Math.random().toString(36).slice(2)}`,
    text,
  });
  customer.socket.close();
  expect(ack.ok).toBe(true);
  return { ack, seen, partials: seen.flatMap((s) => (s.event === "partial" ? [s] : [])), final: seen.find((s) => s.event === "message") };
}

function scriptAnswer(sentences: (call: FakeCall) => { text: string; passage: number }[], judge = judgeAllSupported): void {
  fake.script((call) =>
    purposeOf(call) === "judge" ? judge(call) : { json: { answerable: true, sentences: sentences(call) }, chunkDelayMs: CHUNK_DELAY_MS },
  );
}

describe("streaming a model answer to the widget", () => {
  it("shows each verified sentence, in order, before the model has finished, and never the invented one", async () => {
    scriptAnswer((call) => [
      { text: WINDOW, passage: passageNumber(call, WINDOW) },
      { text: INVENTED, passage: passageNumber(call, LABEL) },
      { text: LABEL, passage: passageNumber(call, LABEL) },
    ]);
    const { ack, partials, final } = await converse(server);

    expect(partials.map((s) => s.p.text)).toEqual([WINDOW, LABEL]);
    expect(partials.map((s) => s.p.index)).toEqual([0, 1]);
    expect(partials.every((s) => s.p.replyTo === ack.message.id)).toBe(true);
    // Every partial came before the final message, which holds the same verified sentences.
    expect(final).toBeDefined();
    expect(partials.every((s) => s.at < final!.at)).toBe(true);
    expect(ack.reply.text).toContain(WINDOW);
    expect(ack.reply.text).toContain(LABEL);
    expect(ack.reply.text).not.toContain("over $500");
    // The first sentence was on screen well before the answer was complete: verification of it
    // overlapped the model writing the other two.
    expect(final!.at - partials[0]!.at).toBeGreaterThan(5 * CHUNK_DELAY_MS);
    // Each sentence that passed the deterministic check was judged alone; the invented one never reached the judge.
    const judged = fake.requests.filter((r) => JSON.stringify(r.body).includes("support_judgement")).map((r) => JSON.stringify(r.body));
    expect(judged).toHaveLength(2);
    expect(judged.some((b) => b.includes("over $500"))).toBe(false);
  }, 60_000);

  it("does not show a sentence the model's judge rejects", async () => {
    fake.requests.length = 0;
    scriptAnswer(
      (call) => [
        { text: WINDOW, passage: passageNumber(call, WINDOW) },
        { text: LABEL, passage: passageNumber(call, LABEL) },
      ],
      (call) => ({ json: { supported: claimsIn(call).map((c) => !c.includes("$6.95")) } }),
    );
    const { ack, partials } = await converse(server);
    expect(partials.map((s) => s.p.text)).toEqual([WINDOW]);
    expect(ack.reply.text).toContain(WINDOW);
    expect(ack.reply.text).not.toContain("$6.95");
  }, 60_000);

  it("shows nothing early when the model's answer turns out malformed, and answers offline", async () => {
    fake.script((call) => (purposeOf(call) === "judge" ? judgeAllSupported(call) : { malformed: true }));
    const { ack, partials } = await converse(server, "How many days do I have to return unworn items?");
    expect(partials).toHaveLength(0);
    expect(ack.reply.text).toContain("30 days");
    expect(ack.reply.citations.length).toBeGreaterThan(0);
  }, 60_000);

  it("sends an offline answer whole, with no partials", async () => {
    const { ack, partials, final } = await converse(offline, "How many days do I have to return unworn items?");
    expect(partials).toHaveLength(0);
    expect(final?.event === "message" && final.m.text).toContain("30 days");
    expect(ack.reply.outcome).toBe("answer");
  }, 60_000);
});
