// Document frequencies of terms across the KB's chunks (see migration 002): how rare a word is,
// and whether the KB has ever used it at all.
import type pg from "pg";
import { servingReadModel } from "./memory/registry.ts";

export type TermStats = { chunks: number; df: Map<string, number> };

/** The kb_terms row that counts chunks (no real term is empty). */
export const CHUNK_COUNT_TERM = "";

export async function termStats(pool: pg.Pool, terms: string[]): Promise<TermStats> {
  // An attached read model holds every term's count: a term it does not hold counts 0 either way.
  const held = servingReadModel(pool)?.termStats();
  if (held) return { chunks: held.chunks, df: new Map(terms.flatMap((t) => (held.df.has(t) ? [[t, held.df.get(t)!]] : []))) };
  const { rows } = await pool.query<{ term: string; df: number }>("SELECT term, df FROM kb_terms WHERE term = ANY($1::text[])", [
    [...terms, CHUNK_COUNT_TERM],
  ]);
  const df = new Map(rows.map((r) => [r.term, r.df]));
  let chunks = df.get(CHUNK_COUNT_TERM);
  df.delete(CHUNK_COUNT_TERM);
  // Databases filled before the count was kept: count once (a scan, so only then).
  if (chunks === undefined) chunks = (await pool.query<{ n: number }>("SELECT count(*)::int AS n FROM chunks")).rows[0]!.n;
  return { chunks, df };
}

/** BM25's inverse document frequency, scaled to about 1 for a mid-frequency term and floored so common words still count a little. */
export function idfOf(stats: TermStats, term: string): number {
  const df = stats.df.get(term) ?? 0;
  return Math.max(0.15, Math.log(1 + (stats.chunks - df + 0.5) / (df + 0.5)) / 3);
}
