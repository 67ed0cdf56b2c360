// Citation analytics: per policy over a period, how often Keel cited it in an answer, refused a
// question although it had retrieved the policy ("refused around it": a sign the policy nearly
// answers and could be clearer), or handed off with the policy cited or retrieved.
import type pg from "pg";
import { policyInsightSchema, type Insights } from "../../protocol/insights.ts";
import type { TurnReader } from "./turn-reader.ts";

export type PolicyAnalytics = { policy: string; title: string; cited: number; refusedAround: number; handoffs: number; lastCitedAt: string | null };

/** Every policy, busiest first, for turns at or after `from` and before `to`. */
export async function citationAnalytics(db: pg.Pool | pg.PoolClient, turns: TurnReader, from: Date, to: Date): Promise<PolicyAnalytics[]> {
  const counted = await turns.turnsBetween(db, from, to);
  const { rows } = await db.query(
    `WITH turns AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS t(id bigint, outcome text, at timestamptz, citations jsonb, chunk_ids bigint[])),
     cited AS (SELECT DISTINCT c->>'policy' AS policy, t.id, t.outcome, t.at FROM turns t CROSS JOIN LATERAL jsonb_array_elements(t.citations) c),
     found AS (SELECT DISTINCT ch.policy_id AS policy, t.id, t.outcome FROM turns t JOIN chunks ch ON ch.id = ANY(t.chunk_ids)),
     per AS (
       SELECT p.id AS policy,
         (SELECT count(*) FROM cited WHERE cited.policy = p.id AND outcome = 'answer')::int AS cited,
         (SELECT max(at) FROM cited WHERE cited.policy = p.id AND outcome = 'answer') AS last_cited,
         (SELECT count(*) FROM found WHERE found.policy = p.id AND outcome = 'refusal')::int AS refused_around,
         (SELECT count(*) FROM (SELECT id FROM cited WHERE policy = p.id AND outcome = 'handoff'
                                UNION SELECT id FROM found WHERE policy = p.id AND outcome = 'handoff') h)::int AS handoffs
       FROM policies p)
     SELECT per.*, (SELECT title FROM policy_versions pv WHERE pv.policy_id = per.policy ORDER BY version DESC LIMIT 1) AS title
     FROM per ORDER BY cited + refused_around + handoffs DESC, policy`,
    [JSON.stringify(counted)],
  );
  return rows.map((r) => ({
    policy: r.policy,
    title: r.title,
    cited: r.cited,
    refusedAround: r.refused_around,
    handoffs: r.handoffs,
    lastCitedAt: r.last_cited ? (r.last_cited as Date).toISOString() : null,
  }));
}

/** A customer's rating as the insights count it per policy: one row per policy the rated
 *  conversation cited. */
export type PolicyRating = { policy: string; helpful: boolean };

/** The insights per policy (server/insights) over the given conversations, with this report's
 *  definitions: cited = answering turns citing it; refused around = refusals that had retrieved it;
 *  handoffs = handoff turns citing or retrieving it; helpful / not helpful = the ratings (of
 *  conversations that cited it). Only policies with something to count, busiest first. */
export async function policyInsights(
  db: pg.Pool | pg.PoolClient,
  turns: TurnReader,
  conversationIds: string[],
  ratings: PolicyRating[],
): Promise<Insights["policies"]> {
  const counted = await turns.turnsOf(db, conversationIds);
  const { rows } = await db.query(
    `WITH turns AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS t(id bigint, outcome text, citations jsonb, chunk_ids bigint[])),
     cited AS (SELECT DISTINCT c->>'policy' AS policy, t.id, t.outcome FROM turns t CROSS JOIN LATERAL jsonb_array_elements(t.citations) c),
     found AS (SELECT DISTINCT ch.policy_id AS policy, t.id, t.outcome FROM turns t JOIN chunks ch ON ch.id = ANY(t.chunk_ids)),
     rated AS (SELECT * FROM jsonb_to_recordset($2::jsonb) AS r(policy text, helpful boolean)),
     per AS (
       SELECT p.id AS policy,
         (SELECT count(*) FROM cited WHERE cited.policy = p.id AND outcome = 'answer')::int AS cited,
         (SELECT count(*) FROM found WHERE found.policy = p.id AND outcome = 'refusal')::int AS refused_around,
         (SELECT count(*) FROM (SELECT id FROM cited WHERE policy = p.id AND outcome = 'handoff'
                                UNION SELECT id FROM found WHERE policy = p.id AND outcome = 'handoff') h)::int AS handoffs,
         (SELECT count(*) FROM rated WHERE rated.policy = p.id AND helpful)::int AS helpful,
         (SELECT count(*) FROM rated WHERE rated.policy = p.id AND NOT helpful)::int AS not_helpful
       FROM policies p)
     SELECT per.*, COALESCE((SELECT title FROM policy_versions pv WHERE pv.policy_id = per.policy ORDER BY version DESC LIMIT 1), per.policy) AS title
     FROM per WHERE cited + refused_around + handoffs + helpful + not_helpful > 0
     ORDER BY cited + refused_around + handoffs DESC, policy`,
    [JSON.stringify(counted), JSON.stringify(ratings)],
  );
  return rows.map((r) => policyInsightSchema.parse(r));
}
