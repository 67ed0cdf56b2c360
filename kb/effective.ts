// Which policy versions are in force on a date: per policy, the published version with the
// latest effective_from on or before that date, unless it has ended or the policy is retired.
// Shared by retrieval, listing and (later) point-in-time answers so they can never disagree.

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

/** Today's date as YYYY-MM-DD (UTC), the default "as of" for retrieval. */
export function todayIso(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}
