// Test support for the server: a Keel server on a fresh in-memory database with a small KB,
// staff accounts, and real socket.io clients whose acks and events can be awaited.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { io as connect, type Socket } from "socket.io-client";
import { readConfig } from "../config/env.ts";
import { freshDatabase } from "./database.ts";
import { OfflineEmbedder } from "../kb/embed/offline.ts";
import { importPaths } from "../kb/import.ts";
import { startServer, type RunningServer, type ServerOptions } from "../server/app.ts";
import type { Role } from "../server/auth/roles.ts";
import type { Log } from "../server/conversations/turns.ts";
import { createStaff } from "../server/auth/staff-store.ts";
import { returnsPolicy, SHIPPING_POLICY } from "./policies.ts";

export const TEST_KB: Record<string, string> = {
  "returns.md": returnsPolicy(),
  "shipping.md": SHIPPING_POLICY,
  "recalls.md": `---
id: recalls
title: Product safety recalls
effective_from: 2024-01-01
handoff: required
---
# Product safety recalls
## Recalled products
If a product you bought is recalled, stop using it. A specialist arranges the refund or replacement.
`,
};

export async function writeKb(files: Record<string, string> = TEST_KB): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "keel-kb-"));
  for (const [name, body] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), body);
  return dir;
}

export type TestServer = RunningServer & { staff(role: Role, name: string): Promise<StaffClient> };

export async function startTestServer(
  env: Record<string, string> = {},
  options: { log?: Log; beforeRoutes?: ServerOptions["beforeRoutes"]; limits?: ServerOptions["limits"] } = {},
): Promise<TestServer> {
  const db = await freshDatabase();
  const embedder = new OfflineEmbedder();
  await importPaths(db.pool, embedder, [await writeKb()], "import");
  // Turns on the event loop unless a test asks for workers: a test server starts in a second.
  const config = readConfig({ KEEL_LOG_LEVEL: "silent", KEEL_DATA_DIR: "memory://", KEEL_TURN_WORKERS: "0", ...env });
  const server = await startServer({
    config,
    kb: { db, embedder },
    port: 0,
    importSamplesWhenEmpty: false,
    ...(options.log ? { log: options.log } : {}),
    ...(options.beforeRoutes ? { beforeRoutes: options.beforeRoutes } : {}),
    ...(options.limits ? { limits: options.limits } : {}),
  });
  return {
    ...server,
    async close() {
      await server.close();
      await db.close();
    },
    async staff(role, name) {
      const email = `${name.toLowerCase()}-${Math.random().toString(36).slice(2, 8)}@example.test`;
      await createStaff(db.pool, { email, role, password: "correct horse battery", displayName: name });
      return signIn(server.url, email, "correct horse battery");
    },
  };
}

export type StaffClient = {
  cookie: string;
  csrfToken: string;
  email: string;
  fetch(path: string, init?: RequestInit): Promise<Response>;
  socket(): Promise<Socket>;
};

export async function signIn(url: string, email: string, password: string): Promise<StaffClient> {
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers.get("set-cookie")!.split(";")[0]!;
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return {
    cookie,
    csrfToken,
    email,
    fetch: (p, init = {}) =>
      fetch(`${url}${p}`, { ...init, headers: { cookie, "x-csrf-token": csrfToken, "content-type": "application/json", ...(init.headers ?? {}) } }),
    socket: () => open(connect(`${url}/agent`, { extraHeaders: { cookie }, transports: ["websocket"], forceNew: true })),
  };
}

export type CustomerClient = { id: string; token: string; socket: Socket; fetch(path: string, init?: RequestInit): Promise<Response> };

export async function newCustomer(url: string, body: object = {}): Promise<CustomerClient> {
  const res = await fetch(`${url}/api/v1/conversations`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (res.status !== 201) throw new Error(`conversation not created: ${res.status} ${await res.text()}`);
  const { id, token } = (await res.json()) as { id: string; token: string };
  const socket = await open(customerSocket(url, id, token));
  return {
    id,
    token,
    socket,
    fetch: (p, init = {}) =>
      fetch(`${url}${p}`, { ...init, headers: { authorization: `Bearer ${token}`, "content-type": "application/json", ...(init.headers ?? {}) } }),
  };
}

/** A widget socket; `forwardedFor` makes it look like a customer behind a proxy at that address. */
export function customerSocket(url: string, conversationId: string, token: string, options: { forwardedFor?: string } = {}): Socket {
  const extraHeaders = options.forwardedFor ? { "x-forwarded-for": options.forwardedFor } : undefined;
  return connect(`${url}/customer`, {
    auth: { conversationId, token },
    transports: ["websocket"],
    forceNew: true,
    ...(extraHeaders && { extraHeaders }),
  });
}

/** Resolves when the socket connects; rejects with the server's reason when it is refused. */
export function open(socket: Socket): Promise<Socket> {
  return new Promise((resolve, reject) => {
    socket.once("connect", () => resolve(socket));
    socket.once("connect_error", (err) => {
      socket.close();
      reject(err);
    });
  });
}

export async function ask<T = Record<string, unknown>>(
  socket: Socket,
  event: string,
  ...payload: unknown[]
): Promise<T & { ok: boolean; error?: { code: string; message: string } }> {
  return (await socket.timeout(20_000).emitWithAck(event, ...payload)) as T & { ok: boolean; error?: { code: string; message: string } };
}

/** The next `event` whose payload passes the test (events seen before the call are not replayed). */
export function next<T = Record<string, unknown>>(
  socket: Socket,
  event: string,
  test: (payload: T) => boolean = () => true,
  ms = 20_000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, handler);
      reject(new Error(`no "${event}" event matching the test within ${ms} ms`));
    }, ms);
    const handler = (payload: T) => {
      if (!test(payload)) return;
      clearTimeout(timer);
      socket.off(event, handler);
      resolve(payload);
    };
    socket.on(event, handler);
  });
}
