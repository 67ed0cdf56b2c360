// The knowledge bases the evals run against: Keel's sample KB, the two external corpora nobody on
// the team wrote (../shared/corpora), and the corpora the team wrote (evals/corpora: a bank's
// catalogue of sibling products, a car-rental help centre, and five never fitted on — an invoicing
// app's help centre, an energy supplier's, a fitness club chain's, an insurer's and a parcel
// courier's). Each is built fresh in memory for each run.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { openDatabase, type Database } from "../kb/db/open.ts";
import { OfflineEmbedder } from "../kb/embed/offline.ts";
import type { Embedder } from "../kb/embed/embedder.ts";
import { importPaths } from "../kb/import.ts";
import { attachReadModel, type ReadModelHandle } from "../kb/memory/attach.ts";
import type { KbName } from "./cases.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const SAMPLE_KB = path.join(ROOT, "policies");
/** The external corpora live beside the checkout in ../shared/corpora; a clone elsewhere (a CI
 *  runner's scratch folder) finds them through KEEL_SHARED_DIR or the workplace's /work/shared. */
function sharedDir(): string {
  const candidates = [process.env.KEEL_SHARED_DIR, path.resolve(ROOT, "../shared"), "/work/shared"].filter((d): d is string => Boolean(d));
  return candidates.find((d) => fs.existsSync(path.join(d, "corpora"))) ?? candidates[0]!;
}
export const EXTERNAL_KB = path.join(sharedDir(), "corpora/retail-policy/policy.md");
const TELECOM_DIR = path.join(sharedDir(), "corpora/telecom-policy");

/** Where each knowledge base's documents are (files or folders of Markdown). */
export const KB_SOURCES: Record<KbName, string[]> = {
  sample: [SAMPLE_KB],
  retail: [EXTERNAL_KB],
  telecom: [path.join(TELECOM_DIR, "policy.md"), path.join(TELECOM_DIR, "tech-support-manual.md")],
  catalogue: [path.join(ROOT, "evals/corpora/catalogue")],
  rental: [path.join(ROOT, "evals/corpora/rental")],
  saas: [path.join(ROOT, "evals/corpora/saas")],
  energy: [path.join(ROOT, "evals/corpora/energy")],
  fitness: [path.join(ROOT, "evals/corpora/fitness")],
  insurance: [path.join(ROOT, "evals/corpora/insurance")],
  courier: [path.join(ROOT, "evals/corpora/courier")],
  hotel: [path.join(ROOT, "evals/corpora/hotel")],
  tickets: [path.join(ROOT, "evals/corpora/tickets")],
  transit: [path.join(ROOT, "evals/corpora/transit")],
  vet: [path.join(ROOT, "evals/corpora/vet")],
  storage: [path.join(ROOT, "evals/corpora/storage")],
  residence: [path.join(ROOT, "evals/corpora/residence")],
  waste: [path.join(ROOT, "evals/corpora/waste")],
  cowork: [path.join(ROOT, "evals/corpora/cowork")],
  nursery: [path.join(ROOT, "evals/corpora/nursery")],
  optician: [path.join(ROOT, "evals/corpora/optician")],
  garage: [path.join(ROOT, "evals/corpora/garage")],
  library: [path.join(ROOT, "evals/corpora/library")],
  dental: [path.join(ROOT, "evals/corpora/dental")],
  holiday: [path.join(ROOT, "evals/corpora/holiday")],
  lettings: [path.join(ROOT, "evals/corpora/lettings")],
  driving: [path.join(ROOT, "evals/corpora/driving")],
  ski: [path.join(ROOT, "evals/corpora/ski")],
  marina: [path.join(ROOT, "evals/corpora/marina")],
  language: [path.join(ROOT, "evals/corpora/language")],
};
export const KB_NAMES = Object.keys(KB_SOURCES) as KbName[];
/** Corpora the answerability model is never fitted on, not even for the other corpora's left-out
 *  models: every figure on them is a first meeting, like a knowledge base kept outside the project. */
export const NEVER_FITTED: readonly KbName[] = [
  "saas",
  "energy",
  "fitness",
  "insurance",
  "courier",
  "hotel",
  "tickets",
  "transit",
  "vet",
  "storage",
  "residence",
  "waste",
  "cowork",
  "nursery",
  "optician",
  "garage",
  "library",
  "dental",
  "holiday",
  "lettings",
  "driving",
  "ski",
  "marina",
  "language",
];

const UNDATED_FROM = "2020-01-01";

/** `readModel`: the in-memory read model serving the KB's searches (absent with KEEL_READ_MODEL=off). */
export type EvalKb = { name: KbName; db: Database; embedder: Embedder; readModel?: ReadModelHandle };

/** Evals search through the in-memory read model, as the server does, unless KEEL_READ_MODEL=off. */
const readModelOn = () => process.env.KEEL_READ_MODEL !== "off";

export async function buildEvalKb(name: KbName, embedder: Embedder = new OfflineEmbedder()): Promise<EvalKb> {
  const db = await openDatabase({ dataDir: "memory://" });
  // Undated files would take the import day as their start, which after midnight is later than
  // the evals' fixed date: date them from a day well before it instead.
  await importPaths(db.pool, embedder, KB_SOURCES[name], null, { effectiveFrom: UNDATED_FROM });
  if (!readModelOn()) return { name, db, embedder };
  const readModel = await attachReadModel(db, { dimensions: embedder.dimensions });
  await readModel.ready;
  return { name, db, embedder, readModel };
}
