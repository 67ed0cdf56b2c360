// The model endpoint failing under a running server (OPENAI_BASE_URL → the scriptable fake): the
// customer still gets, within a bounded time, a grounded answer quoting the policies or a handoff
// with escalation.reason "model_error" — never the model's unverified words, and never a crash.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeOpenAI, type FakeCall, type FakeOpenAI, type FakeReply } from "../../test-support/fake-openai.ts";
import type { TurnResult } from "../../protocol/turn-result.ts";
import type { Message, Ticket } from "../../protocol/messages.ts";
import { ask, newCustomer, TEST_KB, startTestServer, type StaffClient, type TestServer } from "../../test-support/server.ts";

const TIMEOUT_MS = 1500;
const RETRIES = 1;
/** Two model calls per turn (answer, judge), each at most its timeout, plus one backoff (≤ 2 s). */
const TURN_BOUND_MS = 2 * TIMEOUT_MS + 2000 + 1500;
const QUESTION = "How many days do I have to return unworn items?";
const INVENTED = "Unworn items can be returned within 365 days, and return labels are always free.";

let fake: FakeOpenAI;
let server: TestServer;
let agent: StaffClient;

beforeAll(async () => {
  fake = await startFakeOpenAI();
  server = await startTestServer({
    OPENAI_BASE_URL: fake.url,
    KEEL_EMBEDDER: "offline",
    KEEL_MODEL_TIMEOUT_MS: String(TIMEOUT_MS),
    KEEL_MODEL_MAX_RETRIES: String(RETRIES),
  });
  agent = await server.staff("agent", "Morgan");
  // Warm-up: the first model call loads the client's lazy modules.
  fake.script({ status: 500 });
  const warm = await newCustomer(server.url);
  await warm.fetch(`/api/v1/conversations/${warm.id}/messages`, { method: "POST", body: JSON.stringify({ text: QUESTION }) });
  warm.socket.close();
}, 90_000);

afterAll(async () => {
  await server?.close();
  await fake?.close();
});

const isJudge = (call: FakeCall) => JSON.stringify(call.body).includes("support_judgement");
const chatCalls = () => fake.requests.filter((r) => r.kind === "chat" && !JSON.stringify(r.body).includes("support_judgement")).length;

/** Every quote Keel cites is in the knowledge base word for word. */
function expectGrounded(result: Pick<TurnResult, "outcome" | "text" | "citations" | "signals">): void {
  expect(["answer", "handoff"]).toContain(result.outcome);
  if (result.outcome === "answer") {
    expect(result.citations.length).toBeGreaterThan(0);
    expect(result.text).toContain("30 days");
  } else {
    expect(result.signals.escalation?.reason).toBe("model_error");
  }
  const kb = Object.values(TEST_KB).join("\n");
  for (const c of result.citations) expect(kb, `"${c.quote}" is not in the knowledge base`).toContain(c.quote);
  expect(result.text).not.toContain("365");
}

const FAULTS: [string, FakeReply][] = [
  ["a 500", { status: 500 }],
  ["a 429", { status: 429, headers: { "retry-after": "1" } }],
  ["malformed JSON", { malformed: true }],
  ["no answer at all", { hang: true }],
  ["a body that stalls after its headers", { stallAfter: ['{"answerable": true, "sentences": [{"text": "Unworn items can be returned within 365'] }],
];

describe("the model endpoint fails under a running server", () => {
  for (const [name, reply] of FAULTS) {
    it(`${name}: the HTTP reply is a grounded answer or a model_error handoff, within a bounded time`, async () => {
      fake.script(reply);
      fake.requests.length = 0;
      const customer = await newCustomer(server.url);
      const started = Date.now();
      const res = await customer.fetch(`/api/v1/conversations/${customer.id}/messages`, { method: "POST", body: JSON.stringify({ text: QUESTION }) });
      const took = Date.now() - started;
      expect(res.status).toBe(200);
      const result = (await res.json()) as TurnResult;
      expectGrounded(result);
      expect(took).toBeLessThan(TURN_BOUND_MS);
      // Retries are bounded: never more than 1 + KEEL_MODEL_MAX_RETRIES answer attempts.
      expect(chatCalls()).toBeLessThanOrEqual(1 + RETRIES);
      // The fallback is recorded with its reason, not swallowed.
      const { rows } = await server.kb.db.pool.query<{ model_error: string | null }>(
        "SELECT model_error FROM agent_turns WHERE conversation_id = $1",
        [customer.id],
      );
      expect(rows[0]?.model_error).toMatch(/\S/);
      if (result.outcome === "handoff") {
        const queue = (await (await agent.fetch("/api/v1/handoffs")).json()) as { tickets: Ticket[] };
        expect(queue.tickets.find((t) => t.conversationId === customer.id)?.reason).toBe("model_error");
      }
      customer.socket.close();
    }, 30_000);
  }

  it("a hallucinated answer that the model's own judge approves never reaches the customer's widget", async () => {
    fake.script((call): FakeReply =>
      isJudge(call)
        ? { json: { supported: [true, true, true] } }
        : {
            json: {
              answerable: true,
              sentences: [
                { text: INVENTED, passage: 1 },
                { text: "Returns are handled by our partner Acme Logistics.", passage: 99 },
              ],
            },
          },
    );
    const customer = await newCustomer(server.url);
    const sent = await ask<{ reply: Message }>(customer.socket, "message:send", { clientId: "model-fault-1", text: QUESTION });
    expect(sent.ok).toBe(true);
    expect(sent.reply.text).not.toContain("365");
    expect(sent.reply.text).not.toContain("Acme");
    const { messages } = (await (await customer.fetch(`/api/v1/conversations/${customer.id}/messages`)).json()) as { messages: Message[] };
    expect(messages.map((m) => m.text).join("\n")).not.toMatch(/365|Acme/);
    const kb = Object.values(TEST_KB).join("\n");
    for (const c of sent.reply.citations) expect(kb).toContain(c.quote);
    customer.socket.close();
  });

  it("keeps serving after all that", async () => {
    fake.script((call): FakeReply => (isJudge(call) ? { json: { supported: [true] } } : { status: 500 }));
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    const customer = await newCustomer(server.url);
    expect((await ask(customer.socket, "transcript", {})).ok).toBe(true);
    customer.socket.close();
  });
});
