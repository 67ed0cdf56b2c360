// Issue 16: a card number or a national id a customer (or an agent) types is stored masked
// everywhere Keel keeps text, while the customer still gets a normal answer; hostile text (NUL,
// right-to-left overrides) gets a normal reply or a clear 400, never a 500, and the agent is shown
// exactly the text Keel read.
import type { Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { maskText, useMaskedKinds } from "../../agent/guard/mask.ts";
import { startFakeOpenAI, type FakeOpenAI } from "../../test-support/fake-openai.ts";
import { readConfig } from "../../config/env.ts";
import { ask, newCustomer, startTestServer, type StaffClient, type TestServer } from "../../test-support/server.ts";
import type { StaffMessage, Ticket } from "../../protocol/messages.ts";

const CARD = "4111 1111 1111 1111";
const SSN = "123-45-6789";
/** Every way the two could be written back in full. */
const SECRETS = [CARD, "4111111111111111", "4111-1111-1111-1111", SSN, "123456789", "12345678"];
const QUESTION = "How many days do I have to return unworn items?";

let fake: FakeOpenAI;
let server: TestServer;
let admin: StaffClient;
let agentSocket: Socket;
const logLines: string[] = [];

beforeAll(async () => {
  fake = await startFakeOpenAI();
  server = await startTestServer(
    { OPENAI_BASE_URL: fake.url, KEEL_EMBEDDER: "offline", KEEL_MODEL_TIMEOUT_MS: "3000", KEEL_MODEL_MAX_RETRIES: "0" },
    {
      log: (level, message, fields) => logLines.push(JSON.stringify({ level, message, ...fields })),
    },
  );
  admin = await server.staff("admin", "Ada");
  agentSocket = await admin.socket();
}, 60_000);

afterAll(async () => {
  agentSocket?.close();
  await server?.close();
  await fake?.close();
});

/** Rows of every text, json, array and bytea column of every table that hold one of the secrets. */
async function storedSecrets(): Promise<string[]> {
  const pool = server.kb.db.pool;
  const { rows: columns } = await pool.query<{ table_name: string; column_name: string; data_type: string }>(
    `SELECT c.table_name, c.column_name, c.data_type FROM information_schema.columns c
     JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
     WHERE c.table_schema = 'public' AND c.data_type IN ('text', 'character varying', 'jsonb', 'json', 'ARRAY', 'bytea')`,
  );
  expect(columns.length).toBeGreaterThan(30);
  const found: string[] = [];
  for (const c of columns) {
    const value = c.data_type === "bytea" ? `encode("${c.column_name}", 'escape')` : `"${c.column_name}"::text`;
    const { rows } = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${c.table_name}" WHERE ${value} LIKE ANY($1)`, [
      SECRETS.map((s) => `%${s}%`),
    ]);
    if (rows[0]!.n) found.push(`${c.table_name}.${c.column_name}: ${rows[0]!.n}`);
  }
  return found;
}

