// The agent's audit tables (migration 003): one agent_turns row per customer turn, with what was
// retrieved, cited and checked, and one llm_exposures row per payload sent to a model. The agent
// writes them here; other rooms read turns through the functions below, never by their own SQL.
import type pg from "pg";
import { statement } from "../../kb/db/prepared.ts";
import type { CitingTurn, ConversationTurn, CountedTurn, GapTurn, TurnReader } from "../../kb/reports/turn-reader.ts";
import type { NodeTimings } from "../timed-run.ts";
import type { Exposure, State } from "../state.ts";

type Db = pg.Pool | pg.PoolClient;

/** Records a finished turn and the model payloads it exposed; returns the turn's id. */
export async function recordTurn(db: Db, conversation: string, state: State, ms: number, nodeMs: NodeTimings = {}): Promise<number> {
  const reply = state.reply!;
  const { rows } = await db.query<{ id: string }>(
    statement(
      db,
      "keel_record_turn",
      `INSERT INTO agent_turns (conversation_id, as_of, message_redacted, outcome, escalation_reason, reply_text, chunk_ids,
         citations, premises, grounding, gap, injection, model_error, ms, node_ms, customer_fields)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16) RETURNING id`,
      [
        conversation,
        state.asOf,
        state.redacted,
        reply.outcome,
        reply.escalation?.reason ?? null,
        reply.text,
        [...new Set(state.hits.map((h) => h.chunkId))],
        JSON.stringify(reply.citations),
        JSON.stringify(state.premises),
        state.grounding ? JSON.stringify(state.grounding) : null,
        state.draft?.gap ?? null,
        state.injection,
        state.modelError,
        Math.round(ms),
        JSON.stringify(nodeMs),
        JSON.stringify(state.customerFields),
      ],
    ),
  );
  const turnId = Number(rows[0]!.id);
  for (const e of state.exposures) {
    await db.query("INSERT INTO llm_exposures (conversation_id, turn_id, purpose, model, payload) VALUES ($1,$2,$3,$4,$5)", [
      conversation,
      turnId,
      e.purpose,
      e.model,
      JSON.stringify(e.payload),
    ]);
  }
  return turnId;
}

