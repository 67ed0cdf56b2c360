// Two real server processes sharing one database over the wire (PGlite served by pglite-socket)
// and the local Redis: a customer on one and an agent on the other see each other's messages and
// queue updates, a ticket claimed from both processes at once has exactly one owner, rate limits
// are one count across processes, and staff access taken back on one process (or by the CLI)
// closes the consoles on every process.
import { execFile } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { promisify } from "node:util";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RATE_LIMITS } from "../config/limits.ts";
import { createStaff } from "./auth/staff-store.ts";
import type { Message, StatusEvent, Ticket } from "../protocol/messages.ts";
import { eventually, startKeel, startWireDatabase, stop, type KeelProcess, type WireDatabase } from "../test-support/processes.ts";
import { ask, newCustomer, next, open, signIn } from "../test-support/server.ts";

const run = promisify(execFile);

const redisUp = await new Promise<boolean>((resolve) => {
  const s = net.connect(6379, "127.0.0.1", () => {
    s.end();
    resolve(true);
  });
  s.on("error", () => resolve(false));
});
if (!redisUp) console.warn("scale-out tests skipped: no Redis on 127.0.0.1:6379 (CI starts one; see .ci/run)");

let wire: WireDatabase | null = null;
let servers: KeelProcess[] = [];
let urls: string[] = [];
let env: Record<string, string> = {};

