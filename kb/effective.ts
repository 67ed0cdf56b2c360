// Which policy versions are in force on a date: per policy, the published version with the
// latest effective_from on or before that date, unless it has ended or the policy is retired.
// Shared by retrieval, listing and (later) point-in-time answers so they can never disagree.
// Two forms of the one rule: the whole in-force set (for listing, and for an exact scan over
// it), and a per-row check (for a handful of search candidates, where computing the whole set
// would cost more than the search: ~24k versions at 100k chunks). kb/search.test.ts holds them equal.
import type pg from "pg";

/** A CTE body selecting (policy_id, version) in force on the date bound at parameter `$n`. */
export function effectiveVersionsSql(dateParam: string): string {
  return `SELECT policy_id, version FROM (
      SELECT DISTINCT ON (pv.policy_id) pv.policy_id, pv.version, pv.effective_to
      FROM policy_versions pv JOIN policies p ON p.id = pv.policy_id
      WHERE pv.status = 'published' AND p.retired_at IS NULL AND pv.effective_from <= ${dateParam}::date
      ORDER BY pv.policy_id, pv.effective_from DESC, pv.version DESC
    ) latest
    WHERE effective_to IS NULL OR effective_to >= ${dateParam}::date`;
}

/**
 * A condition, true when the row `alias` (any row with policy_id and version columns, e.g. a
 * chunk) belongs to the version in force on the date at `dateParam`: it is published, started
 * on or before the date, has not ended, its policy is not retired, and no later published
 * version has started by then. A correlated sub-select rather than EXISTS, so the planner checks
 * each candidate through the primary keys instead of turning it into a join over every version.
 */
export function inForceSql(alias: string, dateParam: string): string {
  return `coalesce((
      SELECT true FROM policy_versions pv JOIN policies p ON p.id = pv.policy_id
      WHERE pv.policy_id = ${alias}.policy_id AND pv.version = ${alias}.version
        AND pv.status = 'published' AND p.retired_at IS NULL
        AND pv.effective_from <= ${dateParam}::date AND (pv.effective_to IS NULL OR pv.effective_to >= ${dateParam}::date)
        AND NOT EXISTS (
          SELECT 1 FROM policy_versions later
          WHERE later.policy_id = pv.policy_id AND later.status = 'published' AND later.effective_from <= ${dateParam}::date
            AND (later.effective_from, later.version) > (pv.effective_from, pv.version))
    ), false)`;
}

/** Today's date as YYYY-MM-DD (UTC), the default "as of" for retrieval. */
export function todayIso(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** The chunks of the given policies' versions in force on `asOf`, in policy and document order. */
export async function chunksInForce(
  db: pg.Pool | pg.PoolClient,
  policies: string[],
  asOf: string,
): Promise<{ content: string; heading_path: string[]; section: string; policy_id: string; version: number; title: string }[]> {
  const { rows } = await db.query(
    `WITH live AS (${effectiveVersionsSql("$1")})
     SELECT c.content, c.heading_path, c.section, c.policy_id, c.version, pv.title
     FROM chunks c JOIN live USING (policy_id, version) JOIN policy_versions pv USING (policy_id, version)
     WHERE c.policy_id = ANY($2::text[]) ORDER BY c.policy_id, c.ordinal`,
    [asOf, policies],
  );
  return rows;
}