/** A past turn written as history, with no graph run (the demo's insights history); returns its id. */
export async function recordPastTurn(
  db: Db,
  t: {
    conversationId: string;
    at: Date;
    question: string;
    outcome: string;
    escalationReason: string | null;
    reply: string;
    chunkIds: number[];
    citations: object[];
    premises: object[];
    ms: number;
  },
): Promise<number> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO agent_turns (conversation_id, at, message_redacted, outcome, escalation_reason, reply_text, chunk_ids, citations, premises, ms)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10) RETURNING id`,
    [
      t.conversationId,
      t.at,
      t.question,
      t.outcome,
      t.escalationReason,
      t.reply,
      t.chunkIds,
      JSON.stringify(t.citations),
      JSON.stringify(t.premises),
      t.ms,
    ],
  );
  return Number(rows[0]!.id);
}

/** Forgets every turn of the given conversations. */
export async function forgetTurnsOf(db: Db, conversationIds: string[]): Promise<void> {
  await db.query("DELETE FROM agent_turns WHERE conversation_id = ANY($1::text[])", [conversationIds]);
}

/** Records the model payloads of a suggestion for a human agent: audited, tied to no turn. */
export async function recordSuggestionExposures(db: Db, conversation: string, exposures: Exposure[]): Promise<void> {
  for (const e of exposures) {
    await db.query("INSERT INTO llm_exposures (conversation_id, turn_id, purpose, model, payload) VALUES ($1,NULL,$2,$3,$4)", [
      conversation,
      `suggest:${e.purpose}`,
      e.model,
      JSON.stringify(e.payload),
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

/** The turns as the KB's reports read them (kb/reports/turn-reader.ts says what each returns). */
export const turnReader: TurnReader = {
  async gapTurns(db) {
    const { rows } = await db.query<GapTurn>(
      `SELECT id::text AS id, conversation_id, at, message_redacted, outcome FROM agent_turns t
       WHERE NOT t.injection AND t.message_redacted <> '[removed by retention]'
         AND (t.outcome = 'refusal'
              OR (t.outcome = 'handoff' AND (t.escalation_reason = 'repeated_refusal'
                  OR (t.gap IS NOT NULL AND COALESCE(t.escalation_reason, 'model_error') = 'model_error'))))`,
    );
    return rows;
  },
  async citationsOf(db, policy, notVersion, since, limit) {
    const { rows } = await db.query<CitingTurn>(
      `SELECT t.id, t.conversation_id, t.at, to_char(t.as_of, 'YYYY-MM-DD') AS as_of, t.outcome,
              (c->>'version')::int AS version, c->>'section' AS section, c->>'quote' AS quote
       FROM agent_turns t CROSS JOIN LATERAL jsonb_array_elements(t.citations) c
       WHERE c->>'policy' = $1 AND (c->>'version')::int IS DISTINCT FROM $2 AND t.at >= $3
       ORDER BY t.at DESC, t.id DESC LIMIT $4`,
      [policy, notVersion, since, limit],
    );
    return rows;
  },
  async turnsBetween(db, from, to) {
    const { rows } = await db.query<CountedTurn>("SELECT id, outcome, at, citations, chunk_ids FROM agent_turns WHERE at >= $1 AND at < $2", [
      from,
      to,
    ]);
    return rows;
  },
  async answersPerPolicy(db, days) {
    const { rows } = await db.query<{ policy_id: string; n: number }>(
      `SELECT c->>'policy' AS policy_id, count(*)::int AS n
       FROM agent_turns t, jsonb_array_elements(t.citations) c
       WHERE t.outcome = 'answer' AND t.at > now() - make_interval(days => $1)
       GROUP BY 1`,
      [days],
    );
    return rows;
  },
  async turnsOf(db, conversationIds) {
    const { rows } = await db.query<ConversationTurn>(
      "SELECT id, outcome, citations, chunk_ids FROM agent_turns WHERE conversation_id = ANY($1::text[])",
      [conversationIds],
    );
    return rows;
  },
};

/** What a conversation's turns say of it, for the insights (README "Insights"). */
export type ConversationTurnFacts = {
  /** Keel answered at least one question (a grounded answer, not a refusal or clarification). */
  answered: boolean;
  /** Keel said at least once that its policies do not answer the question. */
  refused: boolean;
  /** False premises caught: turns where a premise in the question was contradicted by a policy. */
  falsePremises: number;
};

/** The facts of each of the given conversations that has turns, by conversation id (a conversation
 *  without turns is left out: it answered and refused nothing, and caught no false premise). */
export async function turnFactsOf(db: Db, conversationIds: string[]): Promise<Map<string, ConversationTurnFacts>> {
  const { rows } = await db.query<{ conversation_id: string; answered: boolean; refused: boolean; false_premises: number }>(
    `SELECT conversation_id,
       count(*) FILTER (WHERE outcome = 'answer') > 0 AS answered,
       count(*) FILTER (WHERE outcome = 'refusal') > 0 AS refused,
       count(*) FILTER (WHERE premises @> '[{"verdict": "contradicted"}]')::int AS false_premises
     FROM agent_turns WHERE conversation_id = ANY($1::text[]) GROUP BY conversation_id`,
    [conversationIds],
  );
  return new Map(rows.map((r) => [r.conversation_id, { answered: r.answered, refused: r.refused, falsePremises: r.false_premises }]));
}

export type CustomerFieldUse = { turnId: string; conversationId: string; at: string; fields: string[] };

/** The turns whose answers used customer fields (open issues, consent, tier), newest first. */
export async function customerFieldUses(db: Db, options: { since: Date; conversationId?: string; limit?: number }): Promise<CustomerFieldUse[]> {
  const { rows } = await db.query<{ id: string; conversation_id: string; at: Date; customer_fields: string[] }>(
    `SELECT id, conversation_id, at, customer_fields FROM agent_turns
     WHERE at >= $1 AND ($2::text IS NULL OR conversation_id = $2) AND jsonb_array_length(customer_fields) > 0
     ORDER BY at DESC, id DESC LIMIT $3`,
    [options.since, options.conversationId ?? null, options.limit ?? 10_000],
  );
  return rows.map((r) => ({ turnId: String(r.id), conversationId: r.conversation_id, at: r.at.toISOString(), fields: r.customer_fields }));
}
