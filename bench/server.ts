// Server benchmarks (issues 4 and 8), offline mode, a KB of ~1k chunks (the sample policies plus
// synthetic ones), everything on this machine:
//   - turn latency end to end over socket.io (send → reply ack) at 1, 50 and 200 concurrent
//     conversations, and sustained turns/s;
//   - handoff notification latency (customer's message → the agent console's "ticket" event);
//   - reconnect-and-resume time (new socket + transcript);
//   - memory per open conversation (RSS growth per 1,000 idle customer sockets);
//   - model-mode overhead around a fake model that answers after a fixed delay.
// The clients run in the server's process, so figures include the clients' own work (pessimistic).
// Run alone with `npx tsx bench/server.ts`; `npm run bench` runs it after the retrieval section.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { io as connect, type Socket } from "socket.io-client";
import { createAgent } from "../agent/create-agent.ts";
import { startFakeOpenAI, type FakeReply } from "../test-support/fake-openai.ts";
import { readConfig } from "../config/env.ts";
import { RATE_LIMITS, type RateLimits } from "../config/limits.ts";
import { agentCaseSchema, readCases } from "../evals/cases.ts";
import { openDatabase } from "../kb/db/open.ts";
import { OfflineEmbedder } from "../kb/embed/offline.ts";
import { importDocuments, importPaths } from "../kb/import.ts";
import { startServer, type RunningServer } from "../server/app.ts";
import { createStaff } from "../server/auth/staff-store.ts";
import { createConversation } from "../server/conversations/store.ts";
import { signIn } from "../test-support/server.ts";
import { round, summarize, type Summary } from "./stats.ts";
import { generatePolicies, SAMPLE_POLICIES } from "./synthetic-kb.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const log = (s: string) => process.stderr.write(`[bench server] ${s}\n`);
const fmt = (x: number) => (Number.isFinite(x) ? String(round(x)) : "–");
const notes: string[] = [];
// The benchmark drives hundreds of sockets from one address: every public-side limit lifted.
const UNLIMITED = Object.fromEntries(Object.keys(RATE_LIMITS).map((k) => [k, 1e9])) as RateLimits;

export type ServerBenchResult = {
  kbChunks: number;
  /** Closed loop: every conversation sends its next message as soon as the last reply arrives (saturation). */
  concurrency: { conversations: number; turns: number; latency: Summary; turnsPerS: number }[];
  /** Open loop: 200 open conversations, messages arriving at random (Poisson) at half the saturation rate. */
  sustained: { conversations: number; offeredPerS: number; turns: number; latency: Summary; turnsPerS: number };
  /** Server-side time per graph node over every turn above (from the turn audit). */
  nodes: Record<string, Summary>;
  handoffNotification: Summary;
  reconnectResume: Summary;
  memory: { sockets: number; rssGrowthMb: number; kbPerSocket: number; mbPer1000: number };
  modelOverhead: { modelDelayMs: number; modelCallsPerTurn: number; turn: Summary; overheadMs: number; overheadShare: number } | null;
};

const questions = readCases("grounded.jsonl", agentCaseSchema).flatMap((c) => c.turns.slice(0, 1).map((t) => t.message));

function customer(url: string, id: string, token: string): Promise<Socket> {
  const s = connect(`${url}/customer`, { auth: { conversationId: id, token }, transports: ["websocket"], forceNew: true, reconnection: false });
  return new Promise((resolve, reject) => {
    s.once("connect", () => resolve(s));
    s.once("connect_error", reject);
  });
}

async function customers(server: RunningServer, n: number): Promise<Socket[]> {
  const out: Socket[] = [];
  for (let i = 0; i < n; i += 50) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(50, n - i) }, async () => {
        const { id, token } = await createConversation(server.desk.pool);
        return customer(server.url, id, token);
      }),
    );
    out.push(...batch);
  }
  return out;
}

