// The agent's audit tables (migration 003): one agent_turns row per customer turn, with what was
// retrieved, cited and checked, and one llm_exposures row per payload sent to a model. The agent
// writes them here; other rooms read turns through the functions below, never by their own SQL.
import type pg from "pg";
import type { NodeTimings } from "../timed-run.ts";
import type { Exposure, State } from "../state.ts";

type Db = pg.Pool | pg.PoolClient;

/** Records a finished turn and the model payloads it exposed; returns the turn's id. */
export async function recordTurn(db: Db, conversation: string, state: State, ms: number, nodeMs: NodeTimings = {}): Promise<number> {
  const reply = state.reply!;
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO agent_turns (conversation_id, as_of, message_redacted, outcome, escalation_reason, reply_text, chunk_ids,
       citations, premises, grounding, gap, injection, model_error, ms, node_ms)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15) RETURNING id`,
    [conversation, state.asOf, state.redacted, reply.outcome, reply.escalation?.reason ?? null, reply.text,
      [...new Set(state.hits.map((h) => h.chunkId))], JSON.stringify(reply.citations), JSON.stringify(state.premises),
      state.grounding ? JSON.stringify(state.grounding) : null, state.draft?.gap ?? null, state.injection, state.modelError, Math.round(ms), JSON.stringify(nodeMs)],
  );
  const turnId = Number(rows[0]!.id);
  for (const e of state.exposures) {
    await db.query("INSERT INTO llm_exposures (conversation_id, turn_id, purpose, model, payload) VALUES ($1,$2,$3,$4,$5)", [
      conversation, turnId, e.purpose, e.model, JSON.stringify(e.payload),
    ]);
  }
  return turnId;
}

/** Records the model payloads of a suggestion for a human agent: audited, tied to no turn. */
export async function recordSuggestionExposures(db: Db, conversation: string, exposures: Exposure[]): Promise<void> {
  for (const e of exposures) {
    await db.query("INSERT INTO llm_exposures (conversation_id, turn_id, purpose, model, payload) VALUES ($1,NULL,$2,$3,$4)", [
      conversation, `suggest:${e.purpose}`, e.model, JSON.stringify(e.payload),
    ]);
  }
}

/** Recent distinct customer questions whose answers cited the policy. */
export async function recentQuestionsCiting(db: Db, policy: string, days = 30, limit = 50): Promise<string[]> {
  const { rows } = await db.query<{ q: string }>(
    `SELECT DISTINCT ON (t.message_redacted) t.message_redacted AS q FROM agent_turns t
     WHERE t.at > now() - make_interval(days => $2) AND t.message_redacted <> '[removed by retention]'
       AND EXISTS (SELECT 1 FROM jsonb_array_elements(t.citations) c WHERE c->>'policy' = $1)
     ORDER BY t.message_redacted, t.at DESC LIMIT $3`,
    [policy, days, limit],
  );
  return rows.map((r) => r.q);
}
