// Two real server processes sharing one database over the wire (PGlite served by pglite-socket)
// and the local Redis: a customer on one and an agent on the other see each other's messages and
// queue updates, and a ticket claimed from both processes at once has exactly one owner.
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPGlite, openDatabase, type Database } from "../kb/db/open.ts";
import { OfflineEmbedder } from "../kb/embed/offline.ts";
import { importPaths } from "../kb/import.ts";
import { createStaff } from "./auth/staff-store.ts";
import type { Message, StatusEvent, Ticket } from "./protocol/messages.ts";
import { ask, newCustomer, next, signIn, writeKb } from "./testing.ts";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const redisUp = await new Promise<boolean>((resolve) => {
  const s = net.connect(6379, "127.0.0.1", () => { s.end(); resolve(true); });
  s.on("error", () => resolve(false));
});
if (!redisUp) console.warn("scale-out tests skipped: no Redis on 127.0.0.1:6379 (CI starts one; see .ci/run)");

let pgServer: PGLiteSocketServer;
let db: Database;
const children: ChildProcess[] = [];
let urls: string[] = [];

function startProcess(databaseUrl: string, channel: string): Promise<string> {
  const child = spawn(process.execPath, [path.join(repo, "bin/keel.mjs"), "serve"], {
    cwd: repo,
    env: { ...process.env, DATABASE_URL: databaseUrl, REDIS_URL: "redis://127.0.0.1:6379", KEEL_REDIS_CHANNEL: channel, PORT: "0", KEEL_LOG_LEVEL: "warn", OPENAI_API_KEY: "", OPENAI_BASE_URL: "" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let err = "";
  child.stderr!.on("data", (d) => (err += d));
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (d) => {
      out += d;
      const m = out.match(/Keel is running at (http:\/\/\S+)/);
      if (m) resolve(m[1]!);
    });
    child.once("exit", (code) => reject(new Error(`server process exited with ${code}: ${err}`)));
  });
}

beforeAll(async () => {
  if (!redisUp) return;
  const pglite = await createPGlite("memory://");
  pgServer = new PGLiteSocketServer({ db: pglite, port: 0, host: "127.0.0.1", maxConnections: 40 });
  await pgServer.start();
  const url = `postgres://postgres:pw@127.0.0.1:${pgServer.getServerConn().split(":").pop()}/postgres`;
  db = await openDatabase({ databaseUrl: url });
  await importPaths(db.pool, new OfflineEmbedder(), [await writeKb()], "import");
  for (const name of ["Alex", "Blair"]) await createStaff(db.pool, { email: `${name.toLowerCase()}@scale.test`, role: "agent", password: "correct horse battery", displayName: name });
  const channel = `keel-test-${process.pid}-${Date.now()}`;
  urls = [await startProcess(url, channel)];
  urls.push(await startProcess(url, channel));
}, 120_000);

afterAll(async () => {
  for (const c of children) c.kill("SIGTERM");
  await Promise.all(children.map((c) => (c.exitCode !== null ? null : new Promise((r) => c.once("exit", r)))));
  await db?.close();
  await pgServer?.stop();
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
    const [alex, blair] = await Promise.all([signIn(a, "alex@scale.test", "correct horse battery"), signIn(b, "blair@scale.test", "correct horse battery")]);
    const customer = await newCustomer(a);
    await ask(customer.socket, "human:request", {});
    const queue = (await (await alex.fetch("/api/v1/handoffs")).json()) as { tickets: Ticket[] };
    const ticket = queue.tickets.find((t) => t.conversationId === customer.id)!;
    const statuses = (await Promise.all([alex.fetch(`/api/v1/handoffs/${ticket.id}/claim`, { method: "POST" }), blair.fetch(`/api/v1/handoffs/${ticket.id}/claim`, { method: "POST" })])).map((r) => r.status);
    expect(statuses.sort()).toEqual([200, 409]);
    customer.socket.close();
  }, 60_000);
});