describe("masking at rest", () => {
  it("never stores a customer's card number or SSN in full, while the customer gets a normal answer", async () => {
    const customer = await newCustomer(server.url, { context: { order_id: `A-1 card ${CARD}` } });
    const text = `My card is ${CARD} and SSN ${SSN}, account number 12345678. ${QUESTION}`;
    const sent = await ask<{ message: StaffMessage; reply: StaffMessage }>(customer.socket, "message:send", { clientId: "mask-0000001", text });
    expect(sent.ok).toBe(true);
    expect(sent.reply.outcome).toBe("answer");
    expect(sent.reply.citations[0]).toMatchObject({ policy: "returns" });
    expect(sent.message.text).toBe(`My card is •••• 1111 and SSN •••• 6789, account number •••• 5678. ${QUESTION}`);
    expect(sent.message.masked).toEqual(["card", "gov_id", "bank_account"]);
    // The graph read its own placeholders, as in the evals, and the bank account masked.
    const { rows: turns } = await server.kb.db.pool.query("SELECT message_redacted FROM agent_turns WHERE conversation_id = $1", [customer.id]);
    expect(turns[0].message_redacted).toBe(`My card is [CARD] and SSN [GOV_ID], account number •••• 5678. ${QUESTION}`);

    // The same over HTTP, then "talk to a person": the ticket quotes the last message, masked.
    const http = await customer.fetch(`/api/v1/conversations/${customer.id}/messages`, {
      method: "POST",
      body: JSON.stringify({ text: `Card ${CARD.replace(/ /g, "-")}, SSN ${SSN}: ${QUESTION}` }),
    });
    expect(http.status).toBe(200);
    expect(((await http.json()) as { outcome: string }).outcome).toBe("answer");
    expect((await ask(customer.socket, "human:request", {})).ok).toBe(true);

    // An agent claims it, and writes a card number and an SSN in a note and a reply.
    const queue = await ask<{ tickets: Ticket[] }>(agentSocket, "queue", {});
    const ticket = queue.tickets.find((t) => t.conversationId === customer.id)!;
    expect(ticket.context.question).toContain("•••• 1111");
    expect((await ask(agentSocket, "ticket:claim", { ticketId: ticket.id })).ok).toBe(true);
    expect((await ask(agentSocket, "note", { conversationId: customer.id, text: `Customer read out ${CARD}, SSN ${SSN}` })).ok).toBe(true);
    const reply = await ask<{ message: StaffMessage }>(agentSocket, "reply", {
      conversationId: customer.id,
      clientId: "mask-reply-01",
      text: `I see the card ${CARD} on file.`,
    });
    expect(reply.message.text).toBe("I see the card •••• 1111 on file.");

    // The console: masked text with a marker saying what was masked.
    const opened = await ask<{ messages: StaffMessage[]; notes: { text: string }[] }>(agentSocket, "conversation:open", {
      conversationId: customer.id,
    });
    const first = opened.messages.find((m) => m.clientId === "mask-0000001")!;
    expect(first.text).toContain("•••• 1111");
    expect(first.masked).toEqual(["card", "gov_id", "bank_account"]);
    expect(opened.notes[0]!.text).toBe("Customer read out •••• 1111, SSN •••• 6789");

    // Nowhere in full: every column of every table, the transcript API, the exposures audit, the log.
    expect(await storedSecrets()).toEqual([]);
    const transcript = await (await customer.fetch(`/api/v1/conversations/${customer.id}/messages`)).text();
    expect(transcript).toContain("•••• 1111");
    for (const s of SECRETS) expect(transcript).not.toContain(s);
    const exposures = await (await admin.fetch(`/api/v1/admin/exposures?conversation=${customer.id}`)).text();
    expect((JSON.parse(exposures) as { exposures: unknown[] }).exposures.length).toBeGreaterThan(0);
    for (const s of SECRETS) expect(exposures).not.toContain(s);
    expect(fake.requests.length).toBeGreaterThan(0);
    for (const r of fake.requests) for (const s of SECRETS) expect(JSON.stringify(r.body)).not.toContain(s);

    // The server's log masks what it is given, even an error quoting a customer's words.
    server.desk.log("error", `insert failed for "${CARD}"`, { error: new Error(`bad value ${SSN}`), detail: { text } });
    expect(logLines.some((l) => l.includes("insert failed") && l.includes("•••• 1111") && l.includes("•••• 6789"))).toBe(true);
    for (const line of logLines) for (const s of SECRETS) expect(line).not.toContain(s);
  }, 60_000);

  it("masks more when the setting says so, and never stops masking cards", () => {
    useMaskedKinds([]);
    expect(maskText(`card ${CARD}, mail a@b.example`)).toEqual({ text: "card •••• 1111, mail a@b.example", masked: ["card"] });
    useMaskedKinds(readConfig({ KEEL_MASK_AT_REST: "email, phone" }).KEEL_MASK_AT_REST);
    expect(maskText(`card ${CARD}, mail a@b.example`)).toEqual({ text: "card •••• 1111, mail •••@b.example", masked: ["card", "email"] });
    expect(() => readConfig({ KEEL_MASK_AT_REST: "none" })).toThrow(/KEEL_MASK_AT_REST/);
    expect(() => readConfig({ KEEL_MASK_AT_REST: "-card" })).toThrow(/KEEL_MASK_AT_REST/);
    useMaskedKinds(readConfig({}).KEEL_MASK_AT_REST);
  });

  it("masks IBANs and named bank accounts, and leaves order numbers and dates alone", () => {
    expect(maskText("IBAN GB82 WEST 1234 5698 7654 32, account number 12345678, sort code 12-34-56").text).toBe(
      "IBAN •••• 5432, account number •••• 5678, sort code •••• 3456",
    );
    expect(maskText("Order 12345678901 placed 2025-03-01 for $1,234.56").masked).toEqual([]);
  });
});

