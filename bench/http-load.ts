// Bench section "http" (issue 20): the customer HTTP API under load, against a real `keel serve
// --demo` process (bench/keel-process.ts) — what `npm start` serves, offline, on the embedded
// database — with every conversation from its own client address, as the per-address rate limits
// require (bench/http-client.ts binds 127.x source addresses):
//   - closed loop: 50 conversations × 10 turns, each sending its next message as soon as the reply
//     comes back (saturation throughput and the latency it costs);
//   - open loop: 200 conversations each sending a message every 5 s, starts staggered over the
//     first 5 s, for 30 s (latency at a fixed offered rate, measured from each message's scheduled
//     time so a slow reply cannot delay the next message's clock);
//   - the server process's resident memory after start and after each load.
// The clients run in the bench's process on the same cores as the server (figures pessimistic).
// Sizes: KEEL_BENCH_HTTP_CONVERSATIONS, KEEL_BENCH_HTTP_TURNS, KEEL_BENCH_OPEN_CONVERSATIONS,
// KEEL_BENCH_OPEN_INTERVAL_S, KEEL_BENCH_OPEN_S.
import os from "node:os";
import { agentCaseSchema, readCases } from "../evals/cases.ts";
import { EVAL_DATE } from "../evals/run-cases.ts";
import { Customer, failureOf, type Reply } from "./http-client.ts";
import { startKeelServer, type KeelServer } from "./keel-process.ts";
import { rounded, type BenchSection, type SectionContext } from "./section.ts";
import { round, summarize, type Summary } from "./stats.ts";

const envNumber = (name: string, fallback: number) => {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : fallback;
};
const CLOSED = { conversations: envNumber("KEEL_BENCH_HTTP_CONVERSATIONS", 50), turns: envNumber("KEEL_BENCH_HTTP_TURNS", 10) };
const OPEN = {
  conversations: envNumber("KEEL_BENCH_OPEN_CONVERSATIONS", 200),
  intervalS: envNumber("KEEL_BENCH_OPEN_INTERVAL_S", 5),
  seconds: envNumber("KEEL_BENCH_OPEN_S", 30),
};
/** Issue 20's targets, printed beside the figures. */
const TARGETS = { closedTurnsPerS: 3 * 35, closedP95Ms: 250, openP95Ms: 100 };
const REQUEST_TIMEOUT_MS = 30_000;
const fmt = (x: number) => (Number.isFinite(x) ? String(round(x)) : "–");

/** The i-th client address of a block: 127.<block>.x.y, never .0 or .255. */
const address = (block: number, i: number) => `127.${block}.${Math.floor(i / 254)}.${(i % 254) + 1}`;

const questions = readCases("grounded.jsonl", agentCaseSchema)
  .filter((c) => c.kb === "sample")
  .flatMap((c) => c.turns.map((t) => ({ message: t.message, asOf: t.as_of ?? EVAL_DATE })));

type Tally = { latencies: number[]; failures: Record<string, number>; outcomes: Record<string, number> };
const tally = (): Tally => ({ latencies: [], failures: {}, outcomes: {} });
function record(t: Tally, r: Reply | Error, ms: number): void {
  const failure = failureOf(r);
  if (failure) {
    t.failures[failure] = (t.failures[failure] ?? 0) + 1;
    return;
  }
  t.latencies.push(ms);
  const body = (r as Reply).body as { outcome?: string };
  const outcome = body?.outcome ?? "unknown";
  t.outcomes[outcome] = (t.outcomes[outcome] ?? 0) + 1;
}
const failed = (t: Tally) => Object.values(t.failures).reduce((a, b) => a + b, 0);

/** Opens one conversation per customer, 50 at a time; a customer whose conversation failed to open is dropped (counted). */
async function openConversations(server: KeelServer, block: number, n: number, opening: Tally): Promise<Customer[]> {
  const customers = Array.from({ length: n }, (_, i) => new Customer(server, address(block, i), REQUEST_TIMEOUT_MS));
  for (let i = 0; i < n; i += 50) {
    await Promise.all(
      customers.slice(i, i + 50).map(async (c) => {
        const t = performance.now();
        record(opening, await c.open(), performance.now() - t);
      }),
    );
  }
  return customers;
}

