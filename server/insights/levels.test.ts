// Insights per experience level: what a new and an experienced agent did with Keel's help, counted
// in GET /api/v1/insights under `levels` while the contract's keys stay as they were.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Insights } from "../../protocol/insights.ts";
import { ask, newCustomer, startTestServer, type CustomerClient, type StaffClient, type TestServer } from "../../test-support/server.ts";
import { fateOf } from "./levels.ts";

let server: TestServer;
let admin: StaffClient;
let nia: StaffClient;
let eli: StaffClient;
const customers: CustomerClient[] = [];

beforeAll(async () => {
  server = await startTestServer();
  admin = await server.staff("admin", "Ada");
  nia = await server.staff("agent", "Nia");
  eli = await server.staff("agent", "Eli");
  await server.kb.db.pool.query("UPDATE staff SET experience = 'experienced' WHERE email = $1", [eli.email]);
}, 60_000);
afterAll(async () => {
  for (const c of customers) c.socket.close();
  await server?.close();
});

describe("what became of a suggestion", () => {
  it("is sent as is, edited when most of its words stay, discarded otherwise", () => {
    const s = "You can return unworn items within 30 days of delivery for a full refund.";
    expect(fateOf(s, ` ${s} `)).toBe("sent_as_is");
    expect(fateOf(s, "Hi Sam! You can return unworn items within 30 days of delivery for a full refund.")).toBe("edited");
    expect(fateOf(s, "Let me look into that for you.")).toBe("discarded");
  });
});

/** A customer handed off to a person, and the agent's socket holding the claimed ticket. */
async function claimedBy(
  agent: StaffClient,
): Promise<{ conversationId: string; ticketId: string; socket: Awaited<ReturnType<StaffClient["socket"]>> }> {
  const customer = await newCustomer(server.url);
  customers.push(customer);
  await ask(customer.socket, "message:send", { clientId: `lv-${customers.length}-aaaa`, text: "How many days do I have to return unworn items?" });
  expect((await ask(customer.socket, "human:request", {})).ok).toBe(true);
  const { tickets } = (await (await agent.fetch("/api/v1/handoffs")).json()) as { tickets: { id: string; conversationId: string }[] };
  const ticket = tickets.find((t) => t.conversationId === customer.id)!;
  const socket = await agent.socket();
  expect((await ask(socket, "ticket:claim", { ticketId: ticket.id })).ok).toBe(true);
  return { conversationId: customer.id, ticketId: ticket.id, socket };
}

describe("GET /api/v1/insights levels", () => {
  it("counts first replies, suggestions sent as is, edited or discarded, and flagged drafts per experience level", async () => {
    const mine = await claimedBy(nia);
    const s1 = await ask<{ suggestion: { text: string } }>(mine.socket, "suggest", { conversationId: mine.conversationId });
    expect(s1.ok).toBe(true);
    const flagged = await ask<{ supported: boolean }>(mine.socket, "check", {
      conversationId: mine.conversationId,
      text: "You can return unworn items within 90 days of delivery.",
    });
    expect(flagged.supported).toBe(false);
    expect((await ask(mine.socket, "reply", { conversationId: mine.conversationId, clientId: "lv-nia-0001", text: s1.suggestion.text })).ok).toBe(
      true,
    );

    const theirs = await claimedBy(eli);
    // Over HTTP this time: counted the same way.
    expect((await eli.fetch(`/api/v1/handoffs/${theirs.ticketId}/suggest`, { method: "POST", body: "{}" })).status).toBe(200);
    expect(
      (await ask(theirs.socket, "reply", { conversationId: theirs.conversationId, clientId: "lv-eli-0001", text: "Let me look into that for you." }))
        .ok,
    ).toBe(true);
    mine.socket.close();
    theirs.socket.close();

    const res = await admin.fetch("/api/v1/insights");
    expect(res.status).toBe(200);
    const body = (await res.json()) as Insights;
    expect(Object.keys(body)).toEqual(["from", "to", "totals", "weeks", "policies", "levels"]);
    const level = (e: string) => body.levels.find((l) => l.experience === e)!;
    expect(level("new")).toMatchObject({ tickets: 1, suggestions: { sent_as_is: 1, edited: 0, discarded: 0 }, drafts_checked: 1, drafts_flagged: 1 });
    expect(level("new").median_first_reply_seconds).toEqual(expect.any(Number));
    expect(level("experienced")).toMatchObject({
      tickets: 1,
      suggestions: { sent_as_is: 0, edited: 0, discarded: 1 },
      drafts_checked: 0,
      drafts_flagged: 0,
    });
    // Agents still may not read insights.
    expect((await nia.fetch("/api/v1/insights")).status).toBe(403);
  }, 120_000);
});
