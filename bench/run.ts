// `npm run bench`: Keel's performance figures in offline mode.
//   1. retrieval latency (searchChunks) against KBs of ~1k, ~10k and ~100k synthetic chunks,
//      with import throughput measured on the 10k build (the real importDocuments path);
//   2. agent turn latency over a ~1k-chunk KB (the sample policies plus synthetic ones).
// Prints a table and writes bench/results/latest.json. The whole run is held to a time budget
// (KEEL_BENCH_BUDGET_S, default 270 s): a build that would overrun it stops early, and the
// output says which size was actually reached rather than hanging.
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pgvector from "pgvector/pg";
import { createAgent } from "../agent/create-agent.ts";
import { readConfig } from "../config/env.ts";
import { RETRIEVAL_CANDIDATES } from "../config/limits.ts";
import { agentCaseSchema, readCases, retrievalCaseSchema } from "../evals/cases.ts";
import { EVAL_DATE } from "../evals/run-cases.ts";
import { openDatabase, type Database } from "../kb/db/open.ts";
import { effectiveVersionsSql, todayIso } from "../kb/effective.ts";
import { embedText, OfflineEmbedder } from "../kb/embed/offline.ts";
import { importDocuments, importPaths } from "../kb/import.ts";
import type { PolicyDocument } from "../kb/policy-file.ts";
import { searchChunks } from "../kb/search.ts";
import { inTransaction, insertVersion } from "../kb/versions.ts";
import { median, round, summarize, type Summary } from "./stats.ts";
import { generatePolicies, policyStream, SAMPLE_POLICIES, type SyntheticPolicy } from "./synthetic-kb.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const T0 = performance.now();
const BUDGET_MS = Number(process.env.KEEL_BENCH_BUDGET_S ?? 270) * 1000;
const deadline = (share: number) => T0 + BUDGET_MS * share;
const elapsed = () => performance.now() - T0;
const left = () => T0 + BUDGET_MS - performance.now();
const sizes = (process.argv.find((a) => a.startsWith("--sizes="))?.slice(8) ?? "1000,10000,100000").split(",").map(Number);

const WARMUP = 10;
const QUERIES = 100;
const TURNS = 100;
const notes: string[] = [];
const log = (s: string) => process.stderr.write(`[bench ${(elapsed() / 1000).toFixed(0).padStart(3)}s] ${s}\n`);
const fmt = (x: number, unit = "") => (Number.isFinite(x) ? `${round(x)}${unit}` : "–");

const embedder = new OfflineEmbedder();
const queries = readCases("retrieval.jsonl", retrievalCaseSchema).map((c) => c.question).slice(0, QUERIES);
const env = {
  node: process.version,
  platform: `${os.platform()} ${os.arch()}`,
  cpus: os.cpus().length,
  cpuModel: os.cpus()[0]?.model ?? "unknown",
  memoryGb: round(os.totalmem() / 2 ** 30),
  loadAvgAtStart: os.loadavg().map(round),
  budgetS: BUDGET_MS / 1000,
};
log(`node ${env.node}, ${env.cpus} × ${env.cpuModel}, load average ${env.loadAvgAtStart.join(" ")}`);
if (env.loadAvgAtStart[0]! > env.cpus) notes.push(`The machine was busy at start (load average ${env.loadAvgAtStart[0]} on ${env.cpus} cores): figures are pessimistic.`);

type Throughput = { chunks: number; policies: number; ms: number; chunksPerS: number; policiesPerS: number; medianBatchChunksPerS: number };
type SizeResult = {
  target: number;
  chunks: number;
  policies: number;
  policyVersions: number;
  path: string;
  build: Throughput & { hnswBuildMs?: number };
  reachedTarget: boolean;
  search: Summary;
  liveCteMs: number;
  plan: Plan;
  unfilteredPlan: Plan;
};

/** Summed chunk and policy counts of a slice of synthetic policies. */
const chunksOf = (ps: SyntheticPolicy[]) => ps.reduce((n, p) => n + p.chunks, 0);

async function counts(db: Database): Promise<{ chunks: number; policies: number; versions: number }> {
  const { rows } = await db.pool.query<{ chunks: number; policies: number; versions: number }>(
    `SELECT (SELECT count(*)::int FROM chunks) AS chunks, (SELECT count(*)::int FROM policies) AS policies,
            (SELECT count(*)::int FROM policy_versions) AS versions`,
  );
  return rows[0]!;
}

