// Insights (issue 17): week by week and per policy, is Keel earning customers' trust? Computed from
// the stored conversations, messages, agent turn records, tickets and ratings — nothing is counted
// twice or kept aside. The definitions (README "Insights") are the comments on `conversationFacts`
// and, for what is read from Keel's turns, on ConversationTurnFacts (agent/store/turns.ts).
import type pg from "pg";
import { levelInsights } from "./levels.ts";
import { z } from "zod";
import { turnFactsOf, turnReader } from "../../agent/store/turns.ts";
import { policyInsights, type PolicyRating } from "../../kb/reports/analytics.ts";
import type { InsightCounts, Insights } from "../../protocol/insights.ts";
import { addDays, defaultFrom, weekOf } from "../../protocol/weeks.ts";

/** Longest range one request may ask for: two years of weeks is already more than a chart shows. */
export const MAX_INSIGHTS_DAYS = 731;
/** A customer who comes back within this many days was not really helped the first time. */
export const REPEAT_CONTACT_DAYS = 7;

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date as YYYY-MM-DD")
  .refine((d) => !Number.isNaN(Date.parse(d)) && new Date(d).toISOString().startsWith(d), "is not a real date");

export const insightsQuery = z
  .object({ from: isoDate.optional(), to: isoDate.optional() })
  .strict()
  .transform((q, ctx) => {
    const to = q.to ?? new Date().toISOString().slice(0, 10);
    const from = q.from ?? defaultFrom(to);
    const days = (Date.parse(to) - Date.parse(from)) / 86_400_000;
    if (days < 0) ctx.addIssue({ code: "custom", path: ["from"], message: "from is after to" });
    else if (days >= MAX_INSIGHTS_DAYS) ctx.addIssue({ code: "custom", path: ["to"], message: `the range is longer than ${MAX_INSIGHTS_DAYS} days` });
    return { from, to };
  });
export type InsightsRange = z.output<typeof insightsQuery>;

const factRow = z.object({
  id: z.string(),
  day: z.string(),
  demo: z.boolean(),
  answered_by_keel: z.boolean(),
  refused: z.boolean(),
  human: z.boolean(),
  handoff: z.boolean(),
  repeat: z.boolean(),
  false_premises: z.number().int(),
  pushback: z.number().int(),
  pushback_held: z.number().int(),
  first_reply_s: z.number().nullable(),
  helpful: z.boolean().nullable(),
  score: z.number().int().nullable(),
});
type Fact = z.infer<typeof factRow>;

/** One row per conversation started in the range (UTC days, both ends included) in which the
 *  customer wrote at least once — a widget opened and left empty is not a conversation. */
async function conversationFacts(pool: pg.Pool, range: InsightsRange): Promise<Fact[]> {
  const { rows } = await pool.query(
    `WITH conv AS (
       SELECT c.* FROM conversations c
       WHERE c.created_at >= $1::date AND c.created_at < $2::date + 1
         AND EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id AND m.author = 'customer'))
     SELECT c.id::text, to_char(c.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, c.demo,
       -- A person took part: an agent wrote, or claimed the conversation's ticket.
       EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id AND m.author = 'agent')
         OR EXISTS (SELECT 1 FROM tickets tk WHERE tk.conversation_id = c.id AND tk.claimed_by IS NOT NULL) AS human,
       -- Handed off: a ticket was opened (Keel escalated, or the customer asked for a person).
       EXISTS (SELECT 1 FROM tickets tk WHERE tk.conversation_id = c.id) AS handoff,
       -- A repeat contact: the same identified customer (site + customer id) started another
       -- conversation, and wrote in it, within ${REPEAT_CONTACT_DAYS} days. Anonymous conversations cannot repeat.
       (c.customer_id IS NOT NULL AND EXISTS (
          SELECT 1 FROM conversations c2 WHERE c2.site IS NOT DISTINCT FROM c.site AND c2.customer_id = c.customer_id AND c2.id <> c.id
            AND c2.created_at > c.created_at AND c2.created_at <= c.created_at + make_interval(days => $3)
            AND EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c2.id AND m.author = 'customer'))) AS repeat,
       -- Pushback: the customer disputed Keel's grounded answer. Held: Keel answered (or refused)
       -- again from its policies rather than handing off.
       (SELECT count(*) FROM messages m WHERE m.conversation_id = c.id AND m.author = 'keel'
          AND m.signals->'sycophancy'->'kinds' ? 'pushback')::int AS pushback,
       (SELECT count(*) FROM messages m WHERE m.conversation_id = c.id AND m.author = 'keel'
          AND m.signals->'sycophancy'->'kinds' ? 'pushback' AND m.outcome IN ('answer', 'refusal'))::int AS pushback_held,
       (SELECT min(extract(epoch FROM tk.first_reply_at - tk.created_at)) FROM tickets tk
          WHERE tk.conversation_id = c.id AND tk.first_reply_at IS NOT NULL)::float8 AS first_reply_s,
       r.helpful, r.score::int AS score
     FROM conv c LEFT JOIN ratings r ON r.conversation_id = c.id
     ORDER BY c.created_at`,
    [range.from, range.to, REPEAT_CONTACT_DAYS],
  );
  // Answered by Keel, refused and the false premises caught: read from Keel's turns.
  const turns = await turnFactsOf(
    pool,
    rows.map((r) => r.id),
  );
  return rows.map((r) => {
    const t = turns.get(r.id);
    return factRow.parse({ ...r, answered_by_keel: t?.answered ?? false, refused: t?.refused ?? false, false_premises: t?.falsePremises ?? 0 });
  });
}

