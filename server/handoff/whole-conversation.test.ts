// The ticket an agent gets is about the whole conversation, end to end through the real graph:
// a returns dispute that ends in "I want to talk to a human" is filed under Returns with a summary
// of what was asked, answered and disputed; the suggested reply answers the disputed point; a
// flagged draft sentence comes with its correction; a ticket handed back reads as Keel's.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Message, Ticket } from "../../protocol/messages.ts";
import { ask, newCustomer, next, startTestServer, type StaffClient, type TestServer } from "../../test-support/server.ts";

let server: TestServer;
let alex: StaffClient;

beforeAll(async () => {
  server = await startTestServer();
  alex = await server.staff("agent", "Alex");
}, 60_000);
afterAll(async () => {
  await server?.close();
});

let clientIds = 0;
async function conversation(...texts: string[]) {
  const customer = await newCustomer(server.url);
  for (const text of texts)
    expect((await ask<{ reply: Message }>(customer.socket, "message:send", { clientId: `whole-turn-${++clientIds}`, text })).ok).toBe(true);
  return customer;
}

describe("a handoff about the whole conversation", () => {
  it("files a returns dispute under Returns and summarises it, whatever its last line", async () => {
    const agent = await alex.socket();
    const ticketEvent = next<Ticket>(agent, "ticket", (t) => t.status === "open");
    const customer = await conversation(
      "How many days do I have to return unworn items?",
      "That's wrong, you allow returns within 90 days",
      "I want to talk to a human",
    );
    const ticket = await ticketEvent;
    expect(ticket.conversationId).toBe(customer.id);
    expect(ticket.topic).toBe("Returns");
    // "I want to talk to a human" was no question: no grounding score of it to mislead the agent.
    expect(ticket.context.grounding ?? null).toBeNull();
    expect(ticket.context.openQuestion).toBe("How many days do I have to return unworn items?");
    expect(ticket.context.summary.split("\n")).toEqual([
      `Wants: "How many days do I have to return unworn items?"`,
      `Keel said: Returns v1 §Return window: "You can return unworn items within 30 days of delivery for a full refund."`,
      `Disputed: the customer says "you allow returns within 90 days" — Returns v1 §Return window says "You can return unworn items within 30 days of delivery for a full refund."`,
      "Handed off: the customer asked for a person.",
    ]);

    // The grounded suggestion addresses the dispute, not the request for a person.
    const suggested = await ask<{ suggestion: { text: string; citations: { section: string }[] } }>(agent, "suggest", {
      conversationId: customer.id,
    });
    expect(suggested.suggestion.text).toContain("30 days");
    expect(suggested.suggestion.citations[0]?.section).toBe("Return window");
    customer.socket.close();
    agent.close();
  });

  it("summarises the conversation when the customer presses the button for a person", async () => {
    const agent = await alex.socket();
    const customer = await conversation("How long does standard delivery take?", "thanks");
    const ticketEvent = next<Ticket>(agent, "ticket", (t) => t.conversationId === customer.id);
    expect((await ask(customer.socket, "human:request", {})).ok).toBe(true);
    const ticket = await ticketEvent;
    expect(ticket.topic).toBe("Shipping");
    expect(ticket.context.summary).toContain(`Wants: "How long does standard delivery take?"`);
    expect(ticket.context.found.map((c) => c.section)).toEqual(["Delivery times"]);
    customer.socket.close();
    agent.close();
  });

  it("gives a flagged draft sentence the policy's words and a correction", async () => {
    const agent = await alex.socket();
    const r = await ask<{ claims: { text: string; supported: boolean; evidence: string | null; correction: string | null }[] }>(agent, "check", {
      text: "You can return unworn items within 90 days of delivery.",
    });
    expect(r.claims).toEqual([
      expect.objectContaining({
        supported: false,
        evidence: "You can return unworn items within 30 days of delivery for a full refund.",
        correction: "You can return unworn items within 30 days of delivery.",
      }),
    ]);
    agent.close();
  });

  it("drafts for the agent on each question the customer asks while a person owns the conversation, not on a thanks", async () => {
    const agent = await alex.socket();
    const ticketEvent = next<Ticket>(agent, "ticket", (t) => t.status === "open");
    const customer = await conversation("I want to talk to a human");
    const ticket = await ticketEvent;
    expect((await ask(agent, "ticket:claim", { ticketId: ticket.id })).ok).toBe(true);
    expect((await ask(agent, "conversation:open", { conversationId: customer.id })).ok).toBe(true);
    const drafts: string[] = [];
    agent.on("suggestion", (s: { text: string }) => drafts.push(s.text));
    for (const text of ["thanks", "How many days do I have to return unworn items?"]) {
      expect((await ask<{ queued?: boolean }>(customer.socket, "message:send", { clientId: `whole-turn-${++clientIds}`, text })).queued).toBe(true);
    }
    await expect.poll(() => drafts.length, { timeout: 20_000 }).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 1000));
    expect(drafts).toEqual([expect.stringContaining("30 days")]);
    customer.socket.close();
    agent.close();
  });

  it("shows a ticket handed back to Keel as Keel's in every queue", async () => {
    const agent = await alex.socket();
    const ticketEvent = next<Ticket>(agent, "ticket", (t) => t.status === "open");
    const customer = await conversation("How many days do I have to return unworn items?", "I want to talk to a human");
    const ticket = await ticketEvent;
    expect((await ask(agent, "ticket:claim", { ticketId: ticket.id })).ok).toBe(true);
    const returned = next<Ticket>(agent, "ticket", (t) => t.id === ticket.id && t.returnedToKeel === true);
    expect((await ask(agent, "return", { conversationId: customer.id })).ok).toBe(true);
    expect((await returned).status).toBe("claimed");
    // Asking for a person again makes it wanted again.
    const again = next<Ticket>(agent, "ticket", (t) => t.id === ticket.id && t.returnedToKeel === false);
    await ask(customer.socket, "message:send", { clientId: `whole-turn-${++clientIds}`, text: "I want to talk to a human again" });
    expect((await again).claimedBy?.displayName).toBe("Alex");
    customer.socket.close();
    agent.close();
  });
});
