// The two knowledge bases the evals run against: Keel's sample KB and the external corpus
// nobody on the team wrote. Both are built fresh in memory for each run.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { openDatabase, type Database } from "../kb/db/open.ts";
import { OfflineEmbedder } from "../kb/embed/offline.ts";
import type { Embedder } from "../kb/embed/embedder.ts";
import { importPaths } from "../kb/import.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const SAMPLE_KB = path.join(ROOT, "policies");
/** The external corpus lives beside the checkout in ../shared/corpora; a clone elsewhere (a CI
 *  runner's scratch folder) finds it through KEEL_SHARED_DIR or the workplace's /work/shared. */
function sharedDir(): string {
  const candidates = [process.env.KEEL_SHARED_DIR, path.resolve(ROOT, "../shared"), "/work/shared"].filter((d): d is string => Boolean(d));
  return candidates.find((d) => fs.existsSync(path.join(d, "corpora"))) ?? candidates[0]!;
}
export const EXTERNAL_KB = path.join(sharedDir(), "corpora/retail-policy/policy.md");

const UNDATED_FROM = "2020-01-01";

export type EvalKb = { name: "sample" | "external"; db: Database; embedder: Embedder };

export async function buildEvalKb(name: "sample" | "external", embedder: Embedder = new OfflineEmbedder()): Promise<EvalKb> {
  const db = await openDatabase({ dataDir: "memory://" });
  // Undated files would take the import day as their start, which after midnight is later than
  // the evals' fixed date: date them from a day well before it instead.
  await importPaths(db.pool, embedder, [name === "sample" ? SAMPLE_KB : EXTERNAL_KB], null, { effectiveFrom: UNDATED_FROM });
  return { name, db, embedder };
}