beforeAll(async () => {
  if (!redisUp) return;
  wire = await startWireDatabase();
  for (const name of ["Alex", "Blair", "Casey", "Dana", "Eli"])
    await createStaff(wire.db.pool, {
      email: `${name.toLowerCase()}@scale.test`,
      role: "agent",
      password: "correct horse battery",
      displayName: name,
    });
  await createStaff(wire.db.pool, { email: "olive@scale.test", role: "policy_owner", password: "correct horse battery", displayName: "Olive" });
  env = { DATABASE_URL: wire.url, REDIS_URL: "redis://127.0.0.1:6379", KEEL_REDIS_CHANNEL: `keel-test-${process.pid}-${Date.now()}` };
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
    // (oneExtendedQueryAtATime in test-support/processes.ts); the race under test is the claim below.
    const alex = await signIn(a, "alex@scale.test", "correct horse battery");
    const blair = await signIn(b, "blair@scale.test", "correct horse battery");
    const customer = await newCustomer(a);
    await ask(customer.socket, "human:request", {});
    const queue = (await (await alex.fetch("/api/v1/handoffs")).json()) as { tickets: Ticket[] };
    const ticket = queue.tickets.find((t) => t.conversationId === customer.id)!;
    const statuses = (
      await Promise.all([
        alex.fetch(`/api/v1/handoffs/${ticket.id}/claim`, { method: "POST" }),
        blair.fetch(`/api/v1/handoffs/${ticket.id}/claim`, { method: "POST" }),
      ])
    ).map((r) => r.status);
    expect(statuses.sort()).toEqual([200, 409]);
    customer.socket.close();
  }, 60_000);

  it("counts one address's requests across both processes against one limit", async () => {
    const create = (url: string) =>
      fetch(`${url}/api/v1/conversations`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-forwarded-for": "10.50.0.1" },
        body: "{}",
      });
    for (let i = 0; i < RATE_LIMITS.conversationsPerMinute; i++) expect((await create(urls[i % 2]!)).status).toBe(201);
    expect([(await create(urls[0]!)).status, (await create(urls[1]!)).status]).toEqual([429, 429]);
  }, 60_000);

  /** `keel …` against the shared database and Redis, as an operator would run it. */
  const keel = (...args: string[]) =>
    run(process.execPath, [path.resolve("bin/keel.mjs"), ...args], { env: { ...process.env, KEEL_LOG_LEVEL: "warn", ...env }, timeout: 60_000 });
  const closed = (socket: Socket) => new Promise<string>((resolve) => socket.once("disconnect", resolve));

  it("logout on one process closes the agent's console socket on the other", async () => {
    const [a, b] = urls as [string, string];
    const casey = await signIn(a, "casey@scale.test", "correct horse battery");
    const otherSession = await (await signIn(b, "casey@scale.test", "correct horse battery")).socket();
    // This session's console, connected to process B.
    const onB = await open(
      connect(`${b}/agent`, { extraHeaders: { cookie: casey.cookie }, transports: ["websocket"], forceNew: true, reconnection: false }),
    );
    expect((await ask(onB, "queue", {})).ok).toBe(true);
    const ended = closed(onB);
    expect((await casey.fetch("/api/v1/auth/logout", { method: "POST" })).status).toBe(204);
    expect(await ended).toBe("io server disconnect");
    // Another session of the same agent stays.
    expect((await ask(otherSession, "queue", {})).ok).toBe(true);
    otherSession.close();
  }, 60_000);

  it("keel users disable closes the account's consoles on both processes, and revoke-token makes a token 401 on both", async () => {
    const [a, b] = urls as [string, string];
    const dana = await signIn(a, "dana@scale.test", "correct horse battery");
    const sockets = [await dana.socket(), await (await signIn(b, "dana@scale.test", "correct horse battery")).socket()];
    for (const s of sockets) expect((await ask(s, "queue", {})).ok).toBe(true);
    const ended = sockets.map(closed);
    const { stdout } = await keel("users", "disable", "dana@scale.test");
    expect(stdout).toMatch(/disabled dana@scale.test.*consoles closed/);
    // Told through Redis as the command ran, not found later by the servers' 30 s recheck.
    const inTime = new Promise<string[]>((resolve) => setTimeout(() => resolve(["still open"]), 5000));
    expect(await Promise.race([Promise.all(ended), inTime])).toEqual(["io server disconnect", "io server disconnect"]);
    for (const url of urls)
      expect(
        (
          await fetch(`${url}/api/v1/auth/login`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ email: "dana@scale.test", password: "correct horse battery" }),
          })
        ).status,
      ).toBe(401);

    const token = (await keel("users", "token", "eli@scale.test")).stdout.trim();
    const listed = (await keel("users", "tokens", "eli@scale.test")).stdout;
    const id = listed
      .split("\n")
      .find((l) => l.includes("\ttoken\t"))!
      .split("\t")[0]!;
    const status = (url: string) => fetch(`${url}/api/v1/handoffs`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status);
    expect([await status(a), await status(b)]).toEqual([200, 200]);
    expect((await keel("users", "revoke-token", id)).stdout).toMatch(new RegExp(`revoked token ${id}`));
    expect([await status(a), await status(b)]).toEqual([401, 401]);
  }, 120_000);

  it("answers on one process from a policy published on the other a moment before", async () => {
    const [a, b] = urls as [string, string];
    const owner = await signIn(a, "olive@scale.test", "correct horse battery");
    const id = `gift-wrap-${Date.now()}`;
    const source = `---\nid: ${id}\ntitle: Gift wrapping\neffective_from: 2024-01-01\n---\n# Gift wrapping\n## Price\nGift wrapping costs $4.50 per item and is added at checkout.\n`;
    const created = await owner.fetch("/api/v1/policies", { method: "POST", body: JSON.stringify({ source }) });
    expect(created.status).toBe(201);
    const question = async (url: string) => {
      const customer = await newCustomer(url);
      customer.socket.close();
      const res = await customer.fetch(`/api/v1/conversations/${customer.id}/messages`, {
        method: "POST",
        body: JSON.stringify({ client_id: `gw-${Date.now()}`, text: "How much does gift wrapping cost?" }),
      });
      expect(res.status).toBe(200);
      return (await res.json()) as { text: string; citations: { policy: string }[] };
    };
    const knowledge = async (url: string) => ((await (await fetch(`${url}/readyz`)).json()) as { checks: { knowledge: string } }).checks.knowledge;
    // Saving the draft was a change too (its policy and chunks): B applies it, then serves from memory.
    await eventually("process B serving from memory", async () => (await knowledge(b)).startsWith("memory"), 10_000, 50);
    // A draft is nobody's answer, on either process.
    expect((await question(b)).citations.some((c) => c.policy === id)).toBe(false);
    const published = await owner.fetch(`/api/v1/policies/${id}/versions/1/publish`, { method: "POST", body: "{}" });
    expect(published.status).toBe(200);
    // Process B holds what is published in memory: A's publish reached it (the database told A,
    // A told B through Redis) before B's next question, asked as soon as the publish returned.
    const started = performance.now();
    const answer = await question(b);
    expect(answer.text).toContain("$4.50");
    expect(answer.citations.map((c) => c.policy)).toContain(id);
    expect(performance.now() - started).toBeLessThan(1000);
    // And once B has applied the change, from memory too.
    await eventually("process B serving from memory", async () => (await knowledge(b)).startsWith("memory"), 10_000, 50);
    expect((await question(b)).text).toContain("$4.50");
  }, 60_000);
});
