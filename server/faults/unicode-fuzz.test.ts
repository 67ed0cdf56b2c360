// Well-shaped requests carrying hostile text (fast-check), at every HTTP route and socket event that
// takes text: NUL and other controls, lone surrogates, bidi overrides, zero-width characters, emoji
// ZWJ sequences, mixed scripts, 10k-character words, card numbers; and now and then a JSON value of
// any shape. The invariant: every answer is a 2xx, or a 4xx (an error ack) with the documented error
// shape; the server stays up and logs no unhandled error; and a transcript read afterwards has every
// acknowledged message exactly once, stored as Keel normalised and masked it.
// Runs KEEL_FUZZ_RUNS cases (default 300, about 5 s; `npm run fuzz` runs 2000).
import fc from "fast-check";
import type { Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { maskText } from "../../agent/guard/mask.ts";
import { RATE_LIMITS } from "../../config/limits.ts";
import { normaliseText } from "../../protocol/normalise.ts";
import { signUserId } from "../auth/identity.ts";
import type { Message, Ticket } from "../../protocol/messages.ts";
import { ask, newCustomer, startTestServer, type CustomerClient, type StaffClient, type TestServer } from "../../test-support/server.ts";

const RUNS = Number(process.env.KEEL_FUZZ_RUNS ?? 300);
/** A larger run is bounded by its count, the one in the normal suite also by time. */
const TIME_LIMIT_MS = process.env.KEEL_FUZZ_RUNS ? 0 : 35_000;

let server: TestServer;
let admin: StaffClient;
let agentSocket: Socket;
/** Keel answers this one; a person owns the other, so agent replies can be acknowledged too. */
let botCustomer: CustomerClient;
let humanCustomer: CustomerClient;
let ticketId: string;
const logLines: string[] = [];
/** Every message an ack or a 2xx said was accepted: conversation, author, clientId, text sent. */
const accepted: { conversation: string; author: "customer" | "agent"; clientId: string; text: string }[] = [];
let nextId = 0;
const freshClientId = () => `fz-${process.pid}-${++nextId}`;

beforeAll(async () => {
  // Limits are not what this fuzzes (a 429 would pass the invariant but test nothing).
  const generous = Object.fromEntries(Object.keys(RATE_LIMITS).map((k) => [k, 1_000_000]));
  server = await startTestServer(
    {},
    { log: (level, message, fields) => logLines.push(JSON.stringify({ level, message, ...fields })), limits: generous },
  );
  await server.kb.db.pool.query("INSERT INTO sites (id, secret) VALUES ('shop', 'site-secret')");
  admin = await server.staff("admin", "Fuzz");
  agentSocket = await admin.socket();
  botCustomer = await newCustomer(server.url);
  humanCustomer = await newCustomer(server.url);
  expect((await ask(humanCustomer.socket, "human:request", {})).ok).toBe(true);
  const { tickets } = await ask<{ tickets: Ticket[] }>(agentSocket, "queue", {});
  ticketId = tickets.find((t) => t.conversationId === humanCustomer.id)!.id;
  expect((await ask(agentSocket, "ticket:claim", { ticketId })).ok).toBe(true);
}, 60_000);

afterAll(async () => {
  botCustomer?.socket.close();
  humanCustomer?.socket.close();
  agentSocket?.close();
  await server?.close();
});

// ---- generators ---------------------------------------------------------------------------------

const ATOMS = [
  "\u0000",
  "\u0007",
  "\u001b[2J",
  "\u007f",
  "\u0085",
  "\r\n",
  "\t",
  "\uD800",
  "\uDFFF",
  "\uDBFF",
  "\u202E",
  "\u202D",
  "\u2066",
  "\u2069",
  "\u061C",
  "\u200B",
  "\u200C",
  "\u200D",
  "\u2060",
  "\uFEFF",
  "\u00AD",
  "\uFE0F\uFE0F\uFE0F",
  "\u{E0041}\u{E0042}",
  "e\u0301",
  "\u0301",
  "👨\u200D👩\u200D👧\u200D👦",
  "🏳️\u200D🌈",
  "👩🏽\u200D💻",
  "🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}",
  "1️⃣",
  "می\u200Cخواهم",
  "مرحبا",
  "שלום",
  "你好",
  "नमस्ते",
  "Привет",
  "Ωμέγα",
  "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
  "4111 1111 1111 1111",
  "123-45-6789",
  "GB82 WEST 1234 5698 7654 32",
  "account number 12345678",
  "refund",
  "return window",
  " ",
  "?",
  "'; DROP TABLE messages; --",
  "<img src=x onerror=alert(1)>",
  "{{7*7}}",
  "%00",
  "\\u0000",
];
const word = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...ATOMS) },
  { weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 12 }) },
  { weight: 1, arbitrary: fc.integer({ min: 1000, max: 10_000 }).map((n) => "w".repeat(n)) },
);
const hostileText = fc.array(word, { minLength: 1, maxLength: 8 }).map((words) => words.join(""));
const jsonShape = fc.jsonValue({ maxDepth: 3 });

