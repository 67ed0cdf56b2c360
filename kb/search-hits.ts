// A search's result rows, the same from either path (the database's SQL or the in-memory read
// model), and the one function that turns them into ranked hits: reciprocal-rank fusion of the
// vector and full-text ranks, raw scores kept so later stages can threshold.
import { z } from "zod";
import { RRF_K, RRF_WEIGHTS } from "../config/limits.ts";

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
  /** "staff": written for agents; never quoted to a customer. */
  audience: z.enum(["customer", "staff"]).optional(),
  /** Reciprocal-rank-fusion score: the order. */
  score: z.number(),
  /** Cosine similarity of query and chunk vectors (-1..1). */
  semantic: z.number(),
  /** ts_rank of the widened full-text query (0 when no word matched). */
  lexical: z.number(),
});
export type SearchHit = z.infer<typeof searchHitSchema>;

/** One candidate as the database returns it (numbers as node-postgres parses them). */
export type HitRow = {
  id: string | number;
  policy_id: string;
  version: number;
  title: string;
  section: string;
  heading_path: string[];
  content: string;
  char_start: number;
  char_end: number;
  effective_from: string;
  effective_to: string | null;
  handoff_required: boolean;
  audience: "customer" | "staff";
  semantic: number | string | null;
  lexical: number | string;
  sem_rank: string | number | null;
  lex_rank: string | number | null;
};

/** The candidates fused and ranked, best first, cut to `limit`. */
export function hitsOf(rows: HitRow[], limit: number): SearchHit[] {
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
    audience: r.audience,
    score:
      (r.sem_rank ? RRF_WEIGHTS.semantic / (RRF_K + Number(r.sem_rank)) : 0) + (r.lex_rank ? RRF_WEIGHTS.lexical / (RRF_K + Number(r.lex_rank)) : 0),
    // An empty query vector has no direction: its cosine distance is NaN. Treat it as no similarity.
    semantic: Number.isFinite(Number(r.semantic)) ? Number(r.semantic) : 0,
    lexical: Number(r.lexical),
  }));
  hits.sort((a, b) => b.score - a.score || b.semantic - a.semantic || a.chunkId - b.chunkId);
  return hits.slice(0, limit);
}
