// The policies marked `kind: promotion` in their front matter (any version in the knowledge base:
// a promotion once is suppressed as one).
import type pg from "pg";

export async function promotionPolicies(pool: pg.Pool): Promise<Set<string>> {
  const { rows } = await pool.query<{ policy_id: string }>("SELECT DISTINCT policy_id FROM policy_versions WHERE kind = 'promotion'");
  return new Set(rows.map((r) => r.policy_id));
}
