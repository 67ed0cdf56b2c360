// Document frequencies of terms across the KB's chunks (see migration 002): how rare a word is,
// and whether the KB has ever used it at all.
import type pg from "pg";

export type TermStats = { chunks: number; df: Map<string, number> };

export async function termStats(pool: pg.Pool, terms: string[]): Promise<TermStats> {
  const { rows } = await pool.query<{ term: string | null; df: number }>(
    `SELECT term, df FROM kb_terms WHERE term = ANY($1::text[])
     UNION ALL SELECT NULL, (SELECT count(*)::int FROM chunks)`,
    [terms],
  );
  return {
    chunks: rows.find((r) => r.term === null)?.df ?? 0,
    df: new Map(rows.filter((r) => r.term !== null).map((r) => [r.term!, r.df])),
  };
}

/** BM25's inverse document frequency, scaled to about 1 for a mid-frequency term and floored so common words still count a little. */
export function idfOf(stats: TermStats, term: string): number {
  const df = stats.df.get(term) ?? 0;
  return Math.max(0.15, Math.log(1 + (stats.chunks - df + 0.5) / (df + 0.5)) / 3);
}
