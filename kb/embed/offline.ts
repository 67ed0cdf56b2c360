// A deterministic embedder that needs no download: hashed stems, stem bigrams, lexicon
// concepts and character trigrams, weighted and L2-normalised into a fixed-width vector.
import { createHash } from "node:crypto";
import { EMBEDDING_DIMENSIONS } from "../../config/limits.ts";
import { conceptsOf } from "../text/concepts.ts";
import { contentStems } from "../text/terms.ts";
import type { Embedder } from "./embedder.ts";

/** Words so common in a retailer's policies that they say little about which policy is meant. */
const WEAK_STEMS = new Set(["order", "item", "product", "custom", "northwind", "polici", "store", "purchas", "us", "we", "can", "buy"]);

const WEIGHTS = { stem: 1.0, weakStem: 0.3, bigram: 0.5, concept: 1.2, trigram: 0.35 } as const;

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

function add(vec: Float64Array, feature: string, weight: number): void {
  const h = hash32(feature);
  // The sign bit decorrelates collisions (the "hashing trick").
  vec[h % vec.length]! += (h & 0x80000000 ? -1 : 1) * weight;
}

export function embedText(text: string, dimensions = EMBEDDING_DIMENSIONS): number[] {
  const vec = new Float64Array(dimensions);
  const counts = new Map<string, number>();
  const bump = (f: string, w: number) => counts.set(f, (counts.get(f) ?? 0) + w);
  const stems = contentStems(text);
  for (let i = 0; i < stems.length; i++) {
    const s = stems[i]!;
    bump(`s:${s}`, WEAK_STEMS.has(s) ? WEIGHTS.weakStem : WEIGHTS.stem);
    if (i + 1 < stems.length) bump(`b:${s}_${stems[i + 1]}`, WEIGHTS.bigram);
    if (s.length > 3 && !/^\d+$/.test(s)) {
      const padded = `^${s}$`;
      const n = padded.length - 2;
      for (let j = 0; j < n; j++) bump(`t:${padded.slice(j, j + 3)}`, WEIGHTS.trigram / Math.sqrt(n));
    }
  }
  for (const c of conceptsOf(text)) bump(`c:${c}`, WEIGHTS.concept);
  // Sub-linear term frequency: the tenth mention of "return" adds little.
  for (const [f, w] of counts) add(vec, f, Math.log1p(w));
  let norm = 0;
  for (const v of vec) norm += v * v;
  norm = Math.sqrt(norm) || 1;
  return Array.from(vec, (v) => v / norm);
}

export class OfflineEmbedder implements Embedder {
  readonly model = "keel-offline-v1";
  constructor(readonly dimensions = EMBEDDING_DIMENSIONS) {}
  async embedDocuments(texts: string[]): Promise<number[][]> {
    return texts.map((t) => embedText(t, this.dimensions));
  }
  async embedQuery(text: string): Promise<number[]> {
    return embedText(text, this.dimensions);
  }
}
