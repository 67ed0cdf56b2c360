// Bench section: retrieval latency (searchChunks) as one synthetic KB grows through ~1k, ~10k and
// ~100k chunks (--sizes=…). The KB mixes superseded, scheduled and draft versions and retired
// policies (HISTORY_MIX), so the in-force filter has rows to reject; each step is bulk-loaded
// (bulk-load.ts) and the 10k step also imports ~1k chunks through the real import path, HNSW
// maintained, for import throughput. Searches run for today and for a past date (point-in-time).
import type { Database } from "../kb/db/open.ts";
import { openDatabase } from "../kb/db/open.ts";
import { effectiveVersionsSql } from "../kb/effective.ts";
import { embedText, OfflineEmbedder } from "../kb/embed/offline.ts";
import { importDocuments } from "../kb/import.ts";
import { attachReadModel } from "../kb/memory/attach.ts";
import { hybridSql, prepareSearch, searchChunksWithPath, withIndexScan, type SearchPath } from "../kb/search.ts";
import { readCases, retrievalCaseSchema } from "../evals/cases.ts";
import { bulkLoad, type BulkLoad } from "./bulk-load.ts";
import { rounded, type BenchSection, type SectionContext } from "./section.ts";
import { median, round, summarize, type Summary } from "./stats.ts";
import { generatePolicies, type SyntheticPolicy } from "./synthetic-kb.ts";

const QUERIES = 100;
/** A date when about half of today's synthetic policies applied (they start 2023–2025): point-in-time answers. */
const PAST_DATE = "2024-06-01";
const PAST_QUERIES = 20;
/** Chunks imported through importDocuments at the 10k step, for import throughput with the HNSW index maintained. */
const IMPORT_SAMPLE = 1000;
/** Time kept after a load for the index rebuild's estimate to be wrong and for the searches. */
const MEASURE_RESERVE_MS = 25_000;
const SEED = 7;

const fmt = (x: number, unit = "") => (Number.isFinite(x) ? `${round(x)}${unit}` : "–");
const thousands = (n: number) => n.toLocaleString("en-US");

type Throughput = { chunks: number; policies: number; ms: number; chunksPerS: number; policiesPerS: number; medianBatchChunksPerS: number };
type Plan = { hnswUsed: boolean; text: string[] };
type Timing = { search: Summary; paths: Record<SearchPath, number> };
/** The in-memory read model at one size: its load from the database, what it holds, its searches. */
type MemoryResult = { loadMs: number; heldChunks: number; approxMb: number; mbPer10k: number; today: Timing; past: Timing };
type SizeResult = {
  target: number;
  chunks: number;
  policies: number;
  policyVersions: number;
  /** Share of the chunks in force today (the rest: superseded, scheduled, draft, retired). */
  inForceShare: number;
  build: BulkLoad;
  reachedTarget: boolean;
  today: Timing;
  past: Timing & { asOf: string };
  /** The in-force set alone (effectiveVersionsSql): what the exact fallback computes, the index path does not. */
  liveCteMs: number;
  plan: Plan;
  memory: MemoryResult | null;
};

const NO_LOAD: BulkLoad = {
  chunks: 0,
  policies: 0,
  versions: 0,
  loadMs: 0,
  writeMs: 0,
  generateMs: 0,
  indexMs: { chunks_tsv: 0, chunks_embedding: 0 },
};

const queries = readCases("retrieval.jsonl", retrievalCaseSchema)
  .map((c) => c.question)
  .slice(0, QUERIES);

async function counts(db: Database, today: string): Promise<{ chunks: number; policies: number; versions: number; inForce: number }> {
  const { rows } = await db.pool.query<{ chunks: number; policies: number; versions: number; in_force: number }>(
    `WITH live AS (${effectiveVersionsSql("$1")})
     SELECT (SELECT count(*)::int FROM chunks) AS chunks, (SELECT count(*)::int FROM policies) AS policies,
            (SELECT count(*)::int FROM policy_versions) AS versions,
            (SELECT count(*)::int FROM chunks c JOIN live l ON l.policy_id = c.policy_id AND l.version = c.version) AS in_force`,
    [today],
  );
  const r = rows[0]!;
  return { chunks: r.chunks, policies: r.policies, versions: r.versions, inForce: r.in_force };
}