async function turnsAt(server: RunningServer, conversations: number, turnsEach: number): Promise<ServerBenchResult["concurrency"][number]> {
  const sockets = await customers(server, conversations);
  const ms: number[] = [];
  let failed = 0;
  let q = 0;
  const started = performance.now();
  await Promise.all(
    sockets.map(async (s, i) => {
      for (let k = 0; k < turnsEach; k++) {
        const text = questions[(q++ + i) % questions.length]!;
        const t = performance.now();
        const ack = await s
          .timeout(120_000)
          .emitWithAck("message:send", { clientId: `b-${i}-${k}-${Date.now()}`, text })
          .catch((err: Error) => ({ ok: false, error: err.message }));
        if (!ack.ok) {
          failed++;
          continue;
        }
        ms.push(performance.now() - t);
      }
    }),
  );
  const total = performance.now() - started;
  for (const s of sockets) s.close();
  if (failed)
    notes.push(
      `${failed} of ${conversations * turnsEach} turns at ${conversations} concurrent conversations got no reply (socket dropped or timed out)`,
    );
  return { conversations, turns: ms.length, latency: summarize(ms), turnsPerS: (ms.length / total) * 1000 };
}

async function openLoop(server: RunningServer, conversations: number, ratePerS: number, seconds: number): Promise<ServerBenchResult["sustained"]> {
  const sockets = await customers(server, conversations);
  const ms: number[] = [];
  const pending: Promise<void>[] = [];
  let seed = 42;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const started = performance.now();
  let at = 0;
  for (let i = 0; at < seconds * 1000; i++) {
    at += (-Math.log(1 - random()) / ratePerS) * 1000;
    const wait = started + at - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const s = sockets[i % sockets.length]!;
    const t = performance.now();
    pending.push(
      s
        .timeout(60_000)
        .emitWithAck("message:send", { clientId: `o-${i}-${Date.now()}`, text: questions[i % questions.length]! })
        .then(() => {
          ms.push(performance.now() - t);
        }),
    );
  }
  await Promise.all(pending);
  const total = performance.now() - started;
  for (const s of sockets) s.close();
  return { conversations, offeredPerS: ratePerS, turns: ms.length, latency: summarize(ms), turnsPerS: (ms.length / total) * 1000 };
}

async function handoffLatency(server: RunningServer, agentSocket: Socket, n: number): Promise<Summary> {
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const [s] = await customers(server, 1);
    const id = (s!.auth as { conversationId: string }).conversationId;
    const seen = new Promise<number>((resolve) => {
      const h = (t: { conversationId: string }) => {
        if (t.conversationId !== id) return;
        agentSocket.off("ticket", h);
        resolve(performance.now());
      };
      agentSocket.on("ticket", h);
    });
    const t = performance.now();
    s!.emit("message:send", { clientId: `h-${i}-${Date.now()}`, text: "I want to talk to a human, please" }, () => {});
    ms.push((await seen) - t);
    s!.close();
  }
  return summarize(ms);
}

async function reconnectLatency(server: RunningServer, n: number): Promise<Summary> {
  const { id, token } = await createConversation(server.desk.pool);
  const first = await customer(server.url, id, token);
  for (let k = 0; k < 6; k++) await first.emitWithAck("message:send", { clientId: `r-${k}-${Date.now()}`, text: questions[k]! });
  first.close();
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    const s = await customer(server.url, id, token);
    const ack = await s.emitWithAck("transcript", {});
    if (!ack.ok || ack.messages.length !== 12) throw new Error(`resume returned ${ack.messages?.length} messages`);
    ms.push(performance.now() - t);
    s.close();
  }
  return summarize(ms);
}

async function memoryPerSocket(server: RunningServer, n: number): Promise<ServerBenchResult["memory"]> {
  const gc = (globalThis as { gc?: () => void }).gc;
  // Heap and external memory after a full collection: RSS alone rarely shrinks and mostly shows the allocator.
  const settle = async () => {
    for (let i = 0; i < 3; i++) {
      gc?.();
      await new Promise((r) => setTimeout(r, 200));
    }
    const m = process.memoryUsage();
    return m.heapUsed + m.external + m.arrayBuffers;
  };
  const before = await settle();
  const sockets = await customers(server, n);
  const after = await settle();
  for (const s of sockets) s.close();
  const growth = after - before;
  if (!gc) notes.push("memory measured without --expose-gc: run through `npm run bench` for a collected heap");
  return { sockets: n, rssGrowthMb: growth / 2 ** 20, kbPerSocket: growth / n / 1024, mbPer1000: ((growth / n) * 1000) / 2 ** 20 };
}

