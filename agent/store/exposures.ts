// The llm_exposures audit, filled by the agent with the (already redacted) payload of every model
// call: "show every customer record passed to a model in the last 30 days" reads it here.
import type pg from "pg";

export type StoredExposure = {
  id: string;
  at: string;
  conversationId: string;
  turnId: string | null;
  purpose: string;
  model: string;
  payload: unknown;
};

export async function listExposures(
  pool: pg.Pool | pg.PoolClient,
  options: { since: Date; conversationId?: string; limit?: number },
): Promise<StoredExposure[]> {
  const { rows } = await pool.query(
    `SELECT id, at, conversation_id, turn_id, purpose, model, payload FROM llm_exposures
     WHERE at >= $1 AND ($2::text IS NULL OR conversation_id = $2) ORDER BY at DESC, id DESC LIMIT $3`,
    [options.since, options.conversationId ?? null, options.limit ?? 10_000],
  );
  return rows.map((r) => ({
    id: String(r.id),
    at: (r.at as Date).toISOString(),
    conversationId: r.conversation_id,
    turnId: r.turn_id ? String(r.turn_id) : null,
    purpose: r.purpose,
    model: r.model,
    payload: r.payload,
  }));
}
