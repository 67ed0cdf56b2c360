// The whole human handoff over real socket.io clients: customer → Keel → handoff → an agent
// claims → replies → returns the conversation to Keel → resolves; plus the claim race and a
// customer reconnecting without losing or duplicating anything.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Message, StatusEvent, Ticket } from "../protocol/messages.ts";
import { ask, customerSocket, newCustomer, next, open, startTestServer, type StaffClient, type TestServer } from "../test-support/server.ts";

let server: TestServer;
let alex: StaffClient;
let blair: StaffClient;

beforeAll(async () => {
  server = await startTestServer();
  alex = await server.staff("agent", "Alex");
  blair = await server.staff("agent", "Blair");
}, 60_000);
afterAll(async () => {
  await server?.close();
});

describe("customer → Keel → handoff → agent → back to Keel", () => {
  it("answers with a citation, hands off on request, and lets one agent take over, reply, return and resolve", async () => {
    const agentSocket = await alex.socket();
    const customer = await newCustomer(server.url);
    const { socket } = customer;

    // Keel answers from the KB with a citation.
    const first = await ask<{ message: Message; reply: Message }>(socket, "message:send", {
      clientId: "c-000001",
      text: "How many days do I have to return unworn items?",
    });
    expect(first.ok).toBe(true);
    expect(first.reply.author).toBe("keel");
    expect(first.reply.outcome).toBe("answer");
    expect(first.reply.text).toContain("30 days");
    expect(first.reply.citations[0]).toMatchObject({ policy: "returns", version: 1, section: "Return window" });

    // Asking for a human opens a ticket that reaches the online agent in real time.
    const ticketEvent = next<Ticket>(agentSocket, "ticket", (t) => t.conversationId === customer.id);
    const queued = next<StatusEvent>(socket, "status", (s) => s.status === "queued");
    const second = await ask<{ reply: Message }>(socket, "message:send", { clientId: "c-000002", text: "I want to talk to a human please" });
    expect(second.reply.outcome).toBe("handoff");
    const ticket = await ticketEvent;
    expect(ticket).toMatchObject({ status: "open", reason: "requested" });
    expect(ticket.context.question).toContain("talk to a human");
    expect((await queued).agentsOnline).toBeGreaterThanOrEqual(1);

    // While queued, Keel does not answer: the message waits for the human.
    const waiting = await ask<{ queued?: boolean; reply?: Message }>(socket, "message:send", { clientId: "c-000003", text: "Are you there?" });
    expect(waiting.queued).toBe(true);
    expect(waiting.reply).toBeUndefined();

    // The agent claims; the customer sees who joined.
    const joined = next<Message>(socket, "message", (m) => m.author === "system" && m.text.includes("Alex"));
    const claimed = await ask<{ ticket: Ticket }>(agentSocket, "ticket:claim", { ticketId: ticket.id });
    expect(claimed.ok).toBe(true);
    expect(claimed.ticket.claimedBy?.displayName).toBe("Alex");
    expect((await joined).text).toBe("Alex from support joined the conversation.");

    const opened = await ask<{ messages: { author: string; text: string; grounding: unknown }[]; ticket: Ticket }>(agentSocket, "conversation:open", {
      conversationId: customer.id,
    });
    expect(opened.messages.map((m) => m.author)).toEqual(["customer", "keel", "customer", "keel", "customer", "system"]);
    expect(opened.messages.find((m) => m.author === "keel")?.grounding).toMatchObject({ supportedShare: 1 });

    // A draft with an invented promise is flagged; a grounded one passes.
    const bad = await ask<{ supported: boolean; claims: { text: string; supported: boolean }[] }>(agentSocket, "check", {
      text: "You can return unworn items within 90 days of delivery.",
    });
    expect(bad.supported).toBe(false);
    const good = await ask<{ supported: boolean }>(agentSocket, "check", { text: "You can return unworn items within 30 days of delivery." });
    expect(good.supported).toBe(true);

    const suggestion = await ask<{ suggestion: { text: string; citations: unknown[] } }>(agentSocket, "suggest", { conversationId: customer.id });
    expect(suggestion.ok).toBe(true);
    expect(typeof suggestion.suggestion.text).toBe("string");

    // The agent's reply reaches the customer; the customer's reply reaches the agent; Keel stays quiet.
    const agentMessage = next<Message>(socket, "message", (m) => m.author === "agent");
    const sent = await ask(agentSocket, "reply", { conversationId: customer.id, clientId: "a-000001", text: "Hi, Alex here. I can help with that." });
    expect(sent.ok).toBe(true);
    expect(await agentMessage).toMatchObject({ authorName: "Alex", text: "Hi, Alex here. I can help with that." });
    // A "thanks" asks nothing: it reaches the agent, and Keel drafts nothing for it.
    const suggestions: unknown[] = [];
    agentSocket.on("suggestion", (s: unknown) => suggestions.push(s));
    const toAgent = next<Message>(agentSocket, "message", (m) => m.author === "customer" && m.text === "Thanks Alex");
    const during = await ask<{ queued?: boolean }>(socket, "message:send", { clientId: "c-000004", text: "Thanks Alex" });
    expect(during.queued).toBe(true);
    await toAgent;
    // A real question: Keel stays quiet for the customer but drafts a grounded reply for the agent.
    const drafted = next<{ text: string }>(agentSocket, "suggestion", () => true);
    const asked = await ask<{ queued?: boolean }>(socket, "message:send", { clientId: "c-000006", text: "And how long do refunds take?" });
    expect(asked.queued).toBe(true);
    expect(typeof (await drafted).text).toBe("string");
    expect(suggestions).toHaveLength(1);
    const http202 = await customer.fetch(`/api/v1/conversations/${customer.id}/messages`, {
      method: "POST",
      body: JSON.stringify({ text: "Still with Alex?" }),
    });
    expect(http202.status).toBe(202);
    expect(await http202.json()).toEqual({ outcome: "queued_for_agent" });

    const note = await ask<{ note: { text: string } }>(agentSocket, "note", {
      conversationId: customer.id,
      text: "Customer is polite; return window question.",
    });
    expect(note.note.text).toContain("polite");

    // Back to Keel: the next question is answered by Keel again.
    const back = next<StatusEvent>(socket, "status", (s) => s.status === "bot");
    expect((await ask(agentSocket, "return", { conversationId: customer.id })).ok).toBe(true);
    await back;
    const again = await ask<{ reply: Message }>(socket, "message:send", { clientId: "c-000005", text: "How long does standard delivery take?" });
    expect(again.reply.outcome).toBe("answer");
    expect(again.reply.text).toContain("5 business days");

    const resolved = await ask<{ ticket: Ticket }>(agentSocket, "resolve", { ticketId: ticket.id, disposition: "solved" });
    expect(resolved.ticket).toMatchObject({ status: "resolved", disposition: "solved" });
    const events = await alex.fetch(`/api/v1/handoffs/${ticket.id}`);
    const detail = (await events.json()) as { events: { kind: string }[]; notes: unknown[] };
    // The agent asked Keel for a suggestion once (the insights count it per experience level).
    expect(detail.events.map((e) => e.kind)).toEqual(["created", "claimed", "suggested", "replied", "note", "returned", "resolved"]);
    expect(detail.notes).toHaveLength(1);

    socket.close();
    agentSocket.close();
  }, 60_000);

  it("hands off when the cited policy requires a human, and tells the customer honestly when nobody is online", async () => {
    const customer = await newCustomer(server.url);
    const systemLines: string[] = [];
    customer.socket.on("message", (m: Message) => m.author === "system" && systemLines.push(m.text));
    const status = next<StatusEvent>(customer.socket, "status", (s) => s.status === "queued");
    const sent = await ask<{ reply: Message }>(customer.socket, "message:send", {
      clientId: "r-000001",
      text: "The heater I bought was recalled, what do I do with the recalled product?",
    });
    expect(sent.reply.outcome).toBe("handoff");
    // Nobody online travels as status (the widget's one line for that state), never as a
    // transcript line beside Keel's reply; Keel's reply promises no connection.
    expect(await status).toMatchObject({ agentsOnline: 0, queueAhead: 0, closedUntil: null });
    expect(sent.reply.text).not.toMatch(/connecting you/i);
    expect(systemLines).toEqual([]);
    const left = await ask(customer.socket, "followup", { email: "sam@example.com" });
    expect(left.ok).toBe(true);
    const queue = (await (await alex.fetch("/api/v1/handoffs")).json()) as { tickets: Ticket[] };
    const mine = queue.tickets.find((t) => t.conversationId === customer.id)!;
    expect(mine).toMatchObject({ followUpEmail: "sam@example.com", status: "open" });
    // A recall is a safety topic as well as a handoff-required policy: either reason is right.
    expect(["policy_requires", "sensitive"]).toContain(mine.reason);
    expect(mine.priorityLabel).toMatch(/urgent|high/);
    expect(mine.slaDueAt > mine.createdAt).toBe(true);
    customer.socket.close();
  }, 30_000);
});

