// Lists policies with the version in force, its dates and review status, and what other rooms ask
// of the whole knowledge base at once (how many policies, which are promotions, a passage of each).
import type pg from "pg";
import type { PolicySummary } from "../protocol/policies.ts";
import { effectiveVersionsSql, todayIso } from "./effective.ts";
import { servingReadModel } from "./memory/registry.ts";
import { cachedUnder, keyedCache } from "./keyed-cache.ts";

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

/** The policies marked `kind: promotion` in their front matter, in any version of the knowledge
 *  base: a policy that was once a promotion is suppressed as one. */
export async function promotionPolicies(db: pg.Pool | pg.PoolClient): Promise<Set<string>> {
  // While a read model serves this pool it is told of every change to the knowledge base, so the
  // answer is kept until its generation moves: no query per turn.
  const read = () =>
    db
      .query<{ policy_id: string }>("SELECT DISTINCT policy_id FROM policy_versions WHERE kind = 'promotion'")
      .then(({ rows }) => new Set(rows.map((r) => r.policy_id)));
  const held = servingReadModel(db);
  return held ? cachedUnder(promotionCache, db as pg.Pool, held.generation, read) : read();
}
const promotionCache = keyedCache<Set<string>>();

/** Per policy, the first passage (in document order) of its latest published version, by policy id. */
export async function openingPassages(
  db: pg.Pool | pg.PoolClient,
): Promise<{ policy: string; title: string; version: number; section: string; chunk_id: string; content: string }[]> {
  const { rows } = await db.query<{ policy: string; title: string; version: number; section: string; chunk_id: string; content: string }>(
    `SELECT DISTINCT ON (ch.policy_id) ch.policy_id AS policy, pv.title, ch.version, ch.section, ch.id::text AS chunk_id, ch.content
     FROM chunks ch JOIN policy_versions pv ON pv.policy_id = ch.policy_id AND pv.version = ch.version
     WHERE pv.status = 'published' ORDER BY ch.policy_id, ch.version DESC, ch.ordinal`,
  );
  return rows;
}