type Step =
  | { kind: "socket-send" | "http-send"; human: boolean; text: string }
  | { kind: "agent-reply-socket" | "agent-reply-http" | "note-socket" | "note-http" | "check-socket" | "check-http"; text: string }
  | { kind: "create"; site: string; userId: string; name: string; orderId: string }
  | { kind: "login"; email: string; password: string }
  | { kind: "follow-up-http" | "follow-up-socket"; email: string }
  | { kind: "rating"; comment: string }
  | { kind: "policy"; title: string; body: string }
  | { kind: "exposures"; conversation: string }
  | { kind: "any-socket"; event: string; customer: boolean; payload: unknown }
  | { kind: "any-http"; path: string; payload: unknown };

const CUSTOMER_EVENTS = ["message:send", "transcript", "typing", "followup"];
const AGENT_EVENTS = ["queue", "ticket:claim", "conversation:open", "reply", "typing", "suggest", "check", "note", "return", "resolve"];
const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({ kind: fc.constantFrom("socket-send" as const, "http-send" as const), human: fc.boolean(), text: hostileText }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constantFrom(
        "agent-reply-socket" as const,
        "agent-reply-http" as const,
        "note-socket" as const,
        "note-http" as const,
        "check-socket" as const,
        "check-http" as const,
      ),
      text: hostileText,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant("create" as const), site: hostileText, userId: hostileText, name: hostileText, orderId: hostileText }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("login" as const), email: hostileText, password: hostileText }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constantFrom("follow-up-http" as const, "follow-up-socket" as const),
      email: fc.oneof(
        hostileText,
        hostileText.map((t) => `${t}@example.test`),
      ),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("policy" as const), title: hostileText, body: hostileText }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("rating" as const), comment: hostileText }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("exposures" as const), conversation: hostileText }) },
  // Events each namespace listens to (an event nobody listens to gets no ack at all).
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("any-socket" as const),
      customer: fc.constant(true),
      event: fc.constantFrom(...CUSTOMER_EVENTS),
      payload: jsonShape,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("any-socket" as const),
      customer: fc.constant(false),
      event: fc.constantFrom(...AGENT_EVENTS),
      payload: jsonShape,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("any-http" as const),
      path: fc.constantFrom(
        "/api/v1/conversations",
        "/messages",
        "/follow-up",
        "/api/v1/auth/login",
        "/notes",
        "/reply",
        "/api/v1/check",
        "/api/v1/policies",
      ),
      payload: jsonShape,
    }),
  },
);

// ---- checks -------------------------------------------------------------------------------------

