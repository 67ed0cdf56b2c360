// Who may do what: customers only ever reach their own conversation, staff routes and the agent
// namespace refuse customers and the wrong roles, cookie writes need the CSRF token, and every
// malformed payload on every event and route gets a clear error without changing stored data.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUserId } from "./auth/identity.ts";
import { agentEvents } from "../protocol/agent.ts";
import { customerEvents } from "../protocol/customer.ts";
import { ask, customerSocket, newCustomer, open, startTestServer, type StaffClient, type TestServer } from "../test-support/server.ts";

let server: TestServer;
let agent: StaffClient;
let owner: StaffClient;

beforeAll(async () => {
  server = await startTestServer();
  agent = await server.staff("agent", "Avery");
  owner = await server.staff("policy_owner", "Olu");
}, 60_000);
afterAll(async () => {
  await server?.close();
});

const json = (body: unknown) => ({
  method: "POST",
  headers: { "content-type": "application/json" },
  body: typeof body === "string" ? body : JSON.stringify(body),
});

describe("customers", () => {
  it("cannot read, write or join another customer's conversation", async () => {
    const a = await newCustomer(server.url);
    const b = await newCustomer(server.url);
    await ask(b.socket, "message:send", { clientId: "b-0000001", text: "My order number is 12345, how long does delivery take?" });
    expect((await a.fetch(`/api/v1/conversations/${b.id}/messages`)).status).toBe(401);
    expect((await a.fetch(`/api/v1/conversations/${b.id}/messages`, { method: "POST", body: JSON.stringify({ text: "hi" }) })).status).toBe(401);
    await expect(open(customerSocket(server.url, b.id, a.token))).rejects.toThrow("unauthorized");
    await expect(open(customerSocket(server.url, b.id, "x".repeat(40)))).rejects.toThrow("unauthorized");
    const own = (await (await a.fetch(`/api/v1/conversations/${a.id}/messages`)).json()) as { messages: unknown[] };
    expect(own.messages).toHaveLength(0);
    a.socket.close();
    b.socket.close();
  });

  it("trusts a customer id only with the site's signature", async () => {
    await server.kb.db.pool.query("INSERT INTO sites (id, secret) VALUES ('shop', 'site-secret')");
    const good = { site: "shop", userId: "u-1", signature: signUserId("site-secret", "u-1") };
    expect((await fetch(`${server.url}/api/v1/conversations`, json({ identity: good }))).status).toBe(201);
    const forged = { ...good, userId: "u-2" };
    const res = await fetch(`${server.url}/api/v1/conversations`, json({ identity: forged }));
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe("invalid_identity");
  });

  it("cannot use staff routes or the agent console", async () => {
    const c = await newCustomer(server.url);
    expect((await c.fetch("/api/v1/handoffs")).status).toBe(401);
    expect((await c.fetch("/api/v1/check", { method: "POST", body: JSON.stringify({ text: "x" }) })).status).toBe(401);
    expect((await c.fetch("/api/v1/policies")).status).toBe(401);
    await expect(
      open((await import("socket.io-client")).io(`${server.url}/agent`, { transports: ["websocket"], forceNew: true, auth: { token: c.token } })),
    ).rejects.toThrow("unauthorized");
    c.socket.close();
  });
});

