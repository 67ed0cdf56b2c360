// The questions the widget suggests before a customer has typed anything: sample questions from
// the front matter (`questions:`) of the customer policies in force today, the most asked-about
// policy first (how many of Keel's answers cited it in the last 30 days), one question per policy.
// Staff-only documents ("audience: staff", or titled "Internal…") are never suggested, nor are
// promotions (`kind: promotion`): a suggestion would push the offer at everyone.
import type pg from "pg";
import { effectiveVersionsSql, todayIso } from "./effective.ts";
import type { TurnReader } from "./reports/turn-reader.ts";

/** How far back the turn history counts when ranking policies by how often they were asked about. */
const HISTORY_DAYS = 30;
/** A suggestion is a chip in a narrow panel: longer sample questions are left out. */
const MAX_QUESTION_CHARS = 90;

/** A sample question fit to show anyone: short, and not one attached from a customer's masked message. */
function isShowable(q: string): boolean {
  return q.length > 0 && q.length <= MAX_QUESTION_CHARS && !/\[[A-Z_]+\]|•/.test(q);
}

export async function suggestedQuestions(pool: pg.Pool, turns: TurnReader, options: { limit: number; asOf?: string }): Promise<string[]> {
  const asked = await turns.answersPerPolicy(pool, HISTORY_DAYS);
  const { rows } = await pool.query<{ policy_id: string; questions: unknown; asked: number }>(
    `WITH live AS (${effectiveVersionsSql("$1")}),
     asked AS (SELECT * FROM jsonb_to_recordset($2::jsonb) AS a(policy_id text, n int))
     SELECT pv.policy_id, pv.questions, COALESCE(asked.n, 0) AS asked
     FROM live JOIN policy_versions pv ON pv.policy_id = live.policy_id AND pv.version = live.version
     LEFT JOIN asked ON asked.policy_id = pv.policy_id
     WHERE pv.audience = 'customer' AND pv.kind = 'policy' AND pv.title NOT ILIKE 'internal%'
       AND jsonb_typeof(pv.questions) = 'array' AND jsonb_array_length(pv.questions) > 0
     ORDER BY asked DESC, pv.policy_id
     LIMIT 50`,
    [options.asOf ?? todayIso(), JSON.stringify(asked)],
  );
  const picked: string[] = [];
  for (const r of rows) {
    const first = (Array.isArray(r.questions) ? r.questions : []).find((q): q is string => typeof q === "string" && isShowable(q.trim()));
    if (first && !picked.includes(first.trim())) picked.push(first.trim());
    if (picked.length >= options.limit) break;
  }
  return picked;
}
