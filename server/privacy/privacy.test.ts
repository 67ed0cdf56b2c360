// Personal data in a customer's message never reaches a model payload, a log line or another
// conversation; the exposure audit answers "what did a model see"; retention removes old transcripts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeOpenAI, type FakeOpenAI } from "../../test-support/fake-openai.ts";
import { ask, newCustomer, startTestServer, type StaffClient, type TestServer } from "../../test-support/server.ts";
import { listExposures } from "../../agent/store/exposures.ts";
import { applyRetention } from "./retention.ts";

const EMAIL = "jane.doe@example.com";
const CARD = "4111 1111 1111 1111";
const PHONE = "+44 20 7946 0958";

let fake: FakeOpenAI;
let server: TestServer;
let admin: StaffClient;
let agent: StaffClient;
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
  agent = await server.staff("agent", "Ari");
}, 60_000);
afterAll(async () => {
  await server?.close();
  await fake?.close();
});

describe("personal data", () => {
  it("is redacted from every model payload and log line, and is visible only in its own conversation", async () => {
    const a = await newCustomer(server.url);
    const b = await newCustomer(server.url);
    // The sentence that hands over personal data is not what Keel looks up or asks a model about;
    // the turn record keeps the whole message, redacted.
    const text = `My email is ${EMAIL}, card ${CARD}, phone ${PHONE}. How many days do I have to return unworn items bought with that card?`;
    const sent = await ask<{ reply: { text: string } }>(a.socket, "message:send", { clientId: "p-0000001", text });
    expect(sent.ok).toBe(true);
    await ask(a.socket, "human:request", {});

    const payloads = fake.requests.map((r) => JSON.stringify(r.body));
    expect(payloads.length).toBeGreaterThan(0);
    for (const p of payloads) for (const secret of [EMAIL, CARD, "4111111111111111", PHONE]) expect(p).not.toContain(secret);

    const exposures = await listExposures(server.kb.db.pool, { since: new Date(Date.now() - 60_000), conversationId: a.id });
    expect(exposures.length).toBeGreaterThan(0);
    expect(JSON.stringify(exposures)).not.toContain(EMAIL);
    expect(JSON.stringify(exposures)).toContain("How many days do I have to return unworn items");

    for (const line of logLines) for (const secret of [EMAIL, CARD, PHONE]) expect(line).not.toContain(secret);
    const turns = await server.kb.db.pool.query("SELECT message_redacted FROM agent_turns WHERE conversation_id = $1", [a.id]);
    expect(turns.rows[0].message_redacted).not.toContain(EMAIL);
    expect(turns.rows[0].message_redacted).toContain("[EMAIL]");
    // What the conversation keeps between turns holds the transcript, redacted.
    const memory = await server.kb.db.pool.query("SELECT memory::text AS m FROM conversation_memory WHERE conversation_id = $1", [a.id]);
    expect(memory.rows).toHaveLength(1);
    expect(memory.rows[0].m).not.toContain(EMAIL);
    expect(memory.rows[0].m).toContain("[EMAIL]");

    const own = (await (await a.fetch(`/api/v1/conversations/${a.id}/messages`)).json()) as { messages: { text: string }[] };
    expect(own.messages[0]!.text).toContain(EMAIL);
    const other = await (await b.fetch(`/api/v1/conversations/${b.id}/messages`)).text();
    expect(other).not.toContain(EMAIL);
    a.socket.close();
    b.socket.close();
  }, 30_000);

  it("lists what was sent to a model through the admin API, and only to admins", async () => {
    const res = await admin.fetch("/api/v1/admin/exposures?since=30d");
    expect(res.status).toBe(200);
    const body = (await res.json()) as { exposures: { purpose: string; payload: unknown }[] };
    expect(body.exposures.length).toBeGreaterThan(0);
    expect(JSON.stringify(body)).not.toContain(EMAIL);
    expect((await agent.fetch("/api/v1/admin/exposures?since=30d")).status).toBe(403);
    expect((await admin.fetch("/api/v1/admin/exposures?since=thirty")).status).toBe(400);
  });
});

describe("retention", () => {
  it("anonymises old transcripts and leaves recent ones alone, then deletes them", async () => {
    const old = await newCustomer(server.url);
    const recent = await newCustomer(server.url);
    for (const c of [old, recent])
      await ask(c.socket, "message:send", { clientId: "t-0000001", text: `I am ${EMAIL}; do orders over $49 ship free?` });
    // A ticket quotes the customer too (question, summary, open question).
    expect((await ask(old.socket, "human:request", {})).ok).toBe(true);
    const { pool } = server.kb.db;
    const ticketContext = async () =>
      JSON.stringify((await pool.query("SELECT context FROM tickets WHERE conversation_id = $1", [old.id])).rows[0].context);
    expect(await ticketContext()).toContain("do orders over $49 ship free?");
    await pool.query("UPDATE conversations SET updated_at = now() - interval '400 days' WHERE id = $1", [old.id]);
    const memoryRows = async () =>
      (await pool.query("SELECT count(*)::int AS n FROM conversation_memory WHERE conversation_id = $1", [old.id])).rows[0].n;
    expect(await memoryRows()).toBe(1);
    const result = await applyRetention(pool, 365, "anonymise");
    expect(result.conversations).toBe(1);
    expect(await ticketContext()).not.toContain("do orders over");
    const texts = (await pool.query("SELECT text FROM messages WHERE conversation_id = $1", [old.id])).rows.map((r) => r.text);
    expect(texts.every((t) => t === "[removed by retention]")).toBe(true);
    expect(await memoryRows()).toBe(0);
    const kept = (await pool.query("SELECT text FROM messages WHERE conversation_id = $1 ORDER BY id", [recent.id])).rows;
    expect(kept[0].text).toContain(EMAIL);
    // Outcomes and citations survive anonymisation for reports; deletion removes the rows.
    expect((await pool.query("SELECT count(*)::int AS n FROM messages WHERE conversation_id = $1 AND outcome IS NOT NULL", [old.id])).rows[0].n).toBe(
      1,
    );
    await applyRetention(pool, 365, "delete");
    expect((await pool.query("SELECT count(*)::int AS n FROM messages WHERE conversation_id = $1", [old.id])).rows[0].n).toBe(0);
    expect((await pool.query("SELECT count(*)::int AS n FROM messages WHERE conversation_id = $1", [recent.id])).rows[0].n).toBe(2);
    await expect(applyRetention(pool, 0, "delete")).rejects.toThrow("at least 1");
    old.socket.close();
    recent.socket.close();
  }, 30_000);
});
