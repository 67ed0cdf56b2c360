// A deterministic embedder that needs no download: hashed stems, stem bigrams, lexicon
// concepts and character trigrams, weighted and L2-normalised into a fixed-width vector.
// Queries are additionally weighted by how rare each term is in the KB (see kb_terms).
import { createHash } from "node:crypto";
import { EMBEDDING_DIMENSIONS } from "../../config/limits.ts";
import { conceptsOf, LEXICON_TEXT } from "../text/concepts.ts";
import { contentStems, STEM_REVISION, STOPWORDS } from "../text/terms.ts";
import type { Embedder } from "./embedder.ts";

const WEIGHTS = { stem: 1.0, bigram: 0.5, concept: 1.2, trigram: 0.35 } as const;

const hashCache = new Map<string, number>();
/** 32 bits of md5: stable across processes and Node versions (unlike a JS string hash seeded per run). */
function hash32(feature: string): number {
  let h = hashCache.get(feature);
  if (h === undefined) {
    h = createHash("md5").update(feature).digest().readUInt32LE(0);
    if (hashCache.size < 200_000) hashCache.set(feature, h);
  }
  return h;
}

/** The terms the embedder counts for document frequency: stems and concepts ("c:refund"). */
export function termsOf(text: string): string[] {
  return [...new Set([...contentStems(text), ...conceptsOf(text).map((c) => `c:${c}`)])];
}

export function embedText(text: string, dimensions = EMBEDDING_DIMENSIONS, weightOf: (term: string) => number = () => 1): number[] {
  const counts = new Map<string, number>();
  const bump = (f: string, w: number) => counts.set(f, (counts.get(f) ?? 0) + w);
  const stems = contentStems(text);
  for (let i = 0; i < stems.length; i++) {
    const s = stems[i]!;
    const w = weightOf(s);
    bump(`s:${s}`, WEIGHTS.stem * w);
    if (i + 1 < stems.length) bump(`b:${s}_${stems[i + 1]}`, WEIGHTS.bigram * Math.sqrt(w * weightOf(stems[i + 1]!)));
    if (s.length > 3 && !/^\d+$/.test(s)) {
      const padded = `^${s}$`;
      const n = padded.length - 2;
      for (let j = 0; j < n; j++) bump(`t:${padded.slice(j, j + 3)}`, (WEIGHTS.trigram * w) / Math.sqrt(n));
    }
  }
  for (const c of conceptsOf(text)) bump(`c:${c}`, WEIGHTS.concept * weightOf(`c:${c}`));
  const vec = new Float64Array(dimensions);
  // Sub-linear term frequency: the tenth mention of "return" adds little.
  for (const [f, w] of counts) {
    const h = hash32(f);
    // The sign bit decorrelates collisions (the "hashing trick").
    vec[h % dimensions]! += (h & 0x80000000 ? -1 : 1) * Math.log1p(w);
  }
  let norm = 0;
  for (const v of vec) norm += v * v;
  norm = Math.sqrt(norm) || 1;
  return Array.from(vec, (v) => v / norm);
}

/** The embedder's id: its version and a fingerprint of the text processing it depends on (stop
 *  words, stemming revision, concept lexicon). A change to any of them makes earlier vectors and
 *  term counts stale, so `keel kb reindex` (and the server, at start) rewrites them. */
export function offlineModelId(parts: { stopwords: string; stemRevision: number; lexicon: string }): string {
  const fingerprint = createHash("sha256").update(`${parts.stopwords}\n${parts.stemRevision}\n${parts.lexicon}`).digest("hex").slice(0, 8);
  return `keel-offline-v1.${fingerprint}`;
}

export const OFFLINE_MODEL_ID = offlineModelId({ stopwords: [...STOPWORDS].join(" "), stemRevision: STEM_REVISION, lexicon: LEXICON_TEXT });

export class OfflineEmbedder implements Embedder {
  readonly model = OFFLINE_MODEL_ID;
  constructor(readonly dimensions = EMBEDDING_DIMENSIONS) {}
  async embedDocuments(texts: string[]): Promise<number[][]> {
    return texts.map((t) => embedText(t, this.dimensions));
  }
  async embedQuery(text: string): Promise<number[]> {
    return embedText(text, this.dimensions);
  }
  termsOf(text: string): string[] {
    return termsOf(text);
  }
  async embedQueryWeighted(text: string, weightOf: (term: string) => number): Promise<number[]> {
    return embedText(text, this.dimensions, weightOf);
  }
}
