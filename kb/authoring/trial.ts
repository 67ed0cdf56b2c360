// A version in force for a trial: the regression replay answers questions as if a version took
// effect today, inside a transaction it rolls back. Unlike publishing there are no checks, no
// re-chunking and no audit entry, because nothing of it is ever committed.
import type pg from "pg";

/** Puts the version in force from `today` (and the policy back in use) on the caller's client,
 *  which must be inside a transaction the caller rolls back. */
export async function putInForceForTrial(client: pg.PoolClient, policy: string, version: number, today: string): Promise<void> {
  await client.query("UPDATE policy_versions SET status = 'published', effective_from = $3::date WHERE policy_id = $1 AND version = $2", [
    policy,
    version,
    today,
  ]);
  await client.query("UPDATE policies SET retired_at = NULL WHERE id = $1", [policy]);
}