/** A 2xx, or a 4xx whose body is {error: {code, message}}; never a 5xx. */
async function expectDocumented(res: Response, what: string): Promise<boolean> {
  expect(res.status, what).toBeLessThan(500);
  if (res.status >= 400) {
    const body = (await res.json()) as { error?: { code?: unknown; message?: unknown } };
    expect(typeof body.error?.code, what).toBe("string");
    expect(typeof body.error?.message, what).toBe("string");
    return false;
  }
  await res.arrayBuffer();
  return true;
}

/** {ok: true, …} or {ok: false, error: {code, message}}. */
function expectAck(ack: { ok: boolean; error?: { code: unknown; message: unknown } }, what: string): boolean {
  if (ack.ok) return true;
  expect(ack.ok, what).toBe(false);
  expect(typeof ack.error?.code, what).toBe("string");
  expect(typeof ack.error?.message, what).toBe("string");
  expect(ack.error!.code, what).not.toBe("internal");
  return false;
}

const json = (body: unknown): RequestInit => ({ method: "POST", body: JSON.stringify(body) });

/** encodeURIComponent, except that a lone surrogate is sent as the three bytes it would be in
 *  WTF-8 (not UTF-8: the server must cope with them in a query string). */
function encodeQueryValue(s: string): string {
  return s.replace(/\p{Cs}|[^\p{Cs}]+/gu, (part) => {
    const cu = part.charCodeAt(0);
    if (part.length > 1 || cu < 0xd800 || cu > 0xdfff) return encodeURIComponent(part);
    return [0xed, 0xa0 | ((cu >> 6) & 0x1f), 0x80 | (cu & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join("");
  });
}

async function run(s: Step): Promise<void> {
  const what = `${s.kind} ${JSON.stringify(s).slice(0, 160)}`;
  switch (s.kind) {
    case "socket-send": {
      const c = s.human ? humanCustomer : botCustomer;
      const clientId = freshClientId();
      if (expectAck(await ask(c.socket, "message:send", { clientId, text: s.text }), what))
        accepted.push({ conversation: c.id, author: "customer", clientId, text: s.text });
      return;
    }
    case "http-send": {
      const c = s.human ? humanCustomer : botCustomer;
      const clientId = freshClientId();
      if (await expectDocumented(await c.fetch(`/api/v1/conversations/${c.id}/messages`, json({ text: s.text, client_id: clientId })), what)) {
        accepted.push({ conversation: c.id, author: "customer", clientId, text: s.text });
      }
      return;
    }
    case "agent-reply-socket": {
      const clientId = freshClientId();
      if (expectAck(await ask(agentSocket, "reply", { conversationId: humanCustomer.id, clientId, text: s.text }), what))
        accepted.push({ conversation: humanCustomer.id, author: "agent", clientId, text: s.text });
      return;
    }
    case "agent-reply-http": {
      const clientId = freshClientId();
      if (await expectDocumented(await admin.fetch(`/api/v1/handoffs/${ticketId}/reply`, json({ text: s.text, client_id: clientId })), what)) {
        accepted.push({ conversation: humanCustomer.id, author: "agent", clientId, text: s.text });
      }
      return;
    }
    case "note-socket":
      expectAck(await ask(agentSocket, "note", { conversationId: humanCustomer.id, text: s.text }), what);
      return;
    case "note-http":
      await expectDocumented(await admin.fetch(`/api/v1/handoffs/${ticketId}/notes`, json({ text: s.text })), what);
      return;
    case "check-socket":
      expectAck(await ask(agentSocket, "check", { text: s.text }), what);
      return;
    case "check-http":
      await expectDocumented(await admin.fetch("/api/v1/check", json({ text: s.text })), what);
      return;
    case "create": {
      const identity = { site: s.site, userId: s.userId, name: s.name, signature: signUserId("site-secret", s.userId) };
      const res = await fetch(`${server.url}/api/v1/conversations`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ identity, context: { order_id: s.orderId } }),
      });
      await expectDocumented(res, what);
      return;
    }
    case "login": {
      const res = await fetch(`${server.url}/api/v1/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: s.email, password: s.password }),
      });
      expect(res.status, what).not.toBe(200);
      await expectDocumented(res, what);
      return;
    }
    case "follow-up-http":
      await expectDocumented(await botCustomer.fetch(`/api/v1/conversations/${botCustomer.id}/follow-up`, json({ email: s.email })), what);
      return;
    case "follow-up-socket":
      expectAck(await ask(botCustomer.socket, "followup", { email: s.email }), what);
      return;
    case "rating": {
      // Stored as the text Keel read (normalised, masked), or refused with a documented 400.
      const res = await botCustomer.fetch(`/api/v1/conversations/${botCustomer.id}/rating`, json({ helpful: false, comment: s.comment }));
      if (await expectDocumented(res, what)) {
        const { rows } = await server.kb.db.pool.query("SELECT comment FROM ratings WHERE conversation_id = $1", [botCustomer.id]);
        const kept = normaliseText(s.comment).trim();
        expect(rows[0]?.comment, what).toBe(kept ? maskText(kept).text : null);
      }
      return;
    }
    case "policy": {
      const source = `---\nid: fuzz-${++nextId}\ntitle: ${JSON.stringify(s.title)}\neffective_from: 2024-01-01\n---\n# ${s.title}\n## Rule\n${s.body}\n`;
      await expectDocumented(await admin.fetch("/api/v1/policies", json({ source })), what);
      return;
    }
    case "exposures":
      await expectDocumented(await admin.fetch(`/api/v1/admin/exposures?conversation=${encodeQueryValue(s.conversation)}`), what);
      return;
    case "any-socket": {
      expectAck(await ask(s.customer ? botCustomer.socket : agentSocket, s.event, s.payload), what);
      return;
    }
    case "any-http": {
      const path = s.path.startsWith("/api")
        ? s.path
        : s.path === "/notes" || s.path === "/reply"
          ? `/api/v1/handoffs/${ticketId}${s.path}`
          : `/api/v1/conversations/${botCustomer.id}${s.path}`;
      const client = path.includes("/conversations/") ? botCustomer : admin;
      await expectDocumented(await client.fetch(path, json(s.payload)), what);
      return;
    }
  }
}

