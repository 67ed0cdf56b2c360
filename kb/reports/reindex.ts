// Re-embeds the vectors another embedder made (see freshness.ts). Each version is embedded outside
// any transaction (a remote embedder may take seconds) and its vectors are swapped in one short
// transaction, so a version never ranks with half old, half new vectors.
import type pg from "pg";
import pgvector from "pgvector/pg";
import { recordAudit } from "../authoring/audit.ts";
import { recountTerms } from "../authoring/term-counts.ts";
import type { Embedder } from "../embed/embedder.ts";
import { inTransaction } from "../db/transactions.ts";

export type ReindexResult = { chunks: number; versions: { policy: string; version: number; chunks: number; from: string[] }[]; embedder: string };

export async function reindex(pool: pg.Pool, embedder: Embedder, actor = "reindex"): Promise<ReindexResult> {
  const { rows: stale } = await pool.query<{ policy_id: string; version: number }>(
    "SELECT DISTINCT policy_id, version FROM chunks WHERE embedding_model IS DISTINCT FROM $1 ORDER BY policy_id, version",
    [embedder.model],
  );
  const result: ReindexResult = { chunks: 0, versions: [], embedder: embedder.model };
  for (const { policy_id: policy, version } of stale) {
    const { rows } = await pool.query<{ id: string; search_text: string; embedding_model: string | null }>(
      "SELECT id, search_text, embedding_model FROM chunks WHERE policy_id = $1 AND version = $2 AND embedding_model IS DISTINCT FROM $3 ORDER BY id",
      [policy, version, embedder.model],
    );
    if (!rows.length) continue;
    const vectors = await embedder.embedDocuments(rows.map((r) => r.search_text));
    const updated = await inTransaction(pool, async (client) => {
      const { rowCount } = await client.query(
        `UPDATE chunks c SET embedding = v.embedding::vector, embedding_model = $3
         FROM unnest($1::bigint[], $2::text[]) AS v(id, embedding)
         WHERE c.id = v.id AND c.embedding_model IS DISTINCT FROM $3`,
        [rows.map((r) => r.id), vectors.map((v) => pgvector.toSql(v)), embedder.model],
      );
      const from = [...new Set(rows.map((r) => r.embedding_model ?? "unknown"))];
      await recordAudit(client, { policy, version, action: "reindex", actor, details: { chunks: rowCount, from, embedder: embedder.model } });
      return { chunks: rowCount ?? 0, from };
    });
    result.chunks += updated.chunks;
    result.versions.push({ policy, version, ...updated });
  }
  // Another embedder may count other terms (or none): rebuild the frequencies queries are weighed by.
  if (result.chunks) await inTransaction(pool, (client) => recountTerms(client, embedder));
  return result;
}
