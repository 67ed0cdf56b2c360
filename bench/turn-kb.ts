// What the turn benches (bench/turns.ts, bench/profile.ts) run on: the sample policies plus
// synthetic ones to ~1k chunks in an in-memory database, the read model attached as the server
// attaches it (KEEL_READ_MODEL=off: searches from the database), an offline agent, and the grounded
// eval questions to ask it.
import { createAgent, type Agent } from "../agent/create-agent.ts";
import { readConfig } from "../config/env.ts";
import { agentCaseSchema, readCases } from "../evals/cases.ts";
import { EVAL_DATE } from "../evals/run-cases.ts";
import { openDatabase, type Database } from "../kb/db/open.ts";
import type { Embedder } from "../kb/embed/embedder.ts";
import { OfflineEmbedder } from "../kb/embed/offline.ts";
import { importDocuments, importPaths } from "../kb/import.ts";
import { attachReadModel, type ReadModelHandle } from "../kb/memory/attach.ts";
import { generatePolicies, SAMPLE_POLICIES } from "./synthetic-kb.ts";

export type TurnBench = {
  db: Database;
  embedder: Embedder;
  kbChunks: number;
  readModel: ReadModelHandle | null;
  agent: Agent;
  /** How long creating the agent took, its warm-up included. */
  agentStartMs: number;
  warmedUp: boolean;
  messages: { message: string; as_of: string }[];
};

/** Builds it; the caller closes `db` (the agent with it). */
export async function turnBench(): Promise<TurnBench> {
  const embedder = new OfflineEmbedder();
  const db = await openDatabase({ dataDir: "memory://" });
  try {
    const count = async () => (await db.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM chunks")).rows[0]!.n;
    await importPaths(db.pool, embedder, [SAMPLE_POLICIES]);
    await importDocuments(
      db.pool,
      embedder,
      generatePolicies(Math.max(0, 1000 - (await count())), { seed: 99 }).map((p) => p.doc),
    );
    const kbChunks = await count();
    const readModel = process.env.KEEL_READ_MODEL === "off" ? null : await attachReadModel(db);
    await readModel?.ready;
    // Offline on purpose, whatever the environment says: the bench measures the deterministic path.
    const { OPENAI_API_KEY: _k, OPENAI_BASE_URL: _u, ...rest } = process.env;
    const config = readConfig({ ...rest, KEEL_EMBEDDER: "offline", KEEL_LOG_LEVEL: "silent" });
    // Warmed up as the server warms it (KEEL_WARM_UP=off measures a cold start).
    const started = performance.now();
    const agent = await createAgent({ pool: db.pool, embedder, config, log: () => undefined, warmUp: config.KEEL_WARM_UP === "on" });
    const agentStartMs = performance.now() - started;
    const messages = readCases("grounded.jsonl", agentCaseSchema).flatMap((c) =>
      c.turns.map((t) => ({ message: t.message, as_of: t.as_of ?? EVAL_DATE })),
    );
    return { db, embedder, kbChunks, readModel, agent, agentStartMs, warmedUp: config.KEEL_WARM_UP === "on", messages };
  } catch (err) {
    await db.close();
    throw err;
  }
}