/** The real import path (importDocuments, one transaction per policy), in batches so a deadline can stop it. */
async function importWithDeadline(db: Database, ps: SyntheticPolicy[], until: number, batch = 25): Promise<Throughput> {
  const embedder = new OfflineEmbedder();
  const rates: number[] = [];
  let chunks = 0;
  let policies = 0;
  const started = performance.now();
  for (let i = 0; i < ps.length && performance.now() < until; i += batch) {
    const slice = ps.slice(i, i + batch);
    const n = slice.reduce((a, p) => a + p.chunks, 0);
    const t = performance.now();
    await importDocuments(
      db.pool,
      embedder,
      slice.map((p) => p.doc),
    );
    rates.push((n / (performance.now() - t)) * 1000);
    chunks += n;
    policies += slice.length;
  }
  const ms = performance.now() - started;
  return { chunks, policies, ms, chunksPerS: (chunks / ms) * 1000, policiesPerS: (policies / ms) * 1000, medianBatchChunksPerS: median(rates) };
}

/** EXPLAIN ANALYZE of the query searchChunks runs on its index path, in the same transaction settings. */
async function explainIndexPath(db: Database, query: string, today: string): Promise<Plan> {
  const { params } = await prepareSearch(db.pool, new OfflineEmbedder(), query, { asOf: today });
  const { rows } = await withIndexScan(db.pool, (c) =>
    c.query<{ "QUERY PLAN": string }>(`EXPLAIN (ANALYZE, COSTS OFF) ${hybridSql("index", false)}`, params),
  );
  const text = rows.map((r) => r["QUERY PLAN"].replace(/'\[[-0-9.,e]+\]'::vector/g, "'[…]'::vector"));
  return { hnswUsed: text.some((l) => /Index Scan using chunks_embedding/.test(l)), text };
}

async function timeLiveCte(db: Database, today: string): Promise<number> {
  const runs: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    await db.pool.query(`SELECT count(*) FROM (${effectiveVersionsSql("$1")}) x`, [today]);
    runs.push(performance.now() - t);
  }
  return median(runs);
}

/** Times every question once, after a warm-up pass over all of them (the database's caches, and the
 *  read model's remembered query words: a question's new words cost one look-up, once). */
async function timeSearches(db: Database, ctx: SectionContext, asOf: string, qs: string[], until: number, label: string): Promise<Timing> {
  const embedder = new OfflineEmbedder();
  for (const q of qs) await searchChunksWithPath(db.pool, embedder, q, { asOf });
  const ms: number[] = [];
  const paths: Record<SearchPath, number> = { memory: 0, index: 0, exact: 0 };
  for (const q of qs) {
    if (performance.now() > until && ms.length >= 20) {
      ctx.note(`Search timing (${label}) stopped after ${ms.length} of ${qs.length} queries (time budget).`);
      break;
    }
    const t = performance.now();
    const { path } = await searchChunksWithPath(db.pool, embedder, q, { asOf });
    ms.push(performance.now() - t);
    paths[path]++;
  }
  return { search: summarize(ms), paths };
}

/** Today's questions, then the past date's, each until its share of the time: the budget's end less
 *  a reserve on the last step, a fixed time on the others. */
async function timeBothDates(
  db: Database,
  ctx: SectionContext,
  label: string,
  last: boolean,
  share: { reserveMs: [number, number]; stepMs: [number, number] },
): Promise<{ today: Timing; past: Timing }> {
  const until = (i: 0 | 1) => (last ? ctx.until - share.reserveMs[i] : performance.now() + share.stepMs[i]);
  const today = await timeSearches(db, ctx, ctx.today, queries, until(0), label);
  const past = await timeSearches(db, ctx, PAST_DATE, queries.slice(0, PAST_QUERIES), until(1), `${label}, ${PAST_DATE}`);
  return { today, past };
}