describe("fuzzed hostile text", () => {
  it("answers every request with a 2xx or a documented 4xx, keeps serving, and stores each accepted message once", async () => {
    await fc.assert(fc.asyncProperty(step, run), {
      numRuns: RUNS,
      ...(TIME_LIMIT_MS ? { interruptAfterTimeLimit: TIME_LIMIT_MS, markInterruptAsFailure: false } : {}),
    });
    expect(accepted.length).toBeGreaterThan(10);

    for (const c of [botCustomer, humanCustomer]) {
      const res = await c.fetch(`/api/v1/conversations/${c.id}/messages`);
      expect(res.status).toBe(200);
      const { messages } = (await res.json()) as { messages: Message[] };
      const withId = messages.filter((m) => m.clientId !== null).map((m) => `${m.author}:${m.clientId}`);
      expect(new Set(withId).size).toBe(withId.length);
      for (const a of accepted.filter((x) => x.conversation === c.id)) {
        const stored = messages.filter((m) => m.author === a.author && m.clientId === a.clientId);
        expect(stored, `${a.author} ${a.clientId}`).toHaveLength(1);
        // Nothing lost but what normalisation removes and masking hides.
        expect(stored[0]!.text).toBe(maskText(normaliseText(a.text).trim()).text);
      }
    }
    // A URL too long for Node's parser (found by this fuzz: a bare 431 without a body).
    const long = await admin.fetch(`/api/v1/admin/exposures?conversation=${"w".repeat(20_000)}`);
    expect(long.status).toBe(431);
    expect(((await long.json()) as { error: { code: string } }).error.code).toBe("headers_too_large");
    expect(logLines.filter((l) => /unhandled error|socket event failed/.test(l))).toEqual([]);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect(botCustomer.socket.connected && humanCustomer.socket.connected && agentSocket.connected).toBe(true);
  }, 60_000);
});
