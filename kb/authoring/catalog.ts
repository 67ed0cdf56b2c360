// The policy list as an owner needs it: what `keel kb list` shows (status, version in force,
// effective dates, review-by) plus the newest published version, a pending draft and scheduled versions.
import type pg from "pg";
import { todayIso } from "../effective.ts";
import type { PolicySummary } from "../../protocol/policies.ts";
import { listPolicies } from "../list.ts";

export type OwnerPolicySummary = PolicySummary & {
  /** The newest published version (in force, scheduled or ended). */
  publishedVersion: number | null;
  /** A draft newer than every published version: an edit waiting to be published. */
  draftVersion: number | null;
  /** Published versions that take effect after today. */
  scheduled: { version: number; effectiveFrom: string }[];
  /** Published versions that took effect before the one in force (or ended), oldest first. */
  superseded: number[];
};

export async function listPoliciesForOwners(pool: pg.Pool, asOf = todayIso()): Promise<OwnerPolicySummary[]> {
  const [summaries, { rows }] = await Promise.all([
    listPolicies(pool, asOf),
    pool.query<{
      policy_id: string;
      published: number | null;
      draft: number | null;
      scheduled: { version: number; effectiveFrom: string }[] | null;
      started: number[] | null;
    }>(
      `SELECT policy_id,
              max(version) FILTER (WHERE status = 'published') AS published,
              max(version) FILTER (WHERE status = 'draft') AS draft,
              jsonb_agg(jsonb_build_object('version', version, 'effectiveFrom', to_char(effective_from, 'YYYY-MM-DD')) ORDER BY effective_from)
                FILTER (WHERE status = 'published' AND effective_from > $1::date) AS scheduled,
              array_agg(version ORDER BY version) FILTER (WHERE status = 'published' AND effective_from <= $1::date) AS started
       FROM policy_versions GROUP BY policy_id`,
      [asOf],
    ),
  ]);
  const extra = new Map(rows.map((r) => [r.policy_id, r]));
  return summaries.map((s) => {
    const e = extra.get(s.policy);
    const draft = e?.draft ?? null;
    const published = e?.published ?? null;
    return {
      ...s,
      publishedVersion: published,
      draftVersion: draft !== null && (published === null || draft > published) ? draft : null,
      scheduled: e?.scheduled ?? [],
      superseded: (e?.started ?? []).filter((v) => v !== s.currentVersion),
    };
  });
}
