// Hybrid retrieval: Postgres full-text search and pgvector nearest neighbours over the policy
// versions in force, fused by reciprocal rank. Raw scores are kept so later stages can threshold.
import type pg from "pg";
import pgvector from "pgvector/pg";
import { z } from "zod";
import { RETRIEVAL_CANDIDATES, RRF_K, RRF_WEIGHTS } from "../config/limits.ts";
import { effectiveVersionsSql, todayIso } from "./effective.ts";
import type { Embedder } from "./embed/embedder.ts";
import { idfOf, termStats } from "./terms.ts";
import { conceptsOf, wordsForConcept } from "./text/concepts.ts";
import { STOPWORDS, tokenize } from "./text/terms.ts";

export const searchHitSchema = z.object({
  chunkId: z.number(),
  policy: z.string(),
  version: z.number(),
  title: z.string(),
  section: z.string(),
  headingPath: z.array(z.string()),
  content: z.string(),
  charStart: z.number(),
  charEnd: z.number(),
  effectiveFrom: z.string(),
  effectiveTo: z.string().nullable(),
  handoffRequired: z.boolean(),
  /** Reciprocal-rank-fusion score: the order. */
  score: z.number(),
  /** Cosine similarity of query and chunk vectors (-1..1). */
  semantic: z.number(),
  /** ts_rank of the widened full-text query (0 when no word matched). */
  lexical: z.number(),
});
export type SearchHit = z.infer<typeof searchHitSchema>;

export type SearchOptions = {
  limit?: number;
  /** Date the policies must be in force on (YYYY-MM-DD); default today. */
  asOf?: string;
  /** Restrict to these policy ids. */
  policies?: string[];
};

/** An OR-query of the question's content words widened with the words of the concepts it names. */
export function lexicalQuery(text: string): string {
  const words = new Set(tokenize(text).filter((t) => !STOPWORDS.has(t) && /^[a-z0-9]+$/.test(t)));
  for (const c of new Set(conceptsOf(text))) for (const w of wordsForConcept(c)) words.add(w);
  return [...words].join(" | ");
}

/** Weighs the query by how rare its terms are in the KB, when the embedder supports it. */
async function embedQuery(pool: pg.Pool, embedder: Embedder, query: string): Promise<number[]> {
  if (!embedder.termsOf || !embedder.embedQueryWeighted) return embedder.embedQuery(query);
  const stats = await termStats(pool, embedder.termsOf(query));
  return embedder.embedQueryWeighted(query, (t) => idfOf(stats, t));
}

type Row = {
  id: string; policy_id: string; version: number; title: string; section: string; heading_path: string[]; content: string;
  char_start: number; char_end: number; effective_from: string; effective_to: string | null; handoff_required: boolean;
  semantic: number; lexical: number; sem_rank: string | null; lex_rank: string | null;
};

export async function searchChunks(pool: pg.Pool, embedder: Embedder, query: string, options: SearchOptions = {}): Promise<SearchHit[]> {
  const limit = options.limit ?? 8;
  const asOf = options.asOf ?? todayIso();
  const vector = pgvector.toSql(await embedQuery(pool, embedder, query));
  const tsq = lexicalQuery(query);
  const scope = options.policies?.length ? "AND c.policy_id = ANY($5::text[])" : "";
  const params: unknown[] = [asOf, vector, tsq, RETRIEVAL_CANDIDATES];
  if (scope) params.push(options.policies);
  const { rows } = await pool.query<Row>(
    `WITH live AS (${effectiveVersionsSql("$1")}),
     sem AS (
       SELECT id, row_number() OVER () AS rnk FROM (
         SELECT c.id FROM chunks c
         WHERE (c.policy_id, c.version) IN (SELECT policy_id, version FROM live) ${scope}
         ORDER BY c.embedding <=> $2 LIMIT $4) s
     ),
     lex AS (
       SELECT id, row_number() OVER (ORDER BY r DESC, id) AS rnk FROM (
         SELECT c.id, ts_rank(c.tsv, q, 1) AS r FROM chunks c, to_tsquery('english', $3) q
         WHERE $3 <> '' AND c.tsv @@ q AND (c.policy_id, c.version) IN (SELECT policy_id, version FROM live) ${scope}
         ORDER BY r DESC LIMIT $4) l
     )
     SELECT c.id, c.policy_id, c.version, pv.title, c.section, c.heading_path, c.content, c.char_start, c.char_end,
            to_char(pv.effective_from, 'YYYY-MM-DD') AS effective_from, to_char(pv.effective_to, 'YYYY-MM-DD') AS effective_to,
            pv.handoff_required,
            1 - (c.embedding <=> $2) AS semantic,
            CASE WHEN $3 <> '' THEN ts_rank(c.tsv, to_tsquery('english', $3), 1) ELSE 0 END AS lexical,
            sem.rnk AS sem_rank, lex.rnk AS lex_rank
     FROM (SELECT id FROM sem UNION SELECT id FROM lex) ids
     JOIN chunks c ON c.id = ids.id
     JOIN policy_versions pv ON pv.policy_id = c.policy_id AND pv.version = c.version
     LEFT JOIN sem ON sem.id = c.id LEFT JOIN lex ON lex.id = c.id`,
    params,
  );
  const hits = rows.map((r) => ({
    chunkId: Number(r.id),
    policy: r.policy_id,
    version: r.version,
    title: r.title,
    section: r.section,
    headingPath: r.heading_path,
    content: r.content,
    charStart: r.char_start,
    charEnd: r.char_end,
    effectiveFrom: r.effective_from,
    effectiveTo: r.effective_to,
    handoffRequired: r.handoff_required,
    score: (r.sem_rank ? RRF_WEIGHTS.semantic / (RRF_K + Number(r.sem_rank)) : 0) + (r.lex_rank ? RRF_WEIGHTS.lexical / (RRF_K + Number(r.lex_rank)) : 0),
    // An empty query vector has no direction: its cosine distance is NaN. Treat it as no similarity.
    semantic: Number.isFinite(Number(r.semantic)) ? Number(r.semantic) : 0,
    lexical: Number(r.lexical),
  }));
  hits.sort((a, b) => b.score - a.score || b.semantic - a.semantic || a.chunkId - b.chunkId);
  return hits.slice(0, limit);
}