describe("hostile text at the edge", () => {
  it("answers a message with a NUL over HTTP and over the socket, storing it without the NUL", async () => {
    const customer = await newCustomer(server.url);
    const http = await customer.fetch(`/api/v1/conversations/${customer.id}/messages`, {
      method: "POST",
      body: JSON.stringify({ text: "refund\u0000policy: how many days do I have to return unworn items?", client_id: "nul-http-01" }),
    });
    expect(http.status).toBe(200);
    expect(((await http.json()) as { text: string }).text.length).toBeGreaterThan(0);
    const sent = await ask<{ message: StaffMessage; reply: StaffMessage }>(customer.socket, "message:send", {
      clientId: "nul-sock-01",
      text: "refund\u0000policy for unworn items?",
    });
    expect(sent.ok).toBe(true);
    expect(sent.message.text).toBe("refundpolicy for unworn items?");
    expect(sent.reply.text.length).toBeGreaterThan(0);
    const transcript = (await (await customer.fetch(`/api/v1/conversations/${customer.id}/messages`)).json()) as { messages: StaffMessage[] };
    expect(transcript.messages.filter((m) => m.clientId === "nul-http-01").map((m) => m.text)).toEqual([
      "refundpolicy: how many days do I have to return unworn items?",
    ]);
    expect(transcript.messages.filter((m) => m.clientId === "nul-sock-01")).toHaveLength(1);
    // Only control characters: nothing left to say, so a clear 400.
    const empty = await customer.fetch(`/api/v1/conversations/${customer.id}/messages`, {
      method: "POST",
      body: JSON.stringify({ text: "\u0000\u202E\u0007" }),
    });
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as { error: { code: string } }).error.code).toBe("invalid_request");
  }, 30_000);

  it("gives a 2xx or a 4xx, never a 500, for a NUL in every other text field", async () => {
    const nul = "\u0000";
    const created = await fetch(`${server.url}/api/v1/conversations`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ context: { order_id: `A-${nul}` } }),
    });
    expect(created.status).toBe(201);
    const signed = await fetch(`${server.url}/api/v1/conversations`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ identity: { site: `shop${nul}`, userId: "u-1", name: `Jo${nul}`, signature: "0".repeat(64) } }),
    });
    expect(signed.status).toBe(401);
    const login = await fetch(`${server.url}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: `a${nul}@example.test`, password: "whatever" }),
    });
    expect(login.status).toBe(401);
    const policy = await admin.fetch("/api/v1/policies", {
      method: "POST",
      body: JSON.stringify({
        source: `---\nid: nul-policy\ntitle: Gift\u0000 cards\neffective_from: 2024-01-01\n---\n# Gift cards\n## Expiry\nGift cards never\u0000 expire.\n`,
      }),
    });
    expect(policy.status).toBe(201);
    const source = await admin.fetch("/api/v1/policies/nul-policy");
    expect(await source.text()).toContain("Gift cards never expire.");
    // A YAML escape decodes to a NUL only after the source was normalised (found by the fuzz).
    const escaped = await admin.fetch("/api/v1/policies", {
      method: "POST",
      body: JSON.stringify({ source: '---\nid: nul-escape\ntitle: "Gift\\u0000 cards"\n---\n# Gift cards\nGift cards never expire.\n' }),
    });
    expect(escaped.status).toBe(201);
    const exposures = await admin.fetch(`/api/v1/admin/exposures?conversation=${encodeURIComponent(nul)}`);
    expect(exposures.status).toBe(200);

    const customer = await newCustomer(server.url);
    await ask(customer.socket, "human:request", {});
    const { tickets } = await ask<{ tickets: Ticket[] }>(agentSocket, "queue", {});
    const ticket = tickets.find((t) => t.conversationId === customer.id)!;
    const note = await admin.fetch(`/api/v1/handoffs/${ticket.id}/notes`, { method: "POST", body: JSON.stringify({ text: `call${nul}back` }) });
    expect(note.status).toBe(201);
    expect(((await note.json()) as { note: { text: string } }).note.text).toBe("callback");
    await admin.fetch(`/api/v1/handoffs/${ticket.id}/claim`, { method: "POST" });
    const reply = await admin.fetch(`/api/v1/handoffs/${ticket.id}/reply`, {
      method: "POST",
      body: JSON.stringify({ text: `hel${nul}lo`, client_id: "nul-reply-01" }),
    });
    expect(reply.status).toBe(200);
    const followUp = await customer.fetch(`/api/v1/conversations/${customer.id}/follow-up`, {
      method: "POST",
      body: JSON.stringify({ email: `me${nul}@example.test` }),
    });
    expect(followUp.status).toBe(204);
    expect(logLines.filter((l) => l.includes("unhandled error"))).toEqual([]);
  }, 30_000);

  it("shows the agent the text Keel read when a message hides a right-to-left override", async () => {
    const customer = await newCustomer(server.url);
    const sent = await ask<{ message: StaffMessage }>(customer.socket, "message:send", {
      clientId: "rtl-000001",
      text: "How long is the \u202Eyad 09\u202C return window?",
    });
    expect(sent.ok).toBe(true);
    const { rows } = await server.kb.db.pool.query<{ message_redacted: string }>(
      "SELECT message_redacted FROM agent_turns WHERE conversation_id = $1",
      [customer.id],
    );
    const read = rows[0]!.message_redacted;
    expect(read).toBe("How long is the yad 09 return window?");
    await ask(customer.socket, "human:request", {});
    const opened = await ask<{ messages: StaffMessage[]; ticket: Ticket }>(agentSocket, "conversation:open", { conversationId: customer.id });
    const shown = opened.messages.find((m) => m.clientId === "rtl-000001")!.text;
    expect(shown).toBe(read);
    expect(opened.ticket.context.question).toBe(read);
  }, 30_000);
});