async function modelOverhead(kbPool: RunningServer["desk"]["pool"], delayMs: number, n: number): Promise<ServerBenchResult["modelOverhead"]> {
  // A model that takes `delayMs` per call: it answers with the first passage's first sentence and
  // judges every claim supported, so the turn goes through the model path end to end.
  const fake = await startFakeOpenAI({
    handler: (call): FakeReply | undefined => {
      if (call.kind !== "chat") return undefined;
      const claims = call.lastUserText.match(/^Claim \d+:/gm)?.length ?? 0;
      if (claims) return { delayMs, json: { supported: Array.from({ length: claims }, () => true) } };
      const first = call.lastUserText.match(/\[1\] [^\n]*\n([^\n]+?[.!?])(?:\s|$)/)?.[1] ?? "See the policy.";
      return { delayMs, json: { answerable: true, sentences: [{ text: first, passage: 1 }] } };
    },
  });
  try {
    const config = readConfig({ OPENAI_BASE_URL: fake.url, KEEL_EMBEDDER: "offline", KEEL_LOG_LEVEL: "silent", KEEL_DATA_DIR: "memory://" });
    const agent = await createAgent({ pool: kbPool, embedder: new OfflineEmbedder(), config, log: () => {} });
    const ms: number[] = [];
    let calls = 0;
    for (let i = 0; i < n; i++) {
      fake.requests.length = 0;
      const t = performance.now();
      await agent.turn({ conversation: `model-${i}-${Date.now()}`, message: questions[i % questions.length]! });
      ms.push(performance.now() - t);
      calls += fake.requests.filter((r) => r.kind === "chat").length;
    }
    const turn = summarize(ms);
    const perTurn = calls / n;
    const overhead = turn.p50 - perTurn * delayMs;
    return { modelDelayMs: delayMs, modelCallsPerTurn: perTurn, turn, overheadMs: overhead, overheadShare: overhead / (perTurn * delayMs || 1) };
  } finally {
    await fake.close();
  }
}

export async function runServerBench(options: { quick?: boolean } = {}): Promise<ServerBenchResult> {
  const db = await openDatabase({ dataDir: "memory://" });
  const embedder = new OfflineEmbedder();
  await importPaths(db.pool, embedder, [SAMPLE_POLICIES]);
  const { rows } = await db.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM chunks");
  await importDocuments(
    db.pool,
    embedder,
    generatePolicies(Math.max(0, 1000 - rows[0]!.n), { seed: 99 }).map((p) => p.doc),
  );
  const kbChunks = Number((await db.pool.query("SELECT count(*) FROM chunks")).rows[0].count);
  log(`KB of ${kbChunks} chunks ready`);
  const config = readConfig({ KEEL_LOG_LEVEL: "silent", KEEL_DATA_DIR: "memory://" });
  const server = await startServer({ config, kb: { db, embedder }, port: 0, importSamplesWhenEmpty: false, limits: UNLIMITED, log: () => {} });
  try {
    const turns = options.quick ? 2 : 5;
    const concurrency: ServerBenchResult["concurrency"] = [];
    // Warm-up: JIT, the checkpointer's tables, the planner's caches.
    await turnsAt(server, 5, 2);
    for (const c of [1, 50, 200]) {
      log(`turns at ${c} concurrent conversations`);
      // Closed loop: 200 conversations × 2 turns is already a 30 s queue on two cores.
      concurrency.push(await turnsAt(server, c, c === 1 ? 40 : c >= 200 ? 2 : turns));
    }
    const saturation = Math.max(...concurrency.map((c) => c.turnsPerS));
    log(`sustained load: 200 conversations at ${fmt(saturation / 2)} turns/s offered`);
    const sustained = await openLoop(server, 200, saturation / 2, options.quick ? 10 : 30);
    const { rows: timed } = await db.pool.query<{ node_ms: Record<string, number> }>("SELECT node_ms FROM agent_turns");
    const perNode: Record<string, number[]> = {};
    for (const r of timed) for (const [node, ms] of Object.entries(r.node_ms)) (perNode[node] ??= []).push(ms);
    const nodes = Object.fromEntries(Object.entries(perNode).map(([k, v]) => [k, summarize(v)]));
    await createStaff(db.pool, { email: "bench@keel.test", role: "agent", password: "bench password 1", displayName: "Bench" });
    const staff = await signIn(server.url, "bench@keel.test", "bench password 1");
    const agentSocket = await staff.socket();
    log("handoff notification latency");
    const handoffNotification = await handoffLatency(server, agentSocket, options.quick ? 10 : 30);
    agentSocket.close();
    log("reconnect and resume");
    const reconnectResume = await reconnectLatency(server, options.quick ? 10 : 30);
    log("memory per idle socket");
    const memory = await memoryPerSocket(server, 1000);
    log("model-mode overhead");
    const model = await modelOverhead(db.pool, 200, options.quick ? 5 : 15);
    return { kbChunks, concurrency, sustained, nodes, handoffNotification, reconnectResume, memory, modelOverhead: model };
  } finally {
    await server.close();
    await db.close();
  }
}

