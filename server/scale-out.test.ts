// Two real server processes sharing one database over the wire (PGlite served by pglite-socket)
// and the local Redis: a customer on one and an agent on the other see each other's messages and
// queue updates, and a ticket claimed from both processes at once has exactly one owner.
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStaff } from "./auth/staff-store.ts";
import type { Message, StatusEvent, Ticket } from "./protocol/messages.ts";
import { startKeel, startWireDatabase, stop, type KeelProcess, type WireDatabase } from "./faults/processes.ts";
import { ask, newCustomer, next, signIn } from "./testing.ts";

const redisUp = await new Promise<boolean>((resolve) => {
  const s = net.connect(6379, "127.0.0.1", () => { s.end(); resolve(true); });
  s.on("error", () => resolve(false));
});
if (!redisUp) console.warn("scale-out tests skipped: no Redis on 127.0.0.1:6379 (CI starts one; see .ci/run)");

let wire: WireDatabase | null = null;
let servers: KeelProcess[] = [];
let urls: string[] = [];

beforeAll(async () => {
  if (!redisUp) return;
  wire = await startWireDatabase();
  for (const name of ["Alex", "Blair"]) await createStaff(wire.db.pool, { email: `${name.toLowerCase()}@scale.test`, role: "agent", password: "correct horse battery", displayName: name });
  const env = { DATABASE_URL: wire.url, REDIS_URL: "redis://127.0.0.1:6379", KEEL_REDIS_CHANNEL: `keel-test-${process.pid}-${Date.now()}` };
  // One at a time: both would migrate the shared database at once.
  servers = [await startKeel(env)];
  servers.push(await startKeel(env));
  urls = servers.map((s) => s.url);
}, 120_000);

afterAll(async () => {
  await Promise.all(servers.map((s) => stop(s.child)));
  await wire?.close();
});

describe.skipIf(!redisUp)("two server processes sharing Redis and one database", () => {
  it("relays a handoff, the claim and replies between a customer on one process and an agent on the other", async () => {
    const [a, b] = urls as [string, string];
    const alex = await signIn(b, "alex@scale.test", "correct horse battery");
    const agentSocket = await alex.socket();
    const customer = await newCustomer(a);

    const ticketEvent = next<Ticket>(agentSocket, "ticket", (t) => t.conversationId === customer.id);
    const human = await ask<{ status: StatusEvent }>(customer.socket, "human:request", {});
    expect(human.ok).toBe(true);
    // Process A counts the agent connected to process B.
    expect(human.status.agentsOnline).toBe(1);
    const ticket = await ticketEvent;

    const joined = next<Message>(customer.socket, "message", (m) => m.author === "system" && m.text.startsWith("Alex"));
    expect((await ask(agentSocket, "ticket:claim", { ticketId: ticket.id })).ok).toBe(true);
    await joined;

    const fromAgent = next<Message>(customer.socket, "message", (m) => m.author === "agent");
    await ask(agentSocket, "reply", { conversationId: customer.id, clientId: "s-0000001", text: "Hello from process B" });
    expect((await fromAgent).text).toBe("Hello from process B");

    const fromCustomer = next<Message>(agentSocket, "message", (m) => m.author === "customer" && m.text === "Hello back from A");
    await ask(customer.socket, "message:send", { clientId: "s-0000002", text: "Hello back from A" });
    await fromCustomer;
    customer.socket.close();
    agentSocket.close();
  }, 60_000);

  it("gives a ticket claimed from both processes at once to exactly one agent", async () => {
    const [a, b] = urls as [string, string];
    // The shared stand-in database runs one client's extended-protocol query at a time
    // (oneExtendedQueryAtATime in faults/processes.ts); the race under test is the claim below.
    const alex = await signIn(a, "alex@scale.test", "correct horse battery");
    const blair = await signIn(b, "blair@scale.test", "correct horse battery");
    const customer = await newCustomer(a);
    await ask(customer.socket, "human:request", {});
    const queue = (await (await alex.fetch("/api/v1/handoffs")).json()) as { tickets: Ticket[] };
    const ticket = queue.tickets.find((t) => t.conversationId === customer.id)!;
    const statuses = (await Promise.all([alex.fetch(`/api/v1/handoffs/${ticket.id}/claim`, { method: "POST" }), blair.fetch(`/api/v1/handoffs/${ticket.id}/claim`, { method: "POST" })])).map((r) => r.status);
    expect(statuses.sort()).toEqual([200, 409]);
    customer.socket.close();
  }, 60_000);
});
