// Signed customer context over HTTP: kept only when the identity and the context's own signature
// both verify for this very customer; unsigned, badly signed, foreign or malformed context is
// ignored (the conversation still starts), oversize or unknown keys are a 400. What Keel used is
// then visible to the agent in the ticket's customer context.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signCustomerContext } from "../auth/customer-context.ts";
import { signUserId } from "../auth/identity.ts";
import { startTestServer, type StaffClient, type TestServer } from "../../test-support/server.ts";

let server: TestServer;
let agent: StaffClient;
const SECRET = "context-site-secret";

beforeAll(async () => {
  server = await startTestServer();
  agent = await server.staff("agent", "Avery");
  await server.kb.db.pool.query("INSERT INTO sites (id, secret) VALUES ('ctx-shop', $1)", [SECRET]);
}, 60_000);
afterAll(async () => {
  await server?.close();
});

const identity = (userId: string) => ({ site: "ctx-shop", userId, signature: signUserId(SECRET, userId) });
const DATA = JSON.stringify({
  issues: [{ id: "B-77", summary: "Refund not received", status: "open" }],
  consent: { marketing: false },
  tier: "Gold",
});

async function start(body: object): Promise<{ status: number; id?: string; token?: string; error?: { code: string } }> {
  const res = await fetch(`${server.url}/api/v1/conversations`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: res.status, ...(await res.json()) };
}
async function stored(id: string): Promise<unknown> {
  return (await server.kb.db.pool.query("SELECT signed_context FROM conversations WHERE id = $1", [id])).rows[0]!.signed_context;
}
async function say(c: { id?: string; token?: string }, text: string): Promise<{ text: string; outcome: string }> {
  const res = await fetch(`${server.url}/api/v1/conversations/${c.id}/messages`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${c.token}` },
    body: JSON.stringify({ text }),
  });
  return (await res.json()) as { text: string; outcome: string };
}

describe("signed customer context", () => {
  it("is kept when signed for this customer, acknowledged first in Keel's answer, and shown to the agent with the fields used", async () => {
    const c = await start({ identity: identity("u-ctx-1"), signed_context: { data: DATA, signature: signCustomerContext(SECRET, "u-ctx-1", DATA) } });
    expect(c.status).toBe(201);
    expect(await stored(c.id!)).toMatchObject({ tier: "Gold", issues: [{ id: "B-77" }] });
    const reply = await say(c, "How many days do I have to return unworn items?");
    expect(reply.text).toMatch(/^I can see your issue #B-77 \(refund not received\) is still open with our team\./);
    // A request for a person makes a ticket; the agent sees what Keel used.
    await say(c, "I want to talk to a human");
    const { tickets } = (await (await agent.fetch("/api/v1/handoffs")).json()) as { tickets: { id: string; conversationId: string }[] };
    const ticket = tickets.find((t) => t.conversationId === c.id)!;
    const opened = (await (await agent.fetch(`/api/v1/handoffs/${ticket.id}`)).json()) as {
      conversation: { customer: { fieldsUsed: string[]; openIssues: string[]; tier: string } };
    };
    expect(opened.conversation.customer.fieldsUsed).toContain("open_issues");
    expect(opened.conversation.customer.openIssues).toEqual(["#B-77: Refund not received (open)"]);
    expect(opened.conversation.customer.tier).toBe("Gold");
  });

  it("is ignored, never trusted, when badly signed, signed for another customer, unsigned by an identity, or not a context", async () => {
    const cases = [
      { identity: identity("u-ctx-2"), signed_context: { data: DATA, signature: "0".repeat(64) } },
      { identity: identity("u-ctx-2"), signed_context: { data: DATA, signature: signCustomerContext(SECRET, "someone-else", DATA) } },
      {
        identity: identity("u-ctx-2"),
        signed_context: { data: DATA.replace("Gold", "Platinum"), signature: signCustomerContext(SECRET, "u-ctx-2", DATA) },
      },
      { signed_context: { data: DATA, signature: signCustomerContext(SECRET, "u-ctx-2", DATA) } },
      { identity: identity("u-ctx-2"), signed_context: { data: "{not json", signature: signCustomerContext(SECRET, "u-ctx-2", "{not json") } },
      {
        identity: identity("u-ctx-2"),
        signed_context: { data: '{"tier":"Gold","vip":true}', signature: signCustomerContext(SECRET, "u-ctx-2", '{"tier":"Gold","vip":true}') },
      },
    ];
    for (const body of cases) {
      const c = await start(body);
      expect(c.status).toBe(201);
      expect(await stored(c.id!)).toBeNull();
    }
    const c = await start(cases[0]!);
    expect((await say(c, "How many days do I have to return unworn items?")).text).not.toMatch(/I can see your issue/);
  });

  it("rejects a malformed or oversize signed_context with 400", async () => {
    const bad = [
      { identity: identity("u-ctx-3"), signed_context: { data: DATA } },
      { identity: identity("u-ctx-3"), signed_context: { data: DATA, signature: "not-hex" } },
      { identity: identity("u-ctx-3"), signed_context: { data: "x".repeat(5000), signature: "0".repeat(64) } },
      { identity: identity("u-ctx-3"), signed_context: { data: DATA, signature: "0".repeat(64), extra: 1 } },
      { identity: identity("u-ctx-3"), signed_context: "tier=Gold" },
    ];
    for (const body of bad) expect((await start(body)).status).toBe(400);
  });
});