export function formatServerBench(r: ServerBenchResult): string[] {
  const lines = [`Server, offline mode, KB of ${r.kbChunks} chunks (socket.io clients in the same process)`];
  lines.push("concurrent   turns   p50 ms   p95 ms   turns/s");
  for (const c of r.concurrency)
    lines.push(
      `${String(c.conversations).padStart(10)} ${String(c.turns).padStart(7)} ${fmt(c.latency.p50).padStart(8)} ${fmt(c.latency.p95).padStart(8)} ${fmt(c.turnsPerS).padStart(9)}`,
    );
  const s = r.sustained;
  lines.push(
    `sustained: ${s.conversations} open conversations, ${fmt(s.offeredPerS)} turns/s offered (half of saturation), ${s.turns} turns: p50 ${fmt(s.latency.p50)} ms, p95 ${fmt(s.latency.p95)} ms`,
  );
  lines.push(
    `per graph node, server side (p50 / p95 ms): ${Object.entries(r.nodes)
      .map(([k, v]) => `${k} ${fmt(v.p50)} / ${fmt(v.p95)}`)
      .join(", ")}`,
  );
  lines.push(
    `handoff notification (customer message → agent console event): p50 ${fmt(r.handoffNotification.p50)} ms, p95 ${fmt(r.handoffNotification.p95)} ms`,
  );
  lines.push(`reconnect and resume (new socket + 12-message transcript): p50 ${fmt(r.reconnectResume.p50)} ms, p95 ${fmt(r.reconnectResume.p95)} ms`);
  lines.push(
    `memory: ${fmt(r.memory.mbPer1000)} MB (heap + external, after GC) per 1,000 idle customer sockets (${fmt(r.memory.kbPerSocket)} kB each, client side included)`,
  );
  if (r.modelOverhead) {
    const m = r.modelOverhead;
    lines.push(
      `model mode around a fake model answering in ${m.modelDelayMs} ms: turn p50 ${fmt(m.turn.p50)} ms for ${fmt(m.modelCallsPerTurn)} model call(s); Keel adds ${fmt(m.overheadMs)} ms (${fmt(m.overheadShare * 100)}% of the model's time)`,
    );
  }
  for (const n of notes) lines.push(`note: ${n}`);
  return lines;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const result = await runServerBench({ quick: process.argv.includes("--quick") });
  const lines = formatServerBench(result);
  console.log(lines.join("\n"));
  fs.mkdirSync(path.join(here, "results"), { recursive: true });
  fs.writeFileSync(
    path.join(here, "results", "server.json"),
    JSON.stringify({ at: new Date().toISOString(), cpus: os.cpus().length, ...result }, null, 2),
  );
  process.exit(0);
}