/** CPU used during a load: the server's (ms per answered turn, and how many of the cores it kept
 *  busy on average) and the bench clients' own (ms per turn), to tell a saturated server from a
 *  slow client. */
type Cpu = { serverMsPerTurn: number; serverCores: number; clientMsPerTurn: number };

/** Measures the CPU a load uses; call the result with the turns answered once the load is over. */
function cpuMeter(server: KeelServer): (turns: number) => Cpu {
  const server0 = server.cpuSeconds();
  const client0 = process.cpuUsage();
  const t0 = performance.now();
  return (turns) => {
    const serverS = server.cpuSeconds() - server0;
    const client = process.cpuUsage(client0);
    return {
      serverMsPerTurn: (serverS * 1000) / turns,
      serverCores: serverS / ((performance.now() - t0) / 1000),
      clientMsPerTurn: (client.user + client.system) / 1000 / turns,
    };
  };
}

type ClosedLoop = {
  conversations: number;
  turnsEach: number;
  turns: number;
  failed: number;
  failures: Record<string, number>;
  notSent: number;
  /** Messages sent again after a reused keep-alive connection was reset (bench/http-client.ts). */
  resent: number;
  seconds: number;
  cpu: Cpu;
  turnsPerS: number;
  latency: Summary;
  outcomes: Record<string, number>;
};

/** The loop's conversations, opened, and its tally, holding the failures of opening them as "open …". */
async function opened(server: KeelServer, block: number, n: number) {
  const opening = tally();
  const customers = await openConversations(server, block, n, opening);
  const t = tally();
  Object.assign(t.failures, Object.fromEntries(Object.entries(opening.failures).map(([k, v]) => [`open ${k}`, v])));
  return { customers, t };
}

