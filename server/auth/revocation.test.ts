// Staff access can be taken back: logout, a password change and disabling an account end sessions
// and close the live console sockets; revoked and expired API tokens get 401; cookies are Secure
// outside the demo; the staff socket refuses other sites' pages; a reused clientId with another
// text is a conflict, not a silent "ok".
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isAllowedOrigin } from "../realtime/agent-socket.ts";
import { ask, newCustomer, next, open, signIn, startTestServer, type TestServer } from "../../test-support/server.ts";
import { createSession, disableStaff, revokeSession, staffIdOf } from "./staff-store.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
}, 60_000);
afterAll(async () => {
  await server?.close();
});

const PASSWORD = "correct horse battery";

/** Resolves with the reason once the server closes the socket, and the "session:ended" it said first. */
function closedByServer(socket: Socket): Promise<{ reason: string; ended: { reason: string } }> {
  const ended = next<{ reason: string }>(socket, "session:ended");
  return new Promise((resolve) => socket.once("disconnect", async (reason) => resolve({ reason, ended: await ended })));
}

const staffSocket = (url: string, headers: Record<string, string>, auth?: object) =>
  open(connect(`${url}/agent`, { extraHeaders: headers, transports: ["websocket"], forceNew: true, reconnection: false, ...(auth && { auth }) }));

async function bearer(token: string, path = "/api/v1/handoffs"): Promise<number> {
  return (await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${token}` } })).status;
}

describe("ending staff access", () => {
  it("logout closes the console sockets of that session (and only that session) and the cookie stops working", async () => {
    const avery = await server.staff("agent", "Avery");
    const otherDevice = await signIn(server.url, avery.email, PASSWORD);
    const socket = await avery.socket();
    const elsewhere = await otherDevice.socket();
    expect((await ask(socket, "queue", {})).ok).toBe(true);
    const closed = closedByServer(socket);
    expect((await avery.fetch("/api/v1/auth/logout", { method: "POST" })).status).toBe(204);
    expect(await closed).toEqual({ reason: "io server disconnect", ended: { reason: "signed_out" } });
    expect((await avery.fetch("/api/v1/handoffs")).status).toBe(401);
    await expect(avery.socket()).rejects.toThrow("unauthorized");
    // The other device's session is its own.
    expect((await ask(elsewhere, "queue", {})).ok).toBe(true);
    elsewhere.close();
  });

  it("a password change ends every browser session of the account and closes all its consoles", async () => {
    const blair = await server.staff("agent", "Blair");
    const second = await signIn(server.url, blair.email, PASSWORD);
    const sockets = [await blair.socket(), await second.socket()];
    const wrong = await blair.fetch("/api/v1/auth/password", {
      method: "POST",
      body: JSON.stringify({ current_password: "not it at all", new_password: "a brand new passphrase" }),
    });
    expect(wrong.status).toBe(403);
    expect(sockets.every((s) => s.connected)).toBe(true);

    const closed = sockets.map(closedByServer);
    const changed = await blair.fetch("/api/v1/auth/password", {
      method: "POST",
      body: JSON.stringify({ current_password: PASSWORD, new_password: "a brand new passphrase" }),
    });
    expect(changed.status).toBe(204);
    for (const c of await Promise.all(closed)) expect(c.ended.reason).toBe("password_changed");
    expect((await second.fetch("/api/v1/handoffs")).status).toBe(401);
    await expect(signIn(server.url, blair.email, PASSWORD)).rejects.toThrow(/401/);
    expect((await (await signIn(server.url, blair.email, "a brand new passphrase")).fetch("/api/v1/handoffs")).status).toBe(200);
  });

  it("disabling an account closes its consoles, ends its tokens and refuses its sign-in", async () => {
    const casey = await server.staff("agent", "Casey");
    const { token } = await createSession(server.kb.db.pool, (await staffIdOf(server.kb.db.pool, casey.email))!, "api_token");
    const socket = await casey.socket();
    const closed = closedByServer(socket);
    const staff = await disableStaff(server.kb.db.pool, casey.email);
    server.desk.notifier.staffAccessEnded({ staffId: staff!.id }, "account_disabled");
    expect((await closed).ended.reason).toBe("account_disabled");
    expect(await bearer(token)).toBe(401);
    await expect(signIn(server.url, casey.email, PASSWORD)).rejects.toThrow(/401/);
  });

  it("a revoked API token gets 401 at once, and its open socket is refused at its next event even if no one said so", async () => {
    const dana = await server.staff("agent", "Dana");
    const { token, id } = await createSession(server.kb.db.pool, (await staffIdOf(server.kb.db.pool, dana.email))!, "api_token");
    expect(await bearer(token)).toBe(200);
    const socket = await staffSocket(server.url, {}, { token });
    expect((await ask(socket, "queue", {})).ok).toBe(true);

    expect(await revokeSession(server.kb.db.pool, id)).toMatchObject({ kind: "api_token" });
    expect(await bearer(token)).toBe(401);
    // No notification was sent: the per-event session check closes it.
    const closed = closedByServer(socket);
    socket.emit("queue", {}, () => {});
    expect((await closed).ended.reason).toBe("session_ended");
  });

  it("an expired API token gets 401", async () => {
    const eli = await server.staff("agent", "Eli");
    const { token, id, expiresAt } = await createSession(server.kb.db.pool, (await staffIdOf(server.kb.db.pool, eli.email))!, "api_token");
    // Tokens expire by default (STAFF_API_TOKEN_DAYS).
    expect(expiresAt.getTime()).toBeGreaterThan(Date.now() + 80 * 86_400_000);
    expect(expiresAt.getTime()).toBeLessThan(Date.now() + 100 * 86_400_000);
    expect(await bearer(token)).toBe(200);
    await server.kb.db.pool.query("UPDATE staff_sessions SET expires_at = now() - interval '1 second' WHERE id = $1", [id]);
    expect(await bearer(token)).toBe(401);
  });
});

describe("cookies and origins", () => {
  it("marks the session cookie Secure outside the demo", async () => {
    const fay = await server.staff("agent", "Fay");
    const res = await fetch(`${server.url}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: fay.email, password: PASSWORD }),
    });
    expect(res.headers.get("set-cookie")).toMatch(/;\s*Secure/i);
    expect(res.headers.get("set-cookie")).toMatch(/HttpOnly/i);
  });

  it("refuses a staff socket opened from another site's page, and admits Keel's own origin", async () => {
    const gus = await server.staff("agent", "Gus");
    await expect(staffSocket(server.url, { cookie: gus.cookie, origin: "https://evil.example" })).rejects.toThrow("forbidden_origin");
    const own = await staffSocket(server.url, { cookie: gus.cookie, origin: server.url });
    expect(own.connected).toBe(true);
    own.close();
    expect(isAllowedOrigin("https://console.example.com", "keel.internal:3000", ["https://console.example.com"])).toBe(true);
    expect(isAllowedOrigin("https://console.example.com.evil.example", "keel.internal:3000", ["https://console.example.com"])).toBe(false);
  });

  it("with KEEL_SECURE_COOKIES=false, still marks the cookie Secure when a trusted proxy says the request came over HTTPS, and admits listed origins", async () => {
    const other = await startTestServer({ KEEL_SECURE_COOKIES: "false", KEEL_STAFF_ORIGINS: "https://console.example.com" });
    try {
      const hana = await other.staff("agent", "Hana");
      const login = (headers: Record<string, string>) =>
        fetch(`${other.url}/api/v1/auth/login`, {
          method: "POST",
          headers: { "content-type": "application/json", ...headers },
          body: JSON.stringify({ email: hana.email, password: PASSWORD }),
        });
      expect((await login({})).headers.get("set-cookie")).not.toMatch(/Secure/i);
      expect((await login({ "x-forwarded-proto": "https" })).headers.get("set-cookie")).toMatch(/;\s*Secure/i);
      const listed = await staffSocket(other.url, { cookie: hana.cookie, origin: "https://console.example.com" });
      listed.close();
      await expect(staffSocket(other.url, { cookie: hana.cookie, origin: "https://evil.example" })).rejects.toThrow("forbidden_origin");
    } finally {
      await other.close();
    }
  }, 60_000);
});

