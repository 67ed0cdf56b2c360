// Size, rate and connection limits give clear errors a client can act on: per conversation on the
// socket, per IP for sockets, new conversations, HTTP messages and sign-ins. Small limits here;
// each test speaks from its own address (X-Forwarded-For, trusted from loopback) so none uses up
// another's allowance.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Message } from "../../protocol/messages.ts";
import { ask, customerSocket, open, startTestServer, type TestServer } from "../../test-support/server.ts";
import { createStaff } from "../auth/staff-store.ts";

let server: TestServer;
const LIMITS = {
  conversationMessagesPerMinute: 3,
  socketsPerIp: 3,
  conversationsPerMinute: 4,
  messagesPerMinute: 4,
  transcriptReadsPerMinute: 3,
  handoffRequestsPerMinute: 2,
  typingPerMinute: 3,
};

beforeAll(async () => {
  server = await startTestServer({}, { limits: LIMITS });
}, 60_000);
afterAll(async () => {
  await server?.close();
});

const QUESTION = "Do orders over $49 ship free?";
type Conversation = { id: string; token: string };

function post(path: string, ip: string, body: unknown, token?: string): Promise<Response> {
  return fetch(`${server.url}${path}`, {
    method: "POST",
    body: typeof body === "string" ? body : JSON.stringify(body),
    headers: { "content-type": "application/json", "x-forwarded-for": ip, ...(token ? { authorization: `Bearer ${token}` } : {}) },
  });
}

async function conversation(ip: string): Promise<Conversation> {
  const res = await post("/api/v1/conversations", ip, {});
  expect(res.status).toBe(201);
  return (await res.json()) as Conversation;
}

async function expect429(res: Response, message: RegExp): Promise<void> {
  expect(res.status).toBe(429);
  // Standard headers tell a client when to try again.
  expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
  expect(res.headers.get("ratelimit")).toMatch(/\br=0\b/);
  const { error } = (await res.json()) as { error: { code: string; message: string } };
  expect(error.code).toBe("rate_limited");
  expect(error.message).toMatch(message);
}

const settle = () => new Promise((r) => setTimeout(r, 200));