/** The same searches served by the in-memory read model: attached after the build (its load timed),
 *  measured today and on the past date, then detached so the next step builds without it. */
async function timeMemory(db: Database, ctx: SectionContext, chunks: number, last: boolean): Promise<MemoryResult | null> {
  if (performance.now() > ctx.until - 5_000) {
    ctx.note(`The in-memory read model was not measured at ${thousands(chunks)} chunks (time budget).`);
    return null;
  }
  const started = performance.now();
  const handle = await attachReadModel(db);
  try {
    await handle.ready;
    const loadMs = performance.now() - started;
    const bytes = handle.model.approximateBytes();
    const { today, past } = await timeBothDates(db, ctx, `${thousands(chunks)} chunks, memory`, last, {
      reserveMs: [3_000, 1_000],
      stepMs: [20_000, 8_000],
    });
    ctx.log(
      `  in memory: loaded ${thousands(handle.model.size)} chunks in ${fmt(loadMs / 1000)} s, ~${fmt(bytes / 2 ** 20)} MB; search p50 ${fmt(today.search.p50)} ms, p95 ${fmt(today.search.p95)} ms (memory path ${today.paths.memory}/${today.search.n})`,
    );
    return {
      loadMs,
      heldChunks: handle.model.size,
      approxMb: bytes / 2 ** 20,
      mbPer10k: bytes / 2 ** 20 / (handle.model.size / 10_000),
      today,
      past,
    };
  } finally {
    await handle.detach();
  }
}