describe("message idempotency", () => {
  it("acknowledges a retried clientId with the same text once, and refuses one with a different text as a conflict", async () => {
    const c = await newCustomer(server.url);
    const first = await ask<{ message: { id: string } }>(c.socket, "message:send", {
      clientId: "dup-0000001",
      text: "Do orders over $49 ship free?",
    });
    const retry = await ask<{ message: { id: string } }>(c.socket, "message:send", {
      clientId: "dup-0000001",
      text: "Do orders over $49 ship free?",
    });
    expect(first.ok && retry.ok).toBe(true);
    expect(retry.message.id).toBe(first.message.id);
    const changed = await ask(c.socket, "message:send", { clientId: "dup-0000001", text: "How long is the return window?" });
    expect(changed).toMatchObject({ ok: false, error: { code: "client_id_conflict" } });
    expect(changed.error!.message).toMatch(/new clientId/);
    const http = await c.fetch(`/api/v1/conversations/${c.id}/messages`, {
      method: "POST",
      body: JSON.stringify({ text: "Something else", client_id: "dup-0000001" }),
    });
    expect(http.status).toBe(409);
    expect(((await http.json()) as { error: { code: string } }).error.code).toBe("client_id_conflict");
    const { messages } = await ask<{ messages: { author: string; text: string }[] }>(c.socket, "transcript", {});
    expect(messages.filter((m) => m.author === "customer").map((m) => m.text)).toEqual(["Do orders over $49 ship free?"]);
    c.socket.close();
  });
});
