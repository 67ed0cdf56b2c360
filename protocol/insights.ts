// The insights the console charts (issue 17): week by week and per policy, the counts that say
// whether Keel is earning customers' trust. server/insights computes them; GET /api/v1/insights sends them.
import { z } from "zod";

const ratingsSummary = z.object({
  count: z.number().int(),
  helpful: z.number().int(),
  /** Mean of the 1–5 scores given (ratings without a score do not count); null when none. */
  mean_score: z.number().nullable(),
});

export const insightCountsSchema = z.object({
  conversations: z.number().int(),
  answered: z.number().int(),
  refused: z.number().int(),
  handoffs: z.number().int(),
  resolved_without_human: z.number().int(),
  repeat_contacts: z.number().int(),
  false_premises: z.number().int(),
  ratings: ratingsSummary,
  // Extra keys beyond the contract (issue 17 asks for them on the page).
  pushback: z.number().int(),
  pushback_held: z.number().int(),
  median_first_human_reply_seconds: z.number().nullable(),
  demo_conversations: z.number().int(),
});
export type InsightCounts = z.infer<typeof insightCountsSchema>;

export const policyInsightSchema = z.object({
  policy: z.string(),
  title: z.string(),
  cited: z.number().int(),
  refused_around: z.number().int(),
  handoffs: z.number().int(),
  helpful: z.number().int(),
  not_helpful: z.number().int(),
});

/** Per experience level of the agent who claimed the ticket (issue 17's "help sized to the agent"). */
export const levelInsightSchema = z.object({
  experience: z.enum(["new", "experienced"]),
  tickets: z.number().int(),
  median_first_reply_seconds: z.number().nullable(),
  suggestions: z.object({ sent_as_is: z.number().int(), edited: z.number().int(), discarded: z.number().int() }),
  drafts_checked: z.number().int(),
  drafts_flagged: z.number().int(),
});
export type LevelInsight = z.infer<typeof levelInsightSchema>;

export const insightsSchema = z.object({
  from: z.string(),
  to: z.string(),
  totals: insightCountsSchema,
  weeks: z.array(insightCountsSchema.extend({ week: z.string() })),
  policies: z.array(policyInsightSchema),
  /** Beyond the contract's keys: per experience level (new, experienced). */
  levels: z.array(levelInsightSchema),
});
export type Insights = z.infer<typeof insightsSchema>;
