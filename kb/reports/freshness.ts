// Freshness: policies in force past their review date, and vectors made by an embedder other than
// the current one (they rank badly against queries embedded the new way; reindex.ts fixes them).
import type pg from "pg";
import type { Freshness } from "../../protocol/policy-reports.ts";
import { effectiveVersionsSql, todayIso } from "../effective.ts";
import type { Embedder } from "../embed/embedder.ts";

export async function freshness(db: pg.Pool | pg.PoolClient, embedder: Embedder, today = todayIso()): Promise<Freshness> {
  const { rows: overdue } = await db.query(
    `WITH live AS (${effectiveVersionsSql("$1")})
     SELECT pv.policy_id, pv.title, pv.version, to_char(pv.review_by, 'YYYY-MM-DD') AS review_by, ($1::date - pv.review_by) AS days
     FROM live JOIN policy_versions pv USING (policy_id, version) WHERE pv.review_by < $1::date ORDER BY pv.review_by, pv.policy_id`,
    [today],
  );
  const { rows: stale } = await db.query(
    `SELECT c.policy_id, c.version, pv.status, count(*)::int AS n, c.embedding_model
     FROM chunks c JOIN policy_versions pv USING (policy_id, version)
     WHERE c.embedding_model IS DISTINCT FROM $1
     GROUP BY c.policy_id, c.version, pv.status, c.embedding_model ORDER BY c.policy_id, c.version`,
    [embedder.model],
  );
  return {
    overdueReviews: overdue.map((r) => ({
      policy: r.policy_id,
      title: r.title,
      version: r.version,
      reviewBy: r.review_by,
      daysOverdue: Number(r.days),
    })),
    staleVectors: stale.map((r) => ({ policy: r.policy_id, version: r.version, status: r.status, chunks: r.n, embeddingModel: r.embedding_model })),
    currentEmbedder: embedder.model,
  };
}
