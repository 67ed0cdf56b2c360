// The database unreachable under a running server, two ways: stopped (connections refused) and
// silent (a partition: connections accepted, nothing answered). Either way every request fails
// within a bounded time with a retriable error — 503 database_unavailable with Retry-After, or an
// "unavailable" ack — and the server serves again, without a restart, once the database is back.
import net from "node:net";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import type { Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readConfig } from "../../config/env.ts";
import { createPGlite, openDatabase, type Database } from "../../kb/db/open.ts";
import { OfflineEmbedder } from "../../kb/embed/offline.ts";
import { importPaths } from "../../kb/import.ts";
import type { PGlite } from "@electric-sql/pglite";
import { startServer, type RunningServer } from "../app.ts";
import { openApiDocument } from "../http/openapi.ts";
import { createStaff } from "../auth/staff-store.ts";
import type { Message } from "../../protocol/messages.ts";
import { ask, customerSocket, newCustomer, open, signIn, writeKb, type CustomerClient } from "../../test-support/server.ts";
import { eventually } from "../../test-support/processes.ts";

const embedder = new OfflineEmbedder();
const config = readConfig({ KEEL_LOG_LEVEL: "silent", OPENAI_API_KEY: "", OPENAI_BASE_URL: "", KEEL_DATA_DIR: "memory://" });
let pglite: PGlite;
let socketServer: PGLiteSocketServer | null = null;
let dbPort = 0;
const cleanups: (() => Promise<unknown>)[] = [];

async function serveDb(port = 0): Promise<number> {
  socketServer = new PGLiteSocketServer({ db: pglite, port, host: "127.0.0.1", maxConnections: 30 });
  await socketServer.start();
  return Number(socketServer.getServerConn().split(":").pop());
}
const urlOf = (port: number) => `postgres://postgres:pw@127.0.0.1:${port}/postgres`;

beforeAll(async () => {
  pglite = await createPGlite("memory://");
  dbPort = await serveDb();
  const setup = await openDatabase({ databaseUrl: urlOf(dbPort) });
  await importPaths(setup.pool, embedder, [await writeKb()], "import");
  await createStaff(setup.pool, { email: "ana@down.test", role: "agent", password: "correct horse battery", displayName: "Ana" });
  await setup.close();
}, 60_000);

afterAll(async () => {
  for (const clean of cleanups.reverse()) await clean().catch(() => undefined);
  await socketServer?.stop().catch(() => undefined);
  await pglite?.close();
});

type Logged = { level: string; message: string };

async function keelOn(db: Database): Promise<{ server: RunningServer; logged: Logged[] }> {
  const logged: Logged[] = [];
  const server = await startServer({
    config,
    kb: { db, embedder },
    port: 0,
    importSamplesWhenEmpty: false,
    log: (level, message) => logged.push({ level, message }),
  });
  cleanups.push(
    () => db.close(),
    () => server.close(),
  );
  return { server, logged };
}

