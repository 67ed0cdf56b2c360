// Test support for multi-process tests: real `keel serve` processes, a private redis-server and a
// database they share over the wire, each stopped when the test file ends — processes by their own
// PID, also when the test process itself exits.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { createPGlite, openDatabase, type Database } from "../kb/db/open.ts";
import { OfflineEmbedder } from "../kb/embed/offline.ts";
import { importPaths } from "../kb/import.ts";
import { writeKb } from "./server.ts";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const started = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
});

export type KeelProcess = {
  url: string;
  child: ChildProcess;
  /** Everything the process wrote to stderr so far (its JSON log lines). */
  stderr(): string;
  isRunning(): boolean;
  /** Resolves with the exit code (or signal) once the process has ended. */
  exited: Promise<number | string | null>;
};

/** Starts `keel serve` with the given environment on a free port; resolves when it says where it runs. */
export function startKeel(env: Record<string, string>, timeoutMs = 120_000): Promise<KeelProcess> {
  const child = spawn(process.execPath, [path.join(repo, "bin/keel.mjs"), "serve"], {
    cwd: repo,
    env: { ...process.env, PORT: "0", KEEL_LOG_LEVEL: "warn", OPENAI_API_KEY: "", OPENAI_BASE_URL: "", DATABASE_URL: "", REDIS_URL: "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  started.add(child);
  let err = "";
  child.stderr!.on("data", (d) => {
    err += d;
    if (process.env.KEEL_DEBUG_CHILDREN) process.stderr.write(d);
  });
  const exited = new Promise<number | string | null>((resolve) =>
    child.once("exit", (code, signal) => {
      started.delete(child);
      resolve(code ?? signal);
    }),
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`keel serve did not start within ${timeoutMs} ms: ${err}`));
    }, timeoutMs);
    let out = "";
    child.stdout!.on("data", (d) => {
      out += d;
      const m = out.match(/Keel is running at (http:\/\/\S+)/);
      if (!m) return;
      clearTimeout(timer);
      resolve({ url: m[1]!, child, stderr: () => err, isRunning: () => child.exitCode === null && child.signalCode === null, exited });
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`keel serve exited with ${code}: ${err}`));
    });
  });
}

/** Stops a process by its PID and waits for it to end (SIGKILL after `graceMs`). */
export async function stop(child: ChildProcess | null | undefined, signal: NodeJS.Signals = "SIGTERM", graceMs = 5000): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const ended = new Promise((resolve) => child.once("exit", resolve));
  child.kill(signal);
  const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
  await ended;
  clearTimeout(timer);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
    s.on("error", reject);
  });
}

export function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, "127.0.0.1", () => {
      s.end();
      resolve(true);
    });
    s.on("error", () => resolve(false));
  });
}

export const hasRedisServer = spawnSync("redis-server", ["--version"]).status === 0;

/** A private, memory-only redis-server on `port`; resolves once it accepts connections. */
export async function startRedis(port: number): Promise<ChildProcess> {
  const redis = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
  started.add(redis);
  redis.once("exit", () => started.delete(redis));
  for (let i = 0; i < 100; i++) {
    if (await canConnect(port)) return redis;
    if (redis.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  await stop(redis, "SIGKILL");
  throw new Error(`redis-server did not start on port ${port}`);
}

/** Polls `check` until it returns true or `ms` pass; resolves with the time it took, or rejects. */
export async function eventually(what: string, check: () => Promise<boolean>, ms: number, everyMs = 200): Promise<number> {
  const begin = Date.now();
  while (Date.now() - begin < ms) {
    if (await check().catch(() => false)) return Date.now() - begin;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`${what}: not within ${ms} ms`);
}

export type WireDatabase = { url: string; db: Database; close(): Promise<void> };

/** An in-memory PGlite served over the Postgres wire protocol (the local Postgres lacks pgvector),
 *  with the test knowledge base imported: one database for several `keel serve` processes. */
/**
 * pglite-socket queues each connection's packets and, outside a transaction, runs them in arrival
 * order — so one client's Parse/Bind/Execute can be interleaved with another's before its Sync
 * (electric-sql/pglite#1046), and a query now and then gets another query's rows. The queue keeps
 * to the last client while the database says it is in a transaction; this view says so also while
 * that client's extended-protocol sequence has not reached its Sync. A sequence left open (a client
 * killed half-way) stops holding the queue after two seconds.
 */
function oneExtendedQueryAtATime(db: PGlite): PGlite {
  let openSince: number | null = null;
  const endsAtSync = (bytes: Uint8Array): boolean => {
    let at = 0;
    let last = 0;
    while (at + 5 <= bytes.length) {
      last = bytes[at]!;
      at += 1 + new DataView(bytes.buffer, bytes.byteOffset + at + 1, 4).getInt32(0);
    }
    return at === bytes.length && (last === 0x53 /* Sync */ || last === 0x51 /* Query */ || last === 0x58); /* Terminate */
  };
  return new Proxy(db, {
    get(target, key, receiver) {
      if (key === "isInTransaction") return () => target.isInTransaction() || (openSince !== null && Date.now() - openSince < 2000);
      if (key === "execProtocolRawStream") {
        return (message: Uint8Array, options: Parameters<PGlite["execProtocolRawStream"]>[1]) => {
          openSince = endsAtSync(message) ? null : (openSince ?? Date.now());
          return target.execProtocolRawStream(message, options);
        };
      }
      const value = Reflect.get(target, key, receiver) as unknown;
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

export async function startWireDatabase(): Promise<WireDatabase> {
  const server = new PGLiteSocketServer({
    db: oneExtendedQueryAtATime(await createPGlite("memory://")),
    port: 0,
    host: "127.0.0.1",
    maxConnections: 40,
  });
  await server.start();
  const url = `postgres://postgres:pw@127.0.0.1:${server.getServerConn().split(":").pop()}/postgres`;
  const db = await openDatabase({ databaseUrl: url });
  await importPaths(db.pool, new OfflineEmbedder(), [await writeKb()], "import");
  return {
    url,
    db,
    async close() {
      await db.close();
      await server.stop();
    },
  };
}