/** The real import path (importDocuments, one transaction per policy), in batches so a deadline can stop it. */
async function importWithDeadline(db: Database, ps: SyntheticPolicy[], until: number, batch = 25): Promise<Throughput> {
  const rates: number[] = [];
  let chunks = 0;
  let policies = 0;
  const started = performance.now();
  for (let i = 0; i < ps.length && performance.now() < until; i += batch) {
    const slice = ps.slice(i, i + batch);
    const t = performance.now();
    await importDocuments(db.pool, embedder, slice.map((p) => p.doc));
    rates.push((chunksOf(slice) / (performance.now() - t)) * 1000);
    chunks += chunksOf(slice);
    policies += slice.length;
  }
  const ms = performance.now() - started;
  return { chunks, policies, ms, chunksPerS: (chunks / ms) * 1000, policiesPerS: (policies / ms) * 1000, medianBatchChunksPerS: median(rates) };
}

/**
 * The bulk path for the largest KB: many synthetic policies are concatenated under one parent
 * version (their "# Title" headings keep each chunk's heading path), so insertVersion writes
 * ~1,700 chunks per multi-row INSERT. The HNSW index is dropped during the load and rebuilt
 * afterwards from its own definition: built incrementally it costs ~10× more per row here.
 */
async function bulkLoad(db: Database, target: number, loadUntil: number): Promise<Throughput & { hnswBuildMs: number }> {
  const { rows } = await db.pool.query<{ indexdef: string }>("SELECT indexdef FROM pg_indexes WHERE indexname = 'chunks_embedding'");
  const indexDef = rows[0]?.indexdef;
  if (!indexDef) throw new Error("chunks_embedding index not found: the schema changed, update bench/run.ts");
  await db.pool.query("DROP INDEX chunks_embedding");
  const PER_PARENT = 400;
  const rates: number[] = [];
  let chunks = 0;
  let policies = 0;
  const started = performance.now();
  const stream = policyStream({ seed: target });
  let generateMs = 0;
  for (let k = 0; chunks < target && performance.now() < loadUntil; k++) {
    const g = performance.now();
    const group: SyntheticPolicy[] = [];
    let inGroup = 0;
    while (group.length < PER_PARENT && chunks + inGroup < target) {
      // The argument caps the next policy's sections so the load stops exactly at the target.
      const p = stream.next(target - chunks - inGroup).value;
      group.push(p);
      inGroup += p.chunks;
    }
    generateMs += performance.now() - g;
    const body = group.map((p) => p.doc.body).join("\n\n");
    const doc: PolicyDocument = {
      ...group[0]!.doc,
      id: `syn-bulk-${String(k).padStart(4, "0")}`,
      title: `Product policies, batch ${k}`,
      products: [...new Set(group.flatMap((p) => p.doc.products))],
      questions: group.flatMap((p) => p.doc.questions),
      body,
      source: body,
      contentHash: createHash("sha256").update(body).digest("hex"),
      sourcePath: null,
    };
    const t = performance.now();
    await inTransaction(db.pool, (c) => insertVersion(c, embedder, doc, "published", "bench"));
    rates.push((chunksOf(group) / (performance.now() - t)) * 1000);
    chunks += chunksOf(group);
    policies += group.length;
  }
  const ms = performance.now() - started - generateMs;
  log(`  loaded ${chunks} chunks in ${(ms / 1000).toFixed(1)} s; rebuilding the HNSW index`);
  const t = performance.now();
  await db.pool.query("SET maintenance_work_mem = '512MB'");
  await db.pool.query(indexDef);
  await db.pool.query("RESET maintenance_work_mem");
  const hnswBuildMs = performance.now() - t;
  return { chunks, policies, ms, chunksPerS: (chunks / ms) * 1000, policiesPerS: (policies / ms) * 1000, medianBatchChunksPerS: median(rates), hnswBuildMs };
}

type Plan = { hnswUsed: boolean; text: string[] };

/** EXPLAIN ANALYZE output with the 384-number vector literal shortened. */
async function explain(db: Database, sql: string, params: unknown[]): Promise<Plan> {
  const { rows } = await db.pool.query<{ "QUERY PLAN": string }>(`EXPLAIN (ANALYZE, COSTS OFF) ${sql}`, params);
  const text = rows.map((r) => r["QUERY PLAN"].replace(/'\[[-0-9.,e]+\]'::vector/g, "'[…]'::vector"));
  return { hnswUsed: text.some((l) => /chunks_embedding/.test(l)), text };
}

/**
 * The vector half of searchChunks' query (its `sem` CTE, same text), and for comparison the
 * same nearest-neighbour search without the in-force filter, which is what the HNSW index serves.
 */