/** Offline embedding alone, to show how much of an import is embedding rather than database work. */
function embedMsPerChunk(): number {
  const sections = generatePolicies(2000, { seed: 1 }).flatMap((p) => p.doc.body.split(/\n(?=## )/));
  const t = performance.now();
  for (const s of sections) embedText(s);
  return (performance.now() - t) / sections.length;
}

export const retrievalSection: BenchSection = {
  name: "retrieval",
  share: 0.85,
  async run(ctx) {
    const sizes = (process.argv.find((a) => a.startsWith("--sizes="))?.slice(8) ?? "1000,10000,100000")
      .split(",")
      .map(Number)
      .sort((a, b) => a - b);
    const results: SizeResult[] = [];
    let importThroughput: Throughput | null = null;
    const db = await openDatabase({ dataDir: "memory://" });
    try {
      let indexMsPerChunk = 0.8; // first guess for the HNSW rebuild, corrected by each step
      for (const [step, target] of sizes.entries()) {
        const before = await counts(db, ctx.today);
        const importing = target === 10_000 ? Math.min(IMPORT_SAMPLE, target - before.chunks) : 0;
        const want = target - before.chunks - importing;
        // Leave time for this step's index rebuild (it grows a little faster than the KB) and its searches.
        const rebuildMs = indexMsPerChunk * target * 1.3;
        const loadUntil = ctx.until - rebuildMs - MEASURE_RESERVE_MS;
        if (want > 0 && loadUntil - performance.now() < 10_000) {
          ctx.note(
            `The ${thousands(target)}-chunk step was skipped: ${((ctx.until - performance.now()) / 1000).toFixed(0)} s of the time budget were left.`,
          );
          break;
        }
        ctx.log(
          `retrieval @ ${thousands(target)} chunks: bulk-loading ${thousands(want)} chunks${importing ? `, then importing ${importing} through importDocuments` : ""}`,
        );
        const build = want > 0 ? await bulkLoad(db, { target: want, seed: SEED, step, today: ctx.today, until: loadUntil }) : NO_LOAD;
        if (want > 0) indexMsPerChunk = build.indexMs.chunks_embedding / Math.max(1, before.chunks + build.chunks);
        ctx.log(
          `  ${thousands(build.chunks)} chunks in ${fmt(build.loadMs / 1000)} s (writes ${fmt(build.writeMs / 1000)} s), HNSW rebuilt in ${fmt(build.indexMs.chunks_embedding / 1000)} s`,
        );
        if (importing) {
          const docs = generatePolicies(importing, { seed: SEED, idPrefix: "imp" });
          importThroughput = await importWithDeadline(db, docs, ctx.until - MEASURE_RESERVE_MS);
          ctx.log(`  imported ${importThroughput.chunks} chunks at ${fmt(importThroughput.chunksPerS)} chunks/s`);
        }
        const c = await counts(db, ctx.today);
        const reachedTarget = c.chunks >= target;
        if (!reachedTarget)
          ctx.note(
            `The ${thousands(target)}-chunk KB was not reached within the time budget: ${thousands(c.chunks)} chunks were built and measured instead.`,
          );
        const plan = await explainIndexPath(db, queries[0]!, ctx.today);
        const liveCteMs = await timeLiveCte(db, ctx.today);
        const last = step === sizes.length - 1;
        const { today, past } = await timeBothDates(db, ctx, `${thousands(c.chunks)} chunks`, last, {
          reserveMs: [8_000, 2_000],
          stepMs: [40_000, 15_000],
        });
        const memory = await timeMemory(db, ctx, c.chunks, last);
        results.push({
          target,
          chunks: c.chunks,
          policies: c.policies,
          policyVersions: c.versions,
          inForceShare: c.inForce / Math.max(1, c.chunks),
          build,
          reachedTarget,
          today,
          past: { ...past, asOf: PAST_DATE },
          liveCteMs,
          plan,
          memory,
        });
        ctx.log(
          `  search p50 ${fmt(today.search.p50)} ms, p95 ${fmt(today.search.p95)} ms (index path ${today.paths.index}/${today.search.n}); ${PAST_DATE}: p50 ${fmt(past.search.p50)} ms; HNSW ${plan.hnswUsed ? "used" : "NOT used"}`,
        );
      }
    } finally {
      await db.close();
    }
    return report(results, importThroughput, embedMsPerChunk());
  },
};

function report(results: SizeResult[], importThroughput: Throughput | null, embedMs: number): { json: Record<string, unknown>; report: string[] } {
  const small = results[0];
  const large = results[results.length - 1];
  const ratio = small && large && large !== small ? large.today.search.p50 / small.today.search.p50 : Number.NaN;
  const w = [10, 9, 8, 9, 8, 8, 8, 11, 9, 8];
  const row = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(w[i]!) : c.padStart(w[i]!))).join("  ");
  const lines = [
    `Retrieval latency vs KB size (searchChunks, ${queries.length} questions from evals/cases/retrieval.jsonl after a warm-up pass over them; past date: the first ${PAST_QUERIES} as of ${PAST_DATE})`,
    row(["target", "chunks", "in force", "build s", "p50 ms", "p95 ms", "index", "past p50 ms", "live ms", "HNSW"]),
    ...results.map(
      (r) =>
        row([
          thousands(r.target),
          thousands(r.chunks),
          `${Math.round(r.inForceShare * 100)}%`,
          fmt((r.build.loadMs + r.build.indexMs.chunks_tsv + r.build.indexMs.chunks_embedding) / 1000),
          fmt(r.today.search.p50),
          fmt(r.today.search.p95),
          `${r.today.paths.index}/${r.today.search.n}`,
          fmt(r.past.search.p50),
          fmt(r.liveCteMs),
          r.plan.hnswUsed ? "used" : "not used",
        ]) + (r.reachedTarget ? "" : "  (target not reached)"),
    ),
    ...results.map(
      (r) =>
        `  ${thousands(r.target)}: ${thousands(r.policies)} policies, ${thousands(r.policyVersions)} versions; bulk load ${fmt(r.build.loadMs / 1000)} s ` +
        `(writes ${fmt(r.build.writeMs / 1000)} s), full-text index ${fmt(r.build.indexMs.chunks_tsv / 1000)} s, HNSW ${fmt(r.build.indexMs.chunks_embedding / 1000)} s; ` +
        `past date: index path ${r.past.paths.index}/${r.past.search.n}, p95 ${fmt(r.past.search.p95)} ms`,
    ),
    `p50 ratio ${thousands(large?.chunks ?? 0)} / ${thousands(small?.chunks ?? 0)} chunks: ${fmt(ratio, "×")}`,
    "",
    "The same searches served by the in-memory read model (kb/memory: every published version held, ranked exactly as the database's exact path):",
    row(["target", "held", "load s", "MB", "MB/10k", "p50 ms", "p95 ms", "past p50 ms", "vs db p50", "memory"]),
    ...results.map((r) =>
      r.memory
        ? row([
            thousands(r.target),
            thousands(r.memory.heldChunks),
            fmt(r.memory.loadMs / 1000),
            fmt(r.memory.approxMb),
            fmt(r.memory.mbPer10k),
            fmt(r.memory.today.search.p50),
            fmt(r.memory.today.search.p95),
            fmt(r.memory.past.search.p50),
            fmt(r.today.search.p50 / r.memory.today.search.p50, "×"),
            `${r.memory.today.paths.memory}/${r.memory.today.search.n}`,
          ])
        : row([thousands(r.target), "–", "–", "–", "–", "–", "–", "–", "–", "not measured"]),
    ),
    "(held = chunks of every published version, in force or not; MB = the model's own estimate of what it holds; vs db = the database path's p50 over this one's)",
    "(index = searches served by the HNSW path rather than the exact fallback; live ms = computing the whole in-force set, which only the fallback does;",
    " HNSW = whether the index path's plan scans chunks_embedding)",
    "",
  ];
  if (importThroughput) {
    lines.push(
      "Import throughput (importDocuments into the 10k KB: one transaction per policy, HNSW index maintained)",
      `  ${fmt(importThroughput.chunksPerS)} chunks/s, ${fmt(importThroughput.policiesPerS)} policies/s overall; median batch ${fmt(importThroughput.medianBatchChunksPerS)} chunks/s ` +
        `(${thousands(importThroughput.chunks)} chunks, ${thousands(importThroughput.policies)} policies in ${fmt(importThroughput.ms / 1000)} s)`,
    );
  }
  lines.push(`  offline embedding alone: ${fmt(embedMs)} ms/chunk (${fmt(1000 / embedMs)} chunks/s on one core)`, "");
  if (large) lines.push(`Plan of the index path at ${thousands(large.chunks)} chunks:`, ...large.plan.text.map((l) => `  ${l}`));
  return {
    json: {
      retrieval: results.map((r) => ({
        ...r,
        inForceShare: round(r.inForceShare),
        build: {
          ...r.build,
          loadMs: round(r.build.loadMs),
          writeMs: round(r.build.writeMs),
          generateMs: round(r.build.generateMs),
          indexMs: rounded(r.build.indexMs, round),
        },
        today: { search: rounded(r.today.search, round), paths: r.today.paths },
        past: { asOf: r.past.asOf, search: rounded(r.past.search, round), paths: r.past.paths },
        liveCteMs: round(r.liveCteMs),
        memory: r.memory && {
          loadMs: round(r.memory.loadMs),
          heldChunks: r.memory.heldChunks,
          approxMb: round(r.memory.approxMb),
          mbPer10k: round(r.memory.mbPer10k),
          today: { search: rounded(r.memory.today.search, round), paths: r.memory.today.paths },
          past: { search: rounded(r.memory.past.search, round), paths: r.memory.past.paths },
        },
      })),
      p50Ratio: { largeChunks: large?.chunks ?? null, smallChunks: small?.chunks ?? null, ratio: round(ratio) },
      importThroughput: importThroughput && rounded(importThroughput, round),
      embedMsPerChunk: round(embedMs),
    },
    report: lines,
  };
}
