// Bench section: offline agent turn latency (agent.turn) over a ~1k-chunk KB, the sample policies
// plus synthetic ones, one question per distinct conversation.
import { createAgent } from "../agent/create-agent.ts";
import { readConfig } from "../config/env.ts";
import { agentCaseSchema, readCases } from "../evals/cases.ts";
import { EVAL_DATE } from "../evals/run-cases.ts";
import { openDatabase } from "../kb/db/open.ts";
import { OfflineEmbedder } from "../kb/embed/offline.ts";
import { importDocuments, importPaths } from "../kb/import.ts";
import { rounded, type BenchSection } from "./section.ts";
import { round, summarize } from "./stats.ts";
import { generatePolicies, SAMPLE_POLICIES } from "./synthetic-kb.ts";

const TURNS = 100;
const WARMUP = 5;
const fmt = (x: number) => (Number.isFinite(x) ? String(round(x)) : "–");

export const turnsSection: BenchSection = {
  name: "turns",
  share: 0.15,
  async run(ctx) {
    ctx.log("turns: building the sample KB plus synthetic policies to ~1k chunks");
    const embedder = new OfflineEmbedder();
    const db = await openDatabase({ dataDir: "memory://" });
    try {
      const count = async () => (await db.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM chunks")).rows[0]!.n;
      await importPaths(db.pool, embedder, [SAMPLE_POLICIES]);
      await importDocuments(db.pool, embedder, generatePolicies(Math.max(0, 1000 - (await count())), { seed: 99 }).map((p) => p.doc));
      const kbChunks = await count();
      // Offline on purpose, whatever the environment says: the bench measures the deterministic path.
      const { OPENAI_API_KEY: _k, OPENAI_BASE_URL: _u, ...rest } = process.env;
      const config = readConfig({ ...rest, KEEL_EMBEDDER: "offline", KEEL_LOG_LEVEL: "silent" });
      const agent = await createAgent({ pool: db.pool, embedder, config, log: () => undefined });
      const messages = readCases("grounded.jsonl", agentCaseSchema).flatMap((c) => c.turns.map((t) => ({ message: t.message, as_of: t.as_of ?? EVAL_DATE })));
      const run = `bench-${Date.now().toString(36)}`;
      for (let i = 0; i < WARMUP; i++) await agent.turn({ conversation: `${run}-warmup-${i}`, ...messages[i % messages.length]! });
      const ms: number[] = [];
      const outcomes: Record<string, number> = {};
      const t = performance.now();
      for (let i = 0; i < TURNS; i++) {
        if (performance.now() > ctx.until && ms.length >= 20) {
          ctx.note(`Turn timing stopped after ${ms.length} turns (time budget).`);
          break;
        }
        const s = performance.now();
        const { result } = await agent.turn({ conversation: `${run}-${i}`, ...messages[i % messages.length]! });
        ms.push(performance.now() - s);
        outcomes[result.outcome] = (outcomes[result.outcome] ?? 0) + 1;
      }
      const turnsPerS = (ms.length / (performance.now() - t)) * 1000;
      await agent.close();
      const latency = summarize(ms);
      ctx.log(`  ${ms.length} turns: p50 ${fmt(latency.p50)} ms, p95 ${fmt(latency.p95)} ms`);
      return {
        json: { turns: { kbChunks, turns: ms.length, latency: rounded(latency, round), turnsPerS: round(turnsPerS), outcomes } },
        report: [
          `Offline turn latency (agent.turn, ${ms.length} questions from evals/cases/grounded.jsonl, distinct conversations, KB of ${kbChunks} chunks)`,
          `  p50 ${fmt(latency.p50)} ms, p95 ${fmt(latency.p95)} ms, max ${fmt(latency.max)} ms; ${fmt(turnsPerS)} turns/s sequentially`,
          `  outcomes: ${Object.entries(outcomes).map(([k, v]) => `${k} ${v}`).join(", ")}`,
        ],
      };
    } finally {
      await db.close();
    }
  },
};
