// One bulk-load worker (see bulk-load.ts): generates its share of synthetic policy histories, runs
// each version through the product's insertVersion against a RecordingClient, and posts the
// recorded writes in batches for the main thread to run. At most two batches wait unwritten.
import { parentPort, workerData } from "node:worker_threads";
import type pg from "pg";
import { OfflineEmbedder } from "../kb/embed/offline.ts";
import { insertVersion } from "../kb/versions.ts";
import { RecordingClient, type RecordedBatch } from "./recorded-writes.ts";
import { historySource } from "./synthetic-kb.ts";

export type WorkerJob = { seed: number; idPrefix: string; today: string; target: number; batchChunks: number };
export type FromWorker =
  | { kind: "batch"; batch: RecordedBatch; retired: string[]; policies: number; versions: number }
  | { kind: "done"; terms: [string[], number[]]; busyMs: number };
export type ToWorker = { kind: "ack" } | { kind: "stop" };

const port = parentPort!;
const job = workerData as WorkerJob;
const MAX_UNWRITTEN = 2;
let unwritten = 0;
let stopping = false;
let wake: (() => void) | null = null;
port.on("message", (m: ToWorker) => {
  if (m.kind === "ack") unwritten--;
  else stopping = true;
  wake?.();
});
const yieldToMessages = () => new Promise<void>((resolve) => setImmediate(resolve));
const untilWritten = () => new Promise<void>((resolve) => (wake = resolve));

const embedder = new OfflineEmbedder();
const recorder = new RecordingClient();
const client = recorder as unknown as pg.PoolClient;
const source = historySource({ seed: job.seed, idPrefix: job.idPrefix, today: job.today });
let chunks = 0;
let busyMs = 0;
while (chunks < job.target && !stopping) {
  const t = performance.now();
  const retired: string[] = [];
  let policies = 0;
  let versions = 0;
  while (recorder.chunkRows < job.batchChunks && chunks < job.target) {
    const history = source.next(job.target - chunks);
    for (const v of history.versions) await insertVersion(client, embedder, v.doc, v.status, "bench");
    if (history.retired) retired.push(history.versions[0]!.doc.id);
    chunks += history.chunks;
    policies++;
    versions += history.versions.length;
  }
  const batch = recorder.take();
  busyMs += performance.now() - t;
  port.postMessage({ kind: "batch", batch, retired, policies, versions } satisfies FromWorker);
  unwritten++;
  await yieldToMessages();
  while (unwritten >= MAX_UNWRITTEN && !stopping) await untilWritten();
}
port.postMessage({ kind: "done", terms: [[...recorder.df.keys()], [...recorder.df.values()]], busyMs } satisfies FromWorker);
