// Loads large synthetic KBs fast for the benchmarks: two workers (bulk-worker.ts) generate policy
// histories and run them through the product's write path against a recording client, while this
// thread runs the recorded multi-row INSERTs of ~1,500 chunks each. The HNSW and full-text indexes
// are dropped during the load and rebuilt once at the end (built row by row they cost ~10× more).
import { Worker } from "node:worker_threads";
import type { Database } from "../kb/db/open.ts";
import type { FromWorker, ToWorker, WorkerJob } from "./bulk-worker.ts";
import { writeBatch, writeTerms } from "./recorded-writes.ts";

/** Chunk rows per INSERT: 11 parameters each stays far below Postgres' 65,535. */
const BATCH_CHUNKS = 1500;
/** Workers, each with its own seed: a fixed number, so a seed gives the same KB on any machine
 *  (two keep this thread's writes busy on two cores). */
const SHARDS = 2;
/** Indexes rebuilt after the load, in this order (the full-text index is quick, HNSW is not). */
const DEFERRED_INDEXES = ["chunks_tsv", "chunks_embedding"] as const;

export type BulkLoad = {
  chunks: number;
  policies: number;
  versions: number;
  /** Wall time of generation and writing (overlapped), then of this thread's writes alone. */
  loadMs: number;
  writeMs: number;
  /** Worker time spent generating, chunking and embedding (summed over workers). */
  generateMs: number;
  indexMs: Record<(typeof DEFERRED_INDEXES)[number], number>;
};

/** tsx does not reach worker threads by itself: the worker imports the TypeScript module through its API. */
function startWorker(job: WorkerJob): Worker {
  const file = new URL("./bulk-worker.ts", import.meta.url).href;
  const tsx = import.meta.resolve("tsx/esm/api");
  return new Worker(`import(${JSON.stringify(tsx)}).then(({ tsImport }) => tsImport(${JSON.stringify(file)}, ${JSON.stringify(import.meta.url)}))`, {
    eval: true,
    workerData: job,
  });
}

/**
 * Adds about `target` chunks of synthetic policy histories (historySource, seeded by `seed`; `step`
 * keeps ids apart between calls on one database), stopping early at `until` (a performance.now()
 * time); then rebuilds the deferred indexes, whatever the time.
 */
export async function bulkLoad(
  db: Database,
  options: { target: number; seed: number; step: number; today: string; until: number },
): Promise<BulkLoad> {
  const { rows: defs } = await db.pool.query<{ indexname: string; indexdef: string }>(
    "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'chunks' AND indexname = ANY($1::text[])",
    [[...DEFERRED_INDEXES]],
  );
  for (const name of DEFERRED_INDEXES) {
    if (!defs.some((d) => d.indexname === name))
      throw new Error(`Index ${name} on chunks not found: the schema changed; update DEFERRED_INDEXES in bench/bulk-load.ts.`);
  }
  for (const name of DEFERRED_INDEXES) await db.pool.query(`DROP INDEX ${name}`);

  const result: BulkLoad = { chunks: 0, policies: 0, versions: 0, loadMs: 0, writeMs: 0, generateMs: 0, indexMs: {} as BulkLoad["indexMs"] };
  const df = new Map<string, number>();
  const started = performance.now();
  let writes = Promise.resolve();
  const shards = Array.from({ length: SHARDS }, (_, k) => {
    const job: WorkerJob = {
      seed: options.seed * 100 + options.step * SHARDS + k,
      idPrefix: `syn${options.step}${String.fromCharCode(97 + k)}`,
      today: options.today,
      target: Math.floor(options.target / SHARDS) + (k === 0 ? options.target % SHARDS : 0),
      batchChunks: BATCH_CHUNKS,
    };
    const worker = startWorker(job);
    const stopAtDeadline = setInterval(() => performance.now() > options.until && worker.postMessage({ kind: "stop" } satisfies ToWorker), 250);
    const done = new Promise<void>((resolve, reject) => {
      worker.on("error", reject);
      worker.on("exit", (code) => reject(new Error(`bulk-load worker ${k} exited (code ${code}) before finishing`)));
      worker.on("message", (m: FromWorker) => {
        if (m.kind === "done") {
          m.terms[0].forEach((t, i) => df.set(t, (df.get(t) ?? 0) + m.terms[1][i]!));
          result.generateMs += m.busyMs;
          resolve();
          return;
        }
        writes = writes.then(async () => {
          const t = performance.now();
          await writeBatch(db.pool, m.batch);
          if (m.retired.length) await db.pool.query("UPDATE policies SET retired_at = now() WHERE id = ANY($1::text[])", [m.retired]);
          result.writeMs += performance.now() - t;
          result.chunks += m.batch.chunks;
          result.policies += m.policies;
          result.versions += m.versions;
          worker.postMessage({ kind: "ack" } satisfies ToWorker);
        });
        writes.catch(reject);
      });
    }).finally(() => {
      clearInterval(stopAtDeadline);
      void worker.terminate();
    });
    return done;
  });
  try {
    await Promise.all(shards);
    await writes;
  } catch (err) {
    throw new Error(`The bulk load failed: ${(err as Error).message}`, { cause: err });
  }
  await writeTerms(db.pool, df);
  result.loadMs = performance.now() - started;

  await db.pool.query("SET maintenance_work_mem = '512MB'");
  for (const name of DEFERRED_INDEXES) {
    const t = performance.now();
    await db.pool.query(defs.find((d) => d.indexname === name)!.indexdef);
    result.indexMs[name] = performance.now() - t;
  }
  await db.pool.query("RESET maintenance_work_mem");
  return result;
}
