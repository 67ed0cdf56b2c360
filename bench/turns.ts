// Bench section: offline agent turn latency (agent.turn) over a ~1k-chunk KB, the sample policies
// plus synthetic ones, one question per distinct conversation — Keel's graph and, on the same
// questions and retrieval, the naive retrieve-and-quote baseline of the evals.
import type { Agent } from "../agent/create-agent.ts";
import { naiveAgent } from "../evals/baseline/naive-agent.ts";
import { rounded, type BenchSection } from "./section.ts";
import { turnBench } from "./turn-kb.ts";
import { round, summarize } from "./stats.ts";

const TURNS = 100;
const WARMUP = 5;
const fmt = (x: number) => (Number.isFinite(x) ? String(round(x)) : "–");

export const turnsSection: BenchSection = {
  name: "turns",
  share: 0.15,
  async run(ctx) {
    ctx.log("turns: building the sample KB plus synthetic policies to ~1k chunks");
    const { db, embedder, kbChunks, readModel, agent, agentStartMs, warmedUp, messages } = await turnBench();
    try {
      const timed = async (label: string, subject: Agent) => {
        const run = `bench-${label}-${Date.now().toString(36)}`;
        // The first turns after start, timed apart: what the first customers wait.
        const first: number[] = [];
        for (let i = 0; i < WARMUP; i++) {
          const s = performance.now();
          await subject.turn({ conversation: `${run}-warmup-${i}`, ...messages[i % messages.length]! });
          first.push(performance.now() - s);
        }
        const ms: number[] = [];
        const outcomes: Record<string, number> = {};
        const t = performance.now();
        for (let i = 0; i < TURNS; i++) {
          if (performance.now() > ctx.until && ms.length >= 20) {
            ctx.note(`${label} turn timing stopped after ${ms.length} turns (time budget).`);
            break;
          }
          const s = performance.now();
          const { result } = await subject.turn({ conversation: `${run}-${i}`, ...messages[i % messages.length]! });
          ms.push(performance.now() - s);
          outcomes[result.outcome] = (outcomes[result.outcome] ?? 0) + 1;
        }
        const turnsPerS = (ms.length / (performance.now() - t)) * 1000;
        await subject.close();
        const latency = summarize(ms);
        ctx.log(`  ${label}: ${ms.length} turns, p50 ${fmt(latency.p50)} ms, p95 ${fmt(latency.p95)} ms`);
        return { turns: ms.length, latency, turnsPerS, outcomes, first };
      };
      const keel = await timed("keel", agent);
      const baseline = await timed("baseline", naiveAgent({ name: "sample", db, embedder }));
      const { turns: n, latency, turnsPerS, outcomes, first } = keel;
      return {
        json: {
          turns: {
            kbChunks,
            turns: n,
            latency: rounded(latency, round),
            turnsPerS: round(turnsPerS),
            outcomes,
            start: { warmedUp, agentStartMs: round(agentStartMs), firstTurnsMs: first.map(round) },
          },
          baselineTurns: { turns: baseline.turns, latency: rounded(baseline.latency, round), turnsPerS: round(baseline.turnsPerS) },
        },
        report: [
          `Offline turn latency (agent.turn, ${n} questions from evals/cases/grounded.jsonl, distinct conversations, KB of ${kbChunks} chunks, searches from ${readModel ? "the in-memory read model" : "the database"})`,
          `  p50 ${fmt(latency.p50)} ms, p95 ${fmt(latency.p95)} ms, max ${fmt(latency.max)} ms; ${fmt(turnsPerS)} turns/s sequentially`,
          `  first ${first.length} turns after start ${first.map(fmt).join(", ")} ms; creating the agent took ${fmt(agentStartMs)} ms (${warmedUp ? "warm-up included" : "KEEL_WARM_UP=off: no warm-up"})`,
          `  outcomes: ${Object.entries(outcomes)
            .map(([k, v]) => `${k} ${v}`)
            .join(", ")}`,
          `  naive baseline (top passage quoted, no checks) on the same questions: p50 ${fmt(baseline.latency.p50)} ms, p95 ${fmt(baseline.latency.p95)} ms;` +
            ` Keel's p50 is ${fmt(latency.p50 / baseline.latency.p50)}× the baseline's`,
        ],
      };
    } finally {
      await db.close();
    }
  },
};