async function explainVector(db: Database, query: string): Promise<{ filtered: Plan; unfiltered: Plan }> {
  const vector = pgvector.toSql(embedText(query));
  const filtered = await explain(
    db,
    `WITH live AS (${effectiveVersionsSql("$1")})
     SELECT c.id FROM chunks c
     WHERE (c.policy_id, c.version) IN (SELECT policy_id, version FROM live)
     ORDER BY c.embedding <=> $2 LIMIT $3`,
    [todayIso(), vector, RETRIEVAL_CANDIDATES],
  );
  const unfiltered = await explain(db, "SELECT c.id FROM chunks c ORDER BY c.embedding <=> $1 LIMIT $2", [vector, RETRIEVAL_CANDIDATES]);
  return { filtered, unfiltered };
}

async function timeLiveCte(db: Database): Promise<number> {
  const runs: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    await db.pool.query(`SELECT count(*) FROM (${effectiveVersionsSql("$1")}) x`, [todayIso()]);
    runs.push(performance.now() - t);
  }
  return median(runs);
}

async function measureSearch(db: Database, until: number): Promise<Summary> {
  for (const q of queries.slice(0, WARMUP)) await searchChunks(db.pool, embedder, q);
  const ms: number[] = [];
  for (const q of queries) {
    if (performance.now() > until && ms.length >= 20) {
      notes.push(`Search timing stopped after ${ms.length} queries (time budget).`);
      break;
    }
    const t = performance.now();
    await searchChunks(db.pool, embedder, q);
    ms.push(performance.now() - t);
  }
  return summarize(ms);
}

// ---------------------------------------------------------------------------------------------
// 1. Retrieval latency vs KB size

const retrieval: SizeResult[] = [];
// Shares of the budget by which each size's build must end (the rest of the run needs the remainder).
const buildDeadlineShare: Record<number, number> = { 1000: 0.2, 10000: 0.5 };

async function runSize(target: number): Promise<void> {
  log(`retrieval @ ${target} chunks`);
  const db = await openDatabase({ dataDir: "memory://" });
  try {
    let build: SizeResult["build"];
    let buildPath: string;
    if (target <= 10_000) {
      buildPath = "importDocuments (1 tx/policy, HNSW live)";
      const ps = generatePolicies(target, { seed: target });
      log(`  importing ${ps.length} policies through importDocuments`);
      build = await importWithDeadline(db, ps, deadline(buildDeadlineShare[target] ?? 0.45));
    } else {
      buildPath = "insertVersion bulk (~1.7k rows/INSERT), HNSW rebuilt after";
      // Reserve time for the queries and the remaining sections; split the rest between load and index build.
      const reserve = 35_000;
      const available = Math.max(20_000, left() - reserve);
      log(`  bulk-loading (load budget ${((available * 0.5) / 1000).toFixed(0)} s, the rest for the HNSW build)`);
      build = await bulkLoad(db, target, performance.now() + available * 0.5);
    }
    const c = await counts(db);
    const reached = build.chunks >= target;
    if (!reached) {
      notes.push(
        `The ${target.toLocaleString("en-US")}-chunk KB was not reached within the time budget: ${c.chunks.toLocaleString("en-US")} chunks were built ` +
          `(${fmt(build.chunksPerS)} chunks/s) and measured instead.`,
      );
    }
    log(`  ${c.chunks} chunks, ${c.versions} policy versions; searching`);
    const { filtered: plan, unfiltered: unfilteredPlan } = await explainVector(db, queries[0]!);
    const liveCteMs = await timeLiveCte(db);
    const search = await measureSearch(db, T0 + BUDGET_MS - 5_000);
    retrieval.push({ target, chunks: c.chunks, policies: build.policies, policyVersions: c.versions, path: buildPath, build, reachedTarget: reached, search, liveCteMs, plan, unfilteredPlan });
    log(`  search p50 ${fmt(search.p50)} ms, p95 ${fmt(search.p95)} ms; HNSW index ${plan.hnswUsed ? "used" : "NOT used"}`);
  } finally {
    await db.close();
  }
}

