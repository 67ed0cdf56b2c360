// The two knowledge bases the evals run against: Keel's sample KB and the external corpus
// nobody on the team wrote. Both are built fresh in memory for each run.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { openDatabase, type Database } from "../kb/db/open.ts";
import { OfflineEmbedder } from "../kb/embed/offline.ts";
import type { Embedder } from "../kb/embed/embedder.ts";
import { importPaths } from "../kb/import.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const SAMPLE_KB = path.join(ROOT, "policies");
export const EXTERNAL_KB = path.resolve(ROOT, "../shared/corpora/retail-policy/policy.md");

export type EvalKb = { name: "sample" | "external"; db: Database; embedder: Embedder };

export async function buildEvalKb(name: "sample" | "external", embedder: Embedder = new OfflineEmbedder()): Promise<EvalKb> {
  const db = await openDatabase({ dataDir: "memory://" });
  await importPaths(db.pool, embedder, [name === "sample" ? SAMPLE_KB : EXTERNAL_KB]);
  return { name, db, embedder };
}
