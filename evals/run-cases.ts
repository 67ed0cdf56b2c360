// Runs agent cases against their knowledge bases, one fresh conversation per case.
import { createAgent, type Agent } from "../agent/create-agent.ts";
import type { TurnResult } from "../agent/turn-result.ts";
import { readConfig } from "../config/env.ts";
import { searchChunks } from "../kb/search.ts";
import { checkAnswer } from "../agent/verify/claims.ts";
import type { AgentCase, CheckerCase, RetrievalCase } from "./cases.ts";
import type { EvalKb } from "./knowledge-bases.ts";
import type { CaseRun } from "./score.ts";

/** Eval date: the sample KB's current versions are those in force on this day. */
export const EVAL_DATE = "2026-11-22";

export async function offlineAgent(kb: EvalKb): Promise<Agent> {
  // Offline on purpose: the evals measure the deterministic path unless a model is configured explicitly.
  const config = readConfig({ ...process.env, KEEL_EMBEDDER: "offline" });
  return createAgent({ pool: kb.db.pool, embedder: kb.embedder, config, log: () => undefined });
}

async function leaksOf(kb: EvalKb, conversation: string, pii: string[]): Promise<string[]> {
  if (!pii.length) return [];
  const { rows } = await kb.db.pool.query(
    `SELECT string_agg(t, ' ') AS all FROM (
       SELECT message_redacted || reply_text || premises::text AS t FROM agent_turns WHERE conversation_id = $1
       UNION ALL SELECT payload::text FROM llm_exposures WHERE conversation_id = $1
       UNION ALL SELECT convert_from(blob, 'UTF8') FROM checkpoint_blobs WHERE thread_id = $1 AND blob IS NOT NULL
       UNION ALL SELECT convert_from(blob, 'UTF8') FROM checkpoint_writes WHERE thread_id = $1
       UNION ALL SELECT checkpoint::text FROM checkpoints WHERE thread_id = $1) x`,
    [conversation],
  );
  const stored = (rows[0]?.all ?? "") as string;
  return pii.filter((p) => stored.includes(p) || stored.includes(p.replace(/\s/g, "")));
}

export async function runAgentCase(agent: Agent, kb: EvalKb, c: AgentCase, runTag: string): Promise<CaseRun> {
  const conversation = `eval-${runTag}-${c.id}`;
  const results: TurnResult[] = [];
  for (const t of c.turns) {
    results.push((await agent.turn({ conversation, message: t.message, as_of: t.as_of ?? EVAL_DATE })).result);
  }
  return { case: c, results, leaked: await leaksOf(kb, conversation, c.expect.pii ?? []) };
}

export async function recallAt5(kb: EvalKb, cases: RetrievalCase[]): Promise<{ hits: number; total: number; misses: string[] }> {
  let hits = 0;
  const misses: string[] = [];
  for (const c of cases) {
    const top = await searchChunks(kb.db.pool, kb.embedder, c.question, { limit: 5, asOf: EVAL_DATE });
    const ok = top.some((h) => h.policy === c.policy && (c.kb === "sample" || !c.section || h.section === c.section));
    if (ok) hits++;
    else misses.push(`${c.id}: ${c.question} → ${top.map((h) => `${h.policy}/${h.section}`).slice(0, 3).join(", ")}`);
  }
  return { hits, total: cases.length, misses };
}

export function checkerAccuracy(cases: CheckerCase[]): { correct: number; total: number; misses: string[] } {
  let correct = 0;
  const misses: string[] = [];
  for (const c of cases) {
    const got = checkAnswer(c.answer, [{ text: c.context }]).supported;
    if (got === c.supported) correct++;
    else misses.push(`${c.id}: expected ${c.supported ? "supported" : "unsupported"}: ${c.answer}`);
  }
  return { correct, total: cases.length, misses };
}
