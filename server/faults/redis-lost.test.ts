// Scale-out with Redis lost and back: two `keel serve` processes relay through a private
// redis-server that is killed mid-session. Each keeps serving its own sockets (answers, local
// tickets), says so in its log, survives the failed publishes, and relays again when Redis returns.
import type { ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStaff } from "../auth/staff-store.ts";
import type { Message, Ticket } from "../../protocol/messages.ts";
import { ask, newCustomer, next, signIn } from "../../test-support/server.ts";
import {
  eventually,
  freePort,
  hasRedisServer,
  startKeel,
  startRedis,
  startWireDatabase,
  stop,
  type KeelProcess,
  type WireDatabase,
} from "../../test-support/processes.ts";

if (!hasRedisServer) console.warn("Redis-loss test skipped: the redis-server binary is not installed (apt-get install redis-server)");

let redis: ChildProcess | null = null;
let redisPort = 0;
let wire: WireDatabase | null = null;
let servers: KeelProcess[] = [];

beforeAll(async () => {
  if (!hasRedisServer) return;
  redisPort = await freePort();
  redis = await startRedis(redisPort);
  wire = await startWireDatabase();
  await createStaff(wire.db.pool, { email: "alex@lost.test", role: "agent", password: "correct horse battery", displayName: "Alex" });
  const env = {
    DATABASE_URL: wire.url,
    REDIS_URL: `redis://127.0.0.1:${redisPort}`,
    KEEL_REDIS_CHANNEL: `lost-${process.pid}-${Date.now()}`,
    KEEL_LOG_LEVEL: "info",
  };
  // One at a time: both would migrate the shared database at once.
  servers = [await startKeel(env)];
  servers.push(await startKeel(env));
}, 180_000);

afterAll(async () => {
  await Promise.all(servers.map((s) => stop(s.child)));
  await stop(redis, "SIGKILL");
  await wire?.close();
});

const FREE_SHIPPING = "Do orders over $49 ship free?";

describe.skipIf(!hasRedisServer)("Redis lost in scale-out mode", () => {
  it("keeps each process serving its own sockets, and relays again when Redis returns", async () => {
    const [a, b] = servers as [KeelProcess, KeelProcess];
    const alex = await signIn(b.url, "alex@lost.test", "correct horse battery");
    const agentSocket = await alex.socket();

    // Relay works before the fault: a ticket raised on A reaches the agent on B.
    const before = await newCustomer(a.url);
    const relayed = next<Ticket>(agentSocket, "ticket", (t) => t.conversationId === before.id, 10_000);
    await ask(before.socket, "human:request", {});
    await relayed;
    before.socket.close();

    await stop(redis, "SIGKILL");
    // Both processes keep answering their own customers, while every relay publish fails.
    let n = 0;
    for (const server of [a, b, a, b]) {
      const customer = await newCustomer(server.url);
      const answered = await ask<{ reply: Message }>(customer.socket, "message:send", { clientId: `r-000000${n++}`, text: FREE_SHIPPING });
      expect(answered.ok).toBe(true);
      expect(answered.reply.text).toContain("$49");
      customer.socket.emit("typing", { typing: true });
      customer.socket.close();
    }
    // The agent on B still sees a ticket raised by a customer on B itself.
    const local = await newCustomer(b.url);
    const localTicket = next<Ticket>(agentSocket, "ticket", (t) => t.conversationId === local.id, 10_000);
    expect((await ask(local.socket, "human:request", {})).ok).toBe(true);
    await localTicket;
    local.socket.close();
    await eventually("both processes log that Redis is gone", async () => [a, b].every((s) => s.stderr().includes("Redis is unreachable")), 10_000);

    // Redis returns on the same port: the relay resumes within a bounded time.
    redis = await startRedis(redisPort);
    const took = await eventually(
      "a ticket raised on A reaches the agent on B",
      async () => {
        const other = await newCustomer(a.url);
        const seen = next<Ticket>(agentSocket, "ticket", (t) => t.conversationId === other.id, 1000).then(
          () => true,
          () => false,
        );
        await ask(other.socket, "human:request", {});
        other.socket.close();
        return seen;
      },
      15_000,
      0,
    );
    expect(took).toBeLessThan(15_000);
    await eventually("both processes log that Redis is back", async () => [a, b].every((s) => s.stderr().includes("Redis is back")), 10_000);

    // Nothing ended either process along the way.
    expect(a.isRunning() && b.isRunning(), `${a.stderr()}\n${b.stderr()}`).toBe(true);
    expect(`${a.stderr()}${b.stderr()}`).not.toMatch(/"level":"error"/);
    agentSocket.close();
  }, 90_000);
});
