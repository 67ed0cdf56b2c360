// Lists policies with the version in force, its dates and review status.
import type pg from "pg";
import type { PolicySummary } from "../protocol/policies.ts";
import { effectiveVersionsSql, todayIso } from "./effective.ts";

export async function listPolicies(pool: pg.Pool, asOf = todayIso()): Promise<PolicySummary[]> {
  const { rows } = await pool.query(
    `WITH live AS (${effectiveVersionsSql("$1")}),
     latest AS (SELECT DISTINCT ON (policy_id) * FROM policy_versions ORDER BY policy_id, version DESC),
     counts AS (SELECT policy_id, count(*)::int AS n,
                  bool_or(status = 'published' AND effective_from > $1::date) AS scheduled,
                  bool_or(status = 'published') AS published FROM policy_versions GROUP BY policy_id)
     SELECT p.id, p.retired_at IS NOT NULL AS retired, latest.version AS latest_version, counts.n, counts.scheduled, counts.published,
            cur.version AS current_version, COALESCE(cur.title, latest.title) AS title, COALESCE(cur.owner, latest.owner) AS owner,
            to_char(cur.effective_from, 'YYYY-MM-DD') AS effective_from, to_char(cur.effective_to, 'YYYY-MM-DD') AS effective_to,
            to_char(COALESCE(cur.review_by, latest.review_by), 'YYYY-MM-DD') AS review_by,
            COALESCE(cur.handoff_required, latest.handoff_required) AS handoff_required
     FROM policies p
     JOIN latest ON latest.policy_id = p.id
     JOIN counts ON counts.policy_id = p.id
     LEFT JOIN live ON live.policy_id = p.id
     LEFT JOIN policy_versions cur ON cur.policy_id = live.policy_id AND cur.version = live.version
     ORDER BY p.id`,
    [asOf],
  );
  return rows.map((r) => ({
    policy: r.id,
    title: r.title,
    owner: r.owner,
    currentVersion: r.current_version ?? null,
    latestVersion: r.latest_version,
    versions: r.n,
    effectiveFrom: r.effective_from,
    effectiveTo: r.effective_to,
    reviewBy: r.review_by,
    review: !r.review_by ? "none" : r.review_by < asOf ? "overdue" : "ok",
    handoffRequired: r.handoff_required,
    status: r.retired ? "retired" : r.current_version ? "in_force" : r.scheduled ? "scheduled" : r.published ? "ended" : "draft",
  }));
}

/** How many policies the knowledge base holds, retired ones included (0: nothing imported yet). */
export async function countPolicies(db: pg.Pool | pg.PoolClient): Promise<number> {
  const { rows } = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM policies");
  return rows[0]!.n;
}
