// When Keel answers as of a past date under rules that have changed since, it says which version
// it used and what applies today, so the customer is misled about neither.
import type pg from "pg";
import { effectiveVersionsSql } from "../../kb/effective.ts";
import { servingReadModel } from "../../kb/memory/registry.ts";
import type { Citation } from "../state.ts";

export async function versionNote(pool: pg.Pool, asOf: string, today: string, citations: Citation[]): Promise<string | null> {
  if (!citations.length || asOf === today) return null;
  const cited = [...new Map(citations.map((c) => [c.policy, c])).values()];
  const now =
    servingReadModel(pool)?.versionsInForce(today) ??
    (await versionsFromDatabase(
      pool,
      today,
      cited.map((c) => c.policy),
    ));
  const used = cited.map((c) => `${c.title} version ${c.version}`).join(", ");
  const changed = cited.filter((c) => now.get(c.policy) !== c.version);
  // Same rules today: the answer holds either way, and a note would only add noise.
  if (!changed.length) return null;
  const since = changed
    .map((c) => (now.has(c.policy) ? `${c.title} version ${now.get(c.policy)} applies` : `${c.title} no longer applies`))
    .join("; ");
  return `This answer follows the policy in force on ${asOf} (${used}). The rules have changed since: today ${since}.`;
}

async function versionsFromDatabase(pool: pg.Pool, today: string, policies: string[]): Promise<Map<string, number>> {
  const { rows } = await pool.query<{ policy_id: string; version: number }>(
    `WITH live AS (${effectiveVersionsSql("$1")}) SELECT policy_id, version FROM live WHERE policy_id = ANY($2::text[])`,
    [today, policies],
  );
  return new Map(rows.map((r) => [r.policy_id, r.version]));
}