function median(values: number[]): number | null {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return Math.round(s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2);
}

/** Answered = Keel answered and no person took part; resolved without a human = answered and the
 *  customer did not come back within REPEAT_CONTACT_DAYS. */
export function countFacts(facts: Fact[]): InsightCounts {
  const answered = facts.filter((f) => f.answered_by_keel && !f.human);
  const rated = facts.filter((f) => f.helpful !== null);
  const scores = rated.flatMap((f) => (f.score === null ? [] : [f.score]));
  return {
    conversations: facts.length,
    answered: answered.length,
    refused: facts.filter((f) => f.refused).length,
    handoffs: facts.filter((f) => f.handoff).length,
    resolved_without_human: answered.filter((f) => !f.repeat).length,
    repeat_contacts: facts.filter((f) => f.repeat).length,
    false_premises: facts.reduce((n, f) => n + f.false_premises, 0),
    ratings: {
      count: rated.length,
      helpful: rated.filter((f) => f.helpful).length,
      mean_score: scores.length ? Math.round((scores.reduce((a, b) => a + b, 0) / scores.length) * 100) / 100 : null,
    },
    pushback: facts.reduce((n, f) => n + f.pushback, 0),
    pushback_held: facts.reduce((n, f) => n + f.pushback_held, 0),
    median_first_human_reply_seconds: median(facts.flatMap((f) => (f.first_reply_s === null ? [] : [f.first_reply_s]))),
    demo_conversations: facts.filter((f) => f.demo).length,
  };
}

/** Per policy, over the same conversations, with the definitions of the policy pages' citation
 *  report (kb/reports/analytics.ts policyInsights); the ratings are those of the conversations,
 *  one per policy each cited. */
async function insightsPerPolicy(pool: pg.Pool, ids: string[]): Promise<Insights["policies"]> {
  const { rows: ratings } = await pool.query<PolicyRating>(
    "SELECT unnest(r.policies) AS policy, r.helpful FROM ratings r WHERE r.conversation_id::text = ANY($1::text[])",
    [ids],
  );
  return policyInsights(pool, turnReader, ids, ratings);
}

/** The insights for a range: totals, every week touching it (empty weeks as zeros) and per policy. */
export async function computeInsights(pool: pg.Pool, range: InsightsRange): Promise<Insights> {
  let facts: Fact[];
  try {
    facts = await conversationFacts(pool, range);
  } catch (err) {
    throw new Error(`Insights could not be computed for ${range.from}..${range.to}: ${(err as Error).message}`, { cause: err });
  }
  const byWeek = new Map<string, Fact[]>();
  for (let w = weekOf(range.from); w <= range.to; w = addDays(w, 7)) byWeek.set(w, []);
  for (const f of facts) byWeek.get(weekOf(f.day))!.push(f);
  return {
    from: range.from,
    to: range.to,
    totals: countFacts(facts),
    weeks: [...byWeek].map(([week, list]) => ({ week, ...countFacts(list) })),
    policies: await insightsPerPolicy(
      pool,
      facts.map((f) => f.id),
    ),
    levels: await levelInsights(pool, range),
  };
}