/** Everything a customer and an agent do fails fast and retriably; returns the slowest wait. */
async function expectRetriableFailures(url: string, customer: CustomerClient, agentSocket: Socket): Promise<number> {
  const timed = async <T>(fn: () => Promise<T>): Promise<[T, number]> => {
    const t = Date.now();
    const out = await fn();
    return [out, Date.now() - t];
  };
  const waits: number[] = [];
  for (const [path, init] of [
    [`/api/v1/conversations/${customer.id}/messages`, {}],
    [
      `/api/v1/conversations/${customer.id}/messages`,
      { method: "POST", body: JSON.stringify({ text: "How much is a return label?", client_id: "down-http-1" }) },
    ],
    ["/api/v1/conversations", { method: "POST", body: "{}" }],
  ] as const) {
    const [res, ms] = await timed(() => customer.fetch(path, init));
    waits.push(ms);
    expect(res.status, `${init.method ?? "GET"} ${path}`).toBe(503);
    expect(res.headers.get("retry-after")).toBe("2");
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("database_unavailable");
    // …and the API document tells integrators to expect it.
    const route = path.replace(customer.id, "{id}").replace("/api/v1", "");
    const documented = (openApiDocument() as { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> }).paths[route];
    expect(documented?.[(init.method ?? "GET").toLowerCase()]?.responses["503"], `503 documented for ${route}`).toBeDefined();
  }
  const [login, loginMs] = await timed(() =>
    fetch(`${url}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "ana@down.test", password: "correct horse battery" }),
    }),
  );
  waits.push(loginMs);
  expect(login.status).toBe(503);

  const [send, sendMs] = await timed(() => ask(customer.socket, "message:send", { clientId: "down-sock-1", text: "How much is a return label?" }));
  waits.push(sendMs);
  expect(send).toMatchObject({ ok: false, error: { code: "unavailable" } });
  const [queue, queueMs] = await timed(() => ask(agentSocket, "queue", {}));
  waits.push(queueMs);
  expect(queue).toMatchObject({ ok: false, error: { code: "unavailable" } });
  // A new widget connection is refused with a reason the widget can retry on.
  const [refused, connectMs] = await timed(() =>
    open(customerSocket(url, customer.id, customer.token)).then(
      () => "connected",
      (err: Error) => err.message,
    ),
  );
  waits.push(connectMs);
  expect(refused).toBe("unavailable");

  const ready = await fetch(`${url}/readyz`);
  expect(ready.status).toBe(503);
  expect(((await ready.json()) as { checks: { database: string } }).checks.database).toMatch(/^unreachable/);
  expect((await fetch(`${url}/healthz`)).status).toBe(200);
  return Math.max(...waits);
}

/** Back to normal: the retried message is answered once, and the transcript has no duplicate. */
async function expectServingAgain(url: string, customer: CustomerClient): Promise<void> {
  await eventually(
    "the API answers again",
    async () => (await customer.fetch(`/api/v1/conversations/${customer.id}/messages`)).status === 200,
    20_000,
    250,
  );
  const retried = await ask<{ reply: Message }>(customer.socket, "message:send", { clientId: "down-sock-1", text: "How much is a return label?" });
  expect(retried.ok).toBe(true);
  expect(retried.reply.text).toContain("$6.95");
  const again = await ask<{ reply: Message }>(customer.socket, "message:send", { clientId: "down-sock-1", text: "How much is a return label?" });
  expect(again.reply.id).toBe(retried.reply.id);
  const { messages } = (await (await customer.fetch(`/api/v1/conversations/${customer.id}/messages`)).json()) as { messages: Message[] };
  expect(messages.filter((m) => m.text === "How much is a return label?")).toHaveLength(1);
  const another = await newCustomer(url);
  another.socket.close();
}

describe("the database goes away and comes back", () => {
  it("stopped: refused connections give 503 / 'unavailable' at once, and the server serves again when it restarts", async () => {
    const db = await openDatabase({ databaseUrl: urlOf(dbPort) });
    const { server, logged } = await keelOn(db);
    const customer = await newCustomer(server.url);
    const agentSocket = await (await signIn(server.url, "ana@down.test", "correct horse battery")).socket();
    cleanups.push(async () => {
      customer.socket.close();
      agentSocket.close();
    });
    expect((await ask(customer.socket, "message:send", { clientId: "down-sock-0", text: "Do orders over $49 ship free?" })).ok).toBe(true);

    await socketServer!.stop();
    const slowest = await expectRetriableFailures(server.url, customer, agentSocket);
    expect(slowest).toBeLessThan(3000);
    // The pool's idle connections broke while nobody was using them: logged, not fatal.
    expect(logged.some((l) => l.level === "warn" && /database connection dropped/.test(l.message))).toBe(true);

    await serveDb(dbPort);
    await expectServingAgain(server.url, customer);
  }, 60_000);

  it("silent: a database that stops answering costs a bounded wait, then a retriable error, and the server recovers", async () => {
    const link = await silenceableLink(dbPort);
    cleanups.push(() => link.close());
    // Short bounds so the test is quick; production uses the same code with longer ones.
    const db = await openDatabase({ databaseUrl: urlOf(link.port), timeouts: { connectMs: 800, queryMs: 1500 } });
    const { server } = await keelOn(db);
    const customer = await newCustomer(server.url);
    const agentSocket = await (await signIn(server.url, "ana@down.test", "correct horse battery")).socket();
    cleanups.push(async () => {
      customer.socket.close();
      agentSocket.close();
    });

    link.silence();
    const slowest = await expectRetriableFailures(server.url, customer, agentSocket);
    expect(slowest).toBeLessThan(1500 + 2000);

    link.restore();
    await expectServingAgain(server.url, customer);
  }, 60_000);
});

/** A TCP link to the database that can go silent: while silent, bytes are swallowed in both
 *  directions and new connections are held open unanswered; restoring drops the stuck ones (as a
 *  healed partition does once either side has given up) and forwards new connections again. */
async function silenceableLink(targetPort: number): Promise<{ port: number; silence(): void; restore(): void; close(): Promise<void> }> {
  let silent = false;
  const pairs = new Set<[net.Socket, net.Socket]>();
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, "127.0.0.1");
    const pair: [net.Socket, net.Socket] = [client, upstream];
    pairs.add(pair);
    const drop = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on("data", (d) => {
      if (!silent) upstream.write(d);
    });
    upstream.on("data", (d) => {
      if (!silent) client.write(d);
    });
    for (const s of pair) s.on("error", drop).on("close", drop);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    silence: () => {
      silent = true;
    },
    restore: () => {
      silent = false;
      for (const [client, upstream] of [...pairs]) {
        client.destroy();
        upstream.destroy();
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const [client, upstream] of pairs) {
          client.destroy();
          upstream.destroy();
        }
        server.close(() => resolve());
      }),
  };
}