describe("claims", () => {
  it("gives a ticket to exactly one of two agents claiming at the same moment", async () => {
    const [a, b] = await Promise.all([alex.socket(), blair.socket()]);
    const customer = await newCustomer(server.url);
    await ask(customer.socket, "human:request", {});
    const queue = await ask<{ tickets: Ticket[] }>(a, "queue", {});
    const ticket = queue.tickets.find((t) => t.conversationId === customer.id)!;
    const results = await Promise.all([
      ask<{ ticket?: Ticket }>(a, "ticket:claim", { ticketId: ticket.id }),
      ask<{ ticket?: Ticket }>(b, "ticket:claim", { ticketId: ticket.id }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const loser = results.find((r) => !r.ok)!;
    expect(loser.error?.code).toBe("already_claimed");
    // The loser cannot reply into the winner's conversation.
    const loserSocket = results[0]!.ok ? b : a;
    const denied = await ask(loserSocket, "reply", { conversationId: customer.id, clientId: "x-000001", text: "me too" });
    expect(denied).toMatchObject({ ok: false, error: { code: "not_yours" } });
    // And over HTTP the same race has one winner as well.
    const other = await newCustomer(server.url);
    await other.fetch(`/api/v1/conversations/${other.id}/human`, { method: "POST" });
    const t2 = ((await (await alex.fetch("/api/v1/handoffs")).json()) as { tickets: Ticket[] }).tickets.find((t) => t.conversationId === other.id)!;
    const statuses = (
      await Promise.all([
        alex.fetch(`/api/v1/handoffs/${t2.id}/claim`, { method: "POST" }),
        blair.fetch(`/api/v1/handoffs/${t2.id}/claim`, { method: "POST" }),
      ])
    )
      .map((r) => r.status)
      .sort();
    expect(statuses).toEqual([200, 409]);
    for (const s of [a, b, customer.socket, other.socket]) s.close();
  }, 30_000);
});

describe("reconnecting", () => {
  it("returns the transcript after a reconnect and never stores or answers a retried message twice", async () => {
    const customer = await newCustomer(server.url);
    const first = await ask<{ message: Message; reply: Message }>(customer.socket, "message:send", {
      clientId: "d-000001",
      text: "Do orders over $49 ship free?",
    });
    customer.socket.close();

    // A new page load: same conversation, same token; the retry of the last send is idempotent.
    const again = await open(customerSocket(server.url, customer.id, customer.token));
    const retry = await ask<{ message: Message; reply: Message }>(again, "message:send", {
      clientId: "d-000001",
      text: "Do orders over $49 ship free?",
    });
    expect(retry.message.id).toBe(first.message.id);
    expect(retry.reply.id).toBe(first.reply.id);
    const transcript = await ask<{ messages: Message[] }>(again, "transcript", {});
    expect(transcript.messages.map((m) => m.id)).toEqual([first.message.id, first.reply.id]);
    const after = await ask<{ messages: Message[] }>(again, "transcript", { after: first.message.id });
    expect(after.messages.map((m) => m.id)).toEqual([first.reply.id]);

    // The HTTP API sees the same transcript, and an idempotent HTTP retry returns the same reply.
    const body = JSON.stringify({ text: "How much is a return label?", client_id: "h-000001" });
    const r1 = await (await customer.fetch(`/api/v1/conversations/${customer.id}/messages`, { method: "POST", body })).json();
    const r2 = await (await customer.fetch(`/api/v1/conversations/${customer.id}/messages`, { method: "POST", body })).json();
    expect(r2.text).toBe(r1.text);
    const list = (await (await customer.fetch(`/api/v1/conversations/${customer.id}/messages`)).json()) as { messages: Message[] };
    expect(list.messages).toHaveLength(4);
    expect(new Set(list.messages.map((m) => m.id)).size).toBe(4);
    again.close();
  }, 30_000);
});