// Time the offline embedder alone, to show how much of an import is embedding vs database work.
const sampleTexts = generatePolicies(2000, { seed: 1 }).map((p) => p.doc.body);
const tEmbed = performance.now();
let embeddedChunks = 0;
for (const body of sampleTexts) {
  for (const section of body.split(/\n(?=## )/)) {
    embedText(section);
    embeddedChunks++;
  }
}
const embedMsPerChunk = (performance.now() - tEmbed) / embeddedChunks;

for (const size of sizes.filter((s) => s <= 10_000)) await runSize(size);

// ---------------------------------------------------------------------------------------------
// 2. Offline turn latency over a ~1k-chunk KB

log("turns: building the sample KB plus synthetic policies to ~1k chunks");
const turnDb = await openDatabase({ dataDir: "memory://" });
let turns: { kbChunks: number; turns: number; latency: Summary; turnsPerS: number; outcomes: Record<string, number> } | null = null;
try {
  await importPaths(turnDb.pool, embedder, [SAMPLE_POLICIES]);
  const sampleChunks = (await counts(turnDb)).chunks;
  await importDocuments(turnDb.pool, embedder, generatePolicies(Math.max(0, 1000 - sampleChunks), { seed: 99 }).map((p) => p.doc));
  const kbChunks = (await counts(turnDb)).chunks;
  // Offline on purpose, whatever the environment says: the bench measures the deterministic path.
  const { OPENAI_API_KEY: _k, OPENAI_BASE_URL: _u, ...rest } = process.env;
  const config = readConfig({ ...rest, KEEL_EMBEDDER: "offline", KEEL_LOG_LEVEL: "silent" });
  const agent = await createAgent({ pool: turnDb.pool, embedder, config, log: () => undefined });
  const messages = readCases("grounded.jsonl", agentCaseSchema).flatMap((c) => c.turns.map((t) => ({ message: t.message, as_of: t.as_of ?? EVAL_DATE })));
  const run = `bench-${Date.now().toString(36)}`;
  for (let i = 0; i < 5; i++) await agent.turn({ conversation: `${run}-warmup-${i}`, ...messages[i % messages.length]! });
  const ms: number[] = [];
  const outcomes: Record<string, number> = {};
  const until = T0 + BUDGET_MS * 0.7;
  const t = performance.now();
  for (let i = 0; i < TURNS; i++) {
    if (performance.now() > until && ms.length >= 20) {
      notes.push(`Turn timing stopped after ${ms.length} turns (time budget).`);
      break;
    }
    const s = performance.now();
    const { result } = await agent.turn({ conversation: `${run}-${i}`, ...messages[i % messages.length]! });
    ms.push(performance.now() - s);
    outcomes[result.outcome] = (outcomes[result.outcome] ?? 0) + 1;
  }
  const total = performance.now() - t;
  await agent.close();
  turns = { kbChunks, turns: ms.length, latency: summarize(ms), turnsPerS: (ms.length / total) * 1000, outcomes };
  log(`  ${ms.length} turns: p50 ${fmt(turns.latency.p50)} ms, p95 ${fmt(turns.latency.p95)} ms`);
} finally {
  await turnDb.close();
}

// ---------------------------------------------------------------------------------------------
// 1b. The largest KB last: it gets whatever time is left.

for (const size of sizes.filter((s) => s > 10_000)) {
  if (left() < 45_000) {
    notes.push(`The ${size.toLocaleString("en-US")}-chunk KB was skipped: only ${(left() / 1000).toFixed(0)} s of the time budget were left.`);
    continue;
  }
  await runSize(size);
}

// ---------------------------------------------------------------------------------------------
// Report

const bySize = (n: number) => retrieval.find((r) => r.target === n);
const small = bySize(1000) ?? retrieval[0];
const large = bySize(100_000) ?? retrieval[retrieval.length - 1];
const ratio = small && large && large !== small ? large.search.p50 / small.search.p50 : Number.NaN;
const throughput = bySize(10_000)?.build ?? null;
const totalMs = performance.now() - T0;
const loadAvgAtEnd = os.loadavg().map(round);

const lines: string[] = [];
const row = (cells: string[], widths: number[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
lines.push("", "Keel benchmark (offline embedder, embedded PGlite in memory)", "");
lines.push(`environment: node ${env.node}, ${env.platform}, ${env.cpus} CPU × ${env.cpuModel}, ${env.memoryGb} GB RAM`);
lines.push(`load average: ${env.loadAvgAtStart.join(" ")} at start, ${loadAvgAtEnd.join(" ")} at end`, "");
lines.push("Retrieval latency vs KB size (searchChunks, " + `${queries.length} questions from evals/cases/retrieval.jsonl after ${WARMUP} warm-up)`);
const w = [12, 9, 9, 9, 11, 9, 9, 9, 8];
lines.push(row(["target", "chunks", "policies", "build s", "chunks/s", "p50 ms", "p95 ms", "live ms", "HNSW"], w));
for (const r of retrieval) {
  lines.push(
    row(
      [
        r.target.toLocaleString("en-US"),
        r.chunks.toLocaleString("en-US"),
        r.policies.toLocaleString("en-US"),
        fmt((r.build.ms + (r.build.hnswBuildMs ?? 0)) / 1000),
        fmt(r.build.chunksPerS),
        fmt(r.search.p50),
        fmt(r.search.p95),
        fmt(r.liveCteMs),
        r.plan.hnswUsed ? "used" : "not used",
      ],
      w,
    ) + (r.reachedTarget ? "" : "  (target not reached)"),
  );
}
for (const r of retrieval) lines.push(`  ${r.target.toLocaleString("en-US")}: ${r.path}${r.build.hnswBuildMs ? `; load ${fmt(r.build.ms / 1000)} s + HNSW build ${fmt(r.build.hnswBuildMs / 1000)} s` : ""}; ${r.policyVersions} policy versions`);
lines.push(`p50 ratio ${large?.chunks.toLocaleString("en-US") ?? "?"} / ${small?.chunks.toLocaleString("en-US") ?? "?"} chunks: ${fmt(ratio, "×")}`);
lines.push("(live ms = the in-force-versions CTE alone; HNSW = whether the vector half of the query plans an index scan on chunks_embedding)", "");
if (throughput) {
  lines.push("Import throughput (10k build, importDocuments: one transaction per policy, HNSW index maintained)");
  lines.push(
    `  ${fmt(throughput.chunksPerS)} chunks/s, ${fmt(throughput.policiesPerS)} policies/s overall; median batch ${fmt(throughput.medianBatchChunksPerS)} chunks/s` +
      ` (${throughput.chunks.toLocaleString("en-US")} chunks, ${throughput.policies.toLocaleString("en-US")} policies in ${fmt(throughput.ms / 1000)} s)`,
  );
}
lines.push(`  offline embedding alone: ${fmt(embedMsPerChunk)} ms/chunk (${fmt(1000 / embedMsPerChunk)} chunks/s on one core)`, "");
if (turns) {
  lines.push(`Offline turn latency (agent.turn, ${turns.turns} questions from evals/cases/grounded.jsonl, distinct conversations, KB of ${turns.kbChunks} chunks)`);
  lines.push(`  p50 ${fmt(turns.latency.p50)} ms, p95 ${fmt(turns.latency.p95)} ms, max ${fmt(turns.latency.max)} ms; ${fmt(turns.turnsPerS)} turns/s sequentially`);
  lines.push(`  outcomes: ${Object.entries(turns.outcomes).map(([k, v]) => `${k} ${v}`).join(", ")}`, "");
}
for (const r of retrieval) {
  lines.push(`Plan of the vector CTE at ${r.chunks.toLocaleString("en-US")} chunks:`);
  lines.push(...r.plan.text.map((l) => `  ${l}`));
}
const last = retrieval[retrieval.length - 1];
if (last) {
  lines.push(`Plan without the in-force filter (SELECT id FROM chunks ORDER BY embedding <=> q LIMIT ${RETRIEVAL_CANDIDATES}) at ${last.chunks.toLocaleString("en-US")} chunks:`);
  lines.push(...last.unfilteredPlan.text.map((l) => `  ${l}`));
}
if (notes.length) lines.push("", "Notes:", ...notes.map((n) => `  - ${n}`));
lines.push("", `total runtime ${fmt(totalMs / 1000)} s (budget ${BUDGET_MS / 1000} s)`);
console.log(lines.join("\n"));

const results = {
  at: new Date().toISOString(),
  env: { ...env, loadAvgAtEnd },
  retrieval: retrieval.map((r) => ({
    ...r,
    build: Object.fromEntries(Object.entries(r.build).map(([k, v]) => [k, round(v)])),
    search: Object.fromEntries(Object.entries(r.search).map(([k, v]) => [k, round(v)])),
    liveCteMs: round(r.liveCteMs),
  })),
  p50Ratio: { largeChunks: large?.chunks ?? null, smallChunks: small?.chunks ?? null, ratio: round(ratio) },
  importThroughput: throughput && Object.fromEntries(Object.entries(throughput).map(([k, v]) => [k, round(v)])),
  embedMsPerChunk: round(embedMsPerChunk),
  turns: turns && { ...turns, latency: Object.fromEntries(Object.entries(turns.latency).map(([k, v]) => [k, round(v)])), turnsPerS: round(turns.turnsPerS) },
  notes,
  totalS: round(totalMs / 1000),
};
fs.mkdirSync(path.join(here, "results"), { recursive: true });
fs.writeFileSync(path.join(here, "results", "latest.json"), `${JSON.stringify(results, null, 2)}\n`);
log(`wrote bench/results/latest.json`);
