// "Show every customer record passed to a model in the last 30 days": the llm_exposures audit,
// filled by the agent with the (already redacted) payload of every model call.
import type pg from "pg";
import { z } from "zod";

/** "30d", "12h", "2w", "90m": a look-back window. */
export const sinceSchema = z
  .string()
  .regex(/^\d{1,5}[mhdw]$/, "since must look like 30d, 12h, 2w or 90m")
  .transform((s) => {
    const n = Number(s.slice(0, -1));
    const unit = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }[s.slice(-1) as "m" | "h" | "d" | "w"];
    return new Date(Date.now() - n * unit);
  });

export type Exposure = { id: string; at: string; conversationId: string; turnId: string | null; purpose: string; model: string; payload: unknown };

export async function listExposures(pool: pg.Pool, options: { since: Date; conversationId?: string; limit?: number }): Promise<Exposure[]> {
  const { rows } = await pool.query(
    `SELECT id, at, conversation_id, turn_id, purpose, model, payload FROM llm_exposures
     WHERE at >= $1 AND ($2::text IS NULL OR conversation_id = $2) ORDER BY at DESC, id DESC LIMIT $3`,
    [options.since, options.conversationId ?? null, options.limit ?? 10_000],
  );
  return rows.map((r) => ({
    id: String(r.id), at: (r.at as Date).toISOString(), conversationId: r.conversation_id, turnId: r.turn_id ? String(r.turn_id) : null,
    purpose: r.purpose, model: r.model, payload: r.payload,
  }));
}