describe("limits", () => {
  it("rate-limits socket messages per conversation with a 'rate_limited' ack, and only that conversation", async () => {
    const busy = await conversation("10.0.1.1");
    const calm = await conversation("10.0.1.1");
    const socket = await open(customerSocket(server.url, busy.id, busy.token));
    const acks = [];
    for (let i = 0; i < LIMITS.conversationMessagesPerMinute + 1; i++)
      acks.push(await ask(socket, "message:send", { clientId: `limit-rate-${i}`, text: QUESTION }));
    expect(acks.slice(0, LIMITS.conversationMessagesPerMinute).every((a) => a.ok)).toBe(true);
    expect(acks.at(-1)).toMatchObject({ ok: false, error: { code: "rate_limited" } });
    expect(acks.at(-1)!.error!.message).toMatch(/too quickly.*try again/);
    // The refused message was not stored.
    const { messages } = await ask<{ messages: Message[] }>(socket, "transcript", {});
    expect(messages.filter((m) => m.author === "customer")).toHaveLength(LIMITS.conversationMessagesPerMinute);
    // Another conversation on the same address is not slowed down.
    const other = await open(customerSocket(server.url, calm.id, calm.token));
    expect((await ask(other, "message:send", { clientId: "limit-calm-1", text: QUESTION })).ok).toBe(true);
    socket.close();
    other.close();
    await settle();
  });

  it("refuses sockets past the per-IP cap with 'too_many_connections', and admits again when one closes", async () => {
    const c = await conversation("10.0.2.1");
    const sockets = [];
    for (let i = 0; i < LIMITS.socketsPerIp; i++) sockets.push(await open(customerSocket(server.url, c.id, c.token)));
    await expect(open(customerSocket(server.url, c.id, c.token))).rejects.toThrow("too_many_connections");
    sockets.pop()!.close();
    await settle();
    sockets.push(await open(customerSocket(server.url, c.id, c.token)));
    for (const s of sockets) s.close();
    await settle();
  });

  it("answers 429 with Retry-After past the per-IP caps on new conversations and HTTP messages", async () => {
    const ip = "10.0.3.1";
    const created = [];
    for (let i = 0; i < LIMITS.conversationsPerMinute; i++) created.push(await conversation(ip));
    await expect429(await post("/api/v1/conversations", ip, {}), /new conversations/);
    // Per address: another one is not affected.
    expect((await post("/api/v1/conversations", "10.0.3.2", {})).status).toBe(201);

    // Spread over the address's conversations, so the per-address cap is the one reached.
    for (let i = 0; i < LIMITS.messagesPerMinute; i++) {
      const { id, token } = created[i % created.length]!;
      expect((await post(`/api/v1/conversations/${id}/messages`, ip, { text: QUESTION }, token)).status).toBe(200);
    }
    const { id, token } = created[0]!;
    await expect429(await post(`/api/v1/conversations/${id}/messages`, ip, { text: QUESTION }, token), /Too many messages/);
  });

  it("answers 429 after too many sign-in attempts from one address", async () => {
    const ip = "10.0.4.1";
    const statuses = [];
    // A different account each time: this is the per-address limit, not the per-account lockout.
    for (let i = 0; i < 21; i++)
      statuses.push((await post("/api/v1/auth/login", ip, { email: `nobody-${i}@example.test`, password: `guess-${i}` })).status);
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses[20]).toBe(429);
  });

  it("refuses oversize messages and bodies with a clear error, and drops an oversize socket packet without harm", async () => {
    const ip = "10.0.5.1";
    const c = await conversation(ip);
    const socket = await open(customerSocket(server.url, c.id, c.token));
    const tooLong = await ask(socket, "message:send", { clientId: "limit-size-1", text: "x".repeat(4001) });
    expect(tooLong).toMatchObject({ ok: false, error: { code: "invalid_payload" } });
    expect(tooLong.error!.message).toMatch(/longer than 4000/);

    const http = await post(`/api/v1/conversations/${c.id}/messages`, ip, { text: "x".repeat(4001) }, c.token);
    expect(http.status).toBe(400);
    expect(((await http.json()) as { error: { message: string } }).error.message).toMatch(/longer than 4000/);
    const huge = await post(`/api/v1/conversations/${c.id}/messages`, ip, { text: "x".repeat(70 * 1024) }, c.token);
    expect(huge.status).toBe(413);
    expect(((await huge.json()) as { error: { code: string } }).error.code).toBe("entity.too.large");

    // Above the socket packet cap socket.io closes the connection instead of parsing it.
    const dropped = new Promise<string>((resolve) => socket.once("disconnect", resolve));
    socket.emit("message:send", { clientId: "limit-size-2", text: "x".repeat(300 * 1024) });
    expect(await dropped).toMatch(/transport/);
    socket.close();
    await settle();
    const again = await open(customerSocket(server.url, c.id, c.token));
    const { messages } = await ask<{ messages: Message[] }>(again, "transcript", {});
    expect(messages).toHaveLength(0);
    again.close();
  });

  it("counts socket and HTTP messages from one address together, across its conversations, and says when to retry", async () => {
    const ip = "10.0.6.1";
    const a = await conversation(ip);
    const b = await conversation(ip);
    const socket = await open(customerSocket(server.url, a.id, a.token, { forwardedFor: ip }));
    for (let i = 0; i < 2; i++) expect((await ask(socket, "message:send", { clientId: `limit-addr-${i}`, text: QUESTION })).ok).toBe(true);
    for (let i = 0; i < 2; i++) expect((await post(`/api/v1/conversations/${b.id}/messages`, ip, { text: QUESTION }, b.token)).status).toBe(200);
    // The address has used its 4 messages a minute: the socket is refused though conversation A sent only 2.
    const refused = await ask<{ error: { retryAfterMs: number } }>(socket, "message:send", { clientId: "limit-addr-9", text: QUESTION });
    expect(refused).toMatchObject({ ok: false, error: { code: "rate_limited" } });
    expect(refused.error.retryAfterMs).toBeGreaterThan(0);
    expect(refused.error.retryAfterMs).toBeLessThanOrEqual(60_000);
    socket.close();
    await settle();
  });

  it("limits transcript reads, 'talk to a person', follow-up and typing per conversation, on the socket as over HTTP", async () => {
    const ip = "10.0.7.1";
    const c = await conversation(ip);
    const socket = await open(customerSocket(server.url, c.id, c.token, { forwardedFor: ip }));
    const get = () =>
      fetch(`${server.url}/api/v1/conversations/${c.id}/messages`, { headers: { authorization: `Bearer ${c.token}`, "x-forwarded-for": ip } });

    for (let i = 0; i < LIMITS.transcriptReadsPerMinute - 1; i++) expect((await ask(socket, "transcript", {})).ok).toBe(true);
    expect((await get()).status).toBe(200);
    expect(await ask(socket, "transcript", {})).toMatchObject({ ok: false, error: { code: "rate_limited" } });
    await expect429(await get(), /transcript/);

    expect((await ask(socket, "human:request", {})).ok).toBe(true);
    expect((await ask(socket, "followup", { email: "me@example.test" })).ok).toBe(true);
    expect(await ask(socket, "human:request", {})).toMatchObject({ ok: false, error: { code: "rate_limited" } });
    await expect429(await post(`/api/v1/conversations/${c.id}/human`, ip, {}, c.token), /person/);
    await expect429(await post(`/api/v1/conversations/${c.id}/follow-up`, ip, { email: "me@example.test" }, c.token), /person/);

    for (let i = 0; i < LIMITS.typingPerMinute; i++) expect((await ask(socket, "typing", { typing: i % 2 === 0 })).ok).toBe(true);
    expect(await ask(socket, "typing", { typing: true })).toMatchObject({ ok: false, error: { code: "rate_limited" } });
    socket.close();
    await settle();
  });

  it("counts open sockets per forwarded address behind a trusted proxy, not per proxy", async () => {
    const c = await conversation("10.0.8.1");
    const sockets = [];
    // More customers than the per-address cap, each behind the same proxy (loopback, trusted by default).
    for (let i = 0; i <= LIMITS.socketsPerIp; i++)
      sockets.push(await open(customerSocket(server.url, c.id, c.token, { forwardedFor: `10.0.8.${10 + i}` })));
    // One forwarded address is still capped.
    for (let i = 1; i < LIMITS.socketsPerIp; i++) sockets.push(await open(customerSocket(server.url, c.id, c.token, { forwardedFor: "10.0.8.10" })));
    await expect(open(customerSocket(server.url, c.id, c.token, { forwardedFor: "10.0.8.10" }))).rejects.toThrow("too_many_connections");
    for (const s of sockets) s.close();
    await settle();
  });

  it("locks an account after repeated wrong passwords, from whatever address they come, and refuses even the right password then", async () => {
    const email = "locked-agent@example.test";
    await createStaff(server.kb.db.pool, { email, role: "agent", password: "correct horse battery", displayName: "Lee" });
    const login = (ip: string, password: string) => post("/api/v1/auth/login", ip, { email, password });
    // Six wrong passwords, each from a new address (a botnet): none of them is over its own address's limit.
    for (let i = 0; i < 6; i++) expect((await login(`10.9.0.${i}`, `wrong-${i}`)).status).toBe(401);
    const locked = await login("10.9.1.1", "correct horse battery");
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get("retry-after"))).toBeGreaterThanOrEqual(50);
    const { error } = (await locked.json()) as { error: { code: string; message: string } };
    expect(error.code).toBe("account_locked");
    expect(error.message).toMatch(/locked.*try again/);
    // Another account on the same addresses is not locked.
    const other = "unlocked-agent@example.test";
    await createStaff(server.kb.db.pool, { email: other, role: "agent", password: "correct horse battery", displayName: "Uma" });
    expect((await post("/api/v1/auth/login", "10.9.0.1", { email: other, password: "correct horse battery" })).status).toBe(200);
  });
});