describe("staff roles", () => {
  it("keeps policy owners out of the queue and agents out of the policy routes", async () => {
    expect((await owner.fetch("/api/v1/handoffs")).status).toBe(403);
    await expect(owner.socket()).rejects.toThrow("forbidden");
    expect((await agent.fetch("/api/v1/handoffs")).status).toBe(200);
    expect((await agent.fetch("/api/v1/policies")).status).toBe(403);
    expect((await owner.fetch("/api/v1/policies")).status).toBe(200);
  });

  it("refuses cookie writes without the CSRF token and accepts API tokens without one", async () => {
    const res = await fetch(`${server.url}/api/v1/check`, {
      method: "POST",
      headers: { cookie: agent.cookie, "content-type": "application/json" },
      body: JSON.stringify({ text: "Orders over $49 ship free." }),
    });
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe("csrf");
    const { createSession, findStaffByEmail } = await import("./auth/staff-store.ts");
    const staff = (await findStaffByEmail(server.kb.db.pool, agent.email))!;
    const { token } = await createSession(server.kb.db.pool, staff.id, "api_token");
    const ok = await fetch(`${server.url}/api/v1/check`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ text: "Orders over $49 ship free." }),
    });
    expect(ok.status).toBe(200);
    expect((await ok.json()).supported).toBe(true);
    // A session token cannot be replayed as a bearer token.
    const cookieToken = agent.cookie.split("=")[1]!;
    expect((await fetch(`${server.url}/api/v1/handoffs`, { headers: { authorization: `Bearer ${cookieToken}` } })).status).toBe(401);
  });

  it("rejects wrong passwords without saying which part was wrong", async () => {
    const res = await fetch(`${server.url}/api/v1/auth/login`, json({ email: agent.email, password: "wrong password" }));
    expect(res.status).toBe(401);
    const unknown = await fetch(`${server.url}/api/v1/auth/login`, json({ email: "nobody@example.test", password: "wrong password" }));
    expect((await unknown.json()).error.message).toBe((await res.json()).error.message);
  });
});

const BAD_PAYLOADS: unknown[] = [
  null,
  42,
  "text",
  [],
  true,
  { unexpected: 1 },
  JSON.parse('{"__proto__": {"polluted": true}}'),
  { text: "x".repeat(100_000) },
  { a: { b: { c: { d: { e: { f: {} } } } } } },
];

describe("malformed input", () => {
  it("answers every bad payload on every socket event with an error ack and changes nothing", async () => {
    const c = await newCustomer(server.url);
    const agentSocket = await agent.socket();
    const count = async () =>
      Number(
        (await server.kb.db.pool.query("SELECT (SELECT count(*) FROM messages) + (SELECT count(*) FROM tickets) + (SELECT count(*) FROM notes) AS n"))
          .rows[0].n,
      );
    const before = await count();
    for (const [socket, events] of [
      [c.socket, Object.keys(customerEvents)],
      [agentSocket, Object.keys(agentEvents)],
    ] as const) {
      for (const event of events) {
        for (const payload of BAD_PAYLOADS) {
          const ack = await ask(socket, event, payload);
          expect(ack.ok, `${event} ${JSON.stringify(payload)?.slice(0, 40)}`).toBe(false);
          expect(ack.error?.code).toBe("invalid_payload");
        }
      }
    }
    expect(await count()).toBe(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    c.socket.close();
    agentSocket.close();
  }, 60_000);

  it("answers bad HTTP bodies, params and sizes with a 4xx and a reason", async () => {
    const c = await newCustomer(server.url);
    const post = (p: string, body: unknown, headers: Record<string, string> = {}) =>
      c.fetch(p, { method: "POST", body: typeof body === "string" ? body : JSON.stringify(body), headers });
    const msgs = `/api/v1/conversations/${c.id}/messages`;
    for (const body of [
      "{bad json",
      [],
      { text: 5 },
      { text: "" },
      { text: "hi", extra: 1 },
      { text: "hi", as_of: "2026-02-30" },
      { text: "hi", client_id: "../../etc" },
    ]) {
      const res = await post(msgs, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect((await res.json()).error.message).toBeTruthy();
    }
    expect((await post(msgs, { text: "x".repeat(100_000) })).status).toBe(413);
    expect((await fetch(`${server.url}/api/v1/conversations/not-a-uuid/messages`)).status).toBe(400);
    expect((await fetch(`${server.url}/api/v1/conversations`, json({ identity: { site: 1 } }))).status).toBe(400);
    expect((await agent.fetch("/api/v1/handoffs/abc")).status).toBe(400);
    expect((await agent.fetch("/api/v1/handoffs/999999")).status).toBe(404);
    expect((await agent.fetch("/api/v1/handoffs/1/resolve", { method: "POST", body: JSON.stringify({ disposition: "whatever" }) })).status).toBe(400);
    expect((await fetch(`${server.url}/api/v1/auth/login`, json({ email: 5 }))).status).toBe(400);
    expect((await fetch(`${server.url}/api/v1/nothing-here`)).status).toBe(404);
    c.socket.close();
  }, 30_000);
});