async function closedLoop(server: KeelServer, block: number, n: number, turns: number, deadline: number): Promise<ClosedLoop> {
  const { customers, t } = await opened(server, block, n);
  let notSent = 0;
  const cpu = cpuMeter(server);
  const started = performance.now();
  await Promise.all(
    customers.map(async (c, i) => {
      for (let k = 0; k < turns; k++) {
        if (!c.conversation || performance.now() > deadline) {
          notSent += turns - k;
          return;
        }
        const q = questions[(i * turns + k) % questions.length]!;
        const s = performance.now();
        record(t, await c.send(q.message, q.asOf, `closed-${block}-${i}-${k}`), performance.now() - s);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const used = cpu(t.latencies.length);
  for (const c of customers) c.close();
  return {
    conversations: n,
    turnsEach: turns,
    turns: t.latencies.length,
    failed: failed(t),
    failures: t.failures,
    notSent,
    resent: customers.reduce((a, c) => a + c.resent, 0),
    seconds,
    cpu: used,
    turnsPerS: t.latencies.length / seconds,
    latency: summarize(t.latencies),
    outcomes: t.outcomes,
  };
}

type OpenLoop = {
  conversations: number;
  intervalS: number;
  seconds: number;
  sent: number;
  resent: number;
  cpu: Cpu;
  turns: number;
  failed: number;
  failures: Record<string, number>;
  offeredPerS: number;
  achievedPerS: number;
  latency: Summary;
  outcomes: Record<string, number>;
};

async function openLoop(server: KeelServer, block: number, n: number, intervalS: number, seconds: number): Promise<OpenLoop> {
  const { customers, t } = await opened(server, block, n);
  const interval = intervalS * 1000;
  const cpu = cpuMeter(server);
  const start = performance.now() + 100;
  let sent = 0;
  let lastDone = start;
  const replies: Promise<void>[] = [];
  await Promise.all(
    customers.map(async (c, i) => {
      if (!c.conversation) return;
      // Uniform stagger over the first interval, then one message per interval, whatever the replies do.
      const offset = (i / n) * interval;
      for (let k = 0; offset + k * interval < seconds * 1000; k++) {
        const at = start + offset + k * interval;
        const wait = at - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        const q = questions[(i + k * n) % questions.length]!;
        sent++;
        replies.push(
          c.send(q.message, q.asOf, `open-${block}-${i}-${k}`).then((r) => {
            const done = performance.now();
            if (!failureOf(r)) lastDone = done;
            record(t, r, done - at);
          }),
        );
      }
    }),
  );
  await Promise.all(replies);
  const used = cpu(t.latencies.length);
  for (const c of customers) c.close();
  return {
    conversations: n,
    intervalS,
    seconds,
    sent,
    resent: customers.reduce((a, c) => a + c.resent, 0),
    cpu: used,
    turns: t.latencies.length,
    failed: failed(t),
    failures: t.failures,
    offeredPerS: sent / seconds,
    achievedPerS: (t.latencies.length / (lastDone - start)) * 1000,
    latency: summarize(t.latencies),
    outcomes: t.outcomes,
  };
}

const list = (r: Record<string, number>) =>
  Object.entries(r)
    .map(([k, v]) => `${k} ${v}`)
    .join(", ") || "none";

export const httpLoadSection: BenchSection = {
  name: "http",
  share: 0.45,
  async run(ctx: SectionContext) {
    ctx.log("http: starting `keel serve --demo` (offline, fresh embedded database, sample KB)");
    const t0 = performance.now();
    let server: KeelServer;
    try {
      server = await startKeelServer({ timeoutMs: 120_000 });
    } catch (err) {
      ctx.note(`the HTTP section could not start a Keel server: ${(err as Error).message.split("\n")[0]}`);
      return { json: { http: { error: (err as Error).message } }, report: ["HTTP API: no figures (the server did not start; see notes)"] };
    }
    try {
      const startS = (performance.now() - t0) / 1000;
      const mb = () => server.memory()?.rssMb ?? Number.NaN;
      const rssAfterStart = mb();
      ctx.log(
        `http: server ${server.url} (pid ${server.pid}) ready in ${fmt(startS)} s, knowledge ${server.knowledge}, RSS ${fmt(rssAfterStart)} MB`,
      );

      // Warm-up from addresses of their own: the first turns load WordNet and JIT the graph, on
      // every turn worker (each takes the least busy one's share).
      await closedLoop(server, 10, 8, 4, performance.now() + 60_000);

      // The open loop's time is reserved first (its sending time, then up to one request timeout for
      // the last replies, then the stop): the closed loop stops sending if it would eat into it.
      const openNeedsMs = OPEN.seconds * 1000 + REQUEST_TIMEOUT_MS + 5000;
      const closedDeadline = Math.max(performance.now() + 30_000, ctx.until - openNeedsMs);
      ctx.log(`http: closed loop, ${CLOSED.conversations} conversations × ${CLOSED.turns} turns`);
      const closed = await closedLoop(server, 11, CLOSED.conversations, CLOSED.turns, closedDeadline);
      if (closed.notSent) ctx.note(`HTTP closed loop stopped early (time budget): ${closed.notSent} turns not sent.`);
      const rssAfterClosed = mb();
      ctx.log(`  ${closed.turns} turns, ${fmt(closed.turnsPerS)} turns/s, p50 ${fmt(closed.latency.p50)} ms, p95 ${fmt(closed.latency.p95)} ms`);

      const openSeconds = Math.max(10, Math.min(OPEN.seconds, (ctx.until - performance.now() - REQUEST_TIMEOUT_MS - 5000) / 1000));
      if (openSeconds < OPEN.seconds) ctx.note(`HTTP open loop shortened to ${fmt(openSeconds)} s (time budget).`);
      ctx.log(`http: open loop, ${OPEN.conversations} conversations, a message every ${OPEN.intervalS} s each, for ${fmt(openSeconds)} s`);
      const open = await openLoop(server, 12, OPEN.conversations, OPEN.intervalS, openSeconds);
      const after = server.memory();
      ctx.log(`  ${open.turns} turns at ${fmt(open.achievedPerS)} turns/s, p50 ${fmt(open.latency.p50)} ms, p95 ${fmt(open.latency.p95)} ms`);

      const memory = {
        rssAfterStartMb: rssAfterStart,
        rssAfterClosedMb: rssAfterClosed,
        rssAfterOpenMb: after?.rssMb ?? Number.NaN,
        peakRssMb: after?.peakRssMb ?? Number.NaN,
      };
      if (closed.failed || open.failed) {
        const problems = server.logTail().filter((l) => /"level":"(warn|error)"/.test(l));
        ctx.note(`HTTP failures; the server's last warnings and errors: ${problems.slice(-3).join(" | ") || "none"}`);
      }
      const closedMet = closed.turnsPerS >= TARGETS.closedTurnsPerS && closed.latency.p95 < TARGETS.closedP95Ms && closed.failed === 0;
      const openMet = open.latency.p95 < TARGETS.openP95Ms && open.failed === 0;
      const forJson = ({ latency, seconds, turnsPerS, offeredPerS, achievedPerS, cpu, ...rest }: Partial<ClosedLoop & OpenLoop>) => ({
        ...rest,
        cpu: cpu && rounded(cpu, round),
        ...rounded({ seconds, turnsPerS, offeredPerS, achievedPerS }, round),
        latency: latency && rounded(latency, round),
      });
      return {
        json: {
          http: {
            server: { command: "keel serve --demo", env: server.env, knowledge: server.knowledge, startS: round(startS) },
            clientAddresses: "one bound 127.x source address per conversation (TCP peer; KEEL_TRUST_PROXY=false)",
            closedLoop: { ...forJson(closed), targetMet: closedMet },
            openLoop: { ...forJson(open), targetMet: openMet },
            memory: rounded(memory, round),
            targets: TARGETS,
          },
        },
        report: [
          `HTTP API against \`keel serve --demo\` (offline, fresh embedded database, knowledge ${server.knowledge}; one 127.x source address per conversation; clients on the same cores)`,
          `  closed loop, ${closed.conversations} conversations × ${closed.turnsEach} turns, next message on reply: ${closed.turns} turns in ${fmt(closed.seconds)} s = ${fmt(closed.turnsPerS)} turns/s;` +
            ` p50 ${fmt(closed.latency.p50)} ms, p95 ${fmt(closed.latency.p95)} ms, max ${fmt(closed.latency.max)} ms; failures ${closed.failed} (${list(closed.failures)}); ${closed.resent} resent after a keep-alive reset`,
          `    server CPU ${fmt(closed.cpu.serverMsPerTurn)} ms per turn (${fmt(closed.cpu.serverCores)} of ${os.cpus().length} cores busy on average), bench clients ${fmt(closed.cpu.clientMsPerTurn)} ms per turn;` +
            ` outcomes: ${list(closed.outcomes)}; target ≥ ${TARGETS.closedTurnsPerS} turns/s with p95 < ${TARGETS.closedP95Ms} ms: ${closedMet ? "met" : "not met"}`,
          `  open loop, ${open.conversations} conversations × one message every ${open.intervalS} s for ${fmt(open.seconds)} s (${fmt(open.offeredPerS)} turns/s offered): ${open.turns} of ${open.sent} answered at ${fmt(open.achievedPerS)} turns/s;` +
            ` p50 ${fmt(open.latency.p50)} ms, p95 ${fmt(open.latency.p95)} ms, max ${fmt(open.latency.max)} ms (from each message's scheduled time); failures ${open.failed} (${list(open.failures)}); ${open.resent} resent after a keep-alive reset`,
          `    server CPU ${fmt(open.cpu.serverMsPerTurn)} ms per turn (${fmt(open.cpu.serverCores)} cores busy on average), bench clients ${fmt(open.cpu.clientMsPerTurn)} ms per turn;` +
            ` target p95 < ${TARGETS.openP95Ms} ms: ${openMet ? "met" : "not met"}`,
          `  server RSS: ${fmt(memory.rssAfterStartMb)} MB after start, ${fmt(memory.rssAfterClosedMb)} MB after the closed loop, ${fmt(memory.rssAfterOpenMb)} MB after the open loop (peak ${fmt(memory.peakRssMb)} MB); start-up ${fmt(startS)} s`,
        ],
      };
    } finally {
      await server.stop();
    }
  },
};
