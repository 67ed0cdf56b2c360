// Constants that are policy, in one place, each with the reason for its value.

/** Vector width stored in chunks.embedding (the HNSW index needs a fixed width). OpenAI's
 *  text-embedding-3 models accept a `dimensions` parameter, so one width serves both embedders. */
export const EMBEDDING_DIMENSIONS = 384;

/** A chunk longer than this is split at paragraph boundaries so a citation can quote it whole. */
export const MAX_CHUNK_CHARS = 1200;

/** Reciprocal-rank-fusion constant (Cormack et al. use 60): damps the weight of the top ranks. */
export const RRF_K = 60;

/** How many candidates each retriever contributes before fusion. */
export const RETRIEVAL_CANDIDATES = 40;

/** Largest customer message Keel accepts, in characters: long enough for a complaint, short enough to bound work. */
export const MAX_MESSAGE_CHARS = 4000;

/** Largest policy document accepted by import, in characters. */
export const MAX_POLICY_CHARS = 200_000;

/** Thresholds of the offline answer composer (agent/answer/extractive.ts), tuned on evals/cases. */
export const ANSWER = {
  /** Passages whose sentences compete to answer. */
  passagesConsidered: 5,
  /** A sentence scoring below this does not answer the question: refuse rather than quote it. */
  minSentenceScore: 0.3,
  /** The answering passage (heading + text) must cover this share of the question's weighted words. */
  minPassageCoverage: 0.45,
  /** At most this many sentences are quoted: enough for a rule and its exception. */
  maxSentences: 2,
  /** A second sentence must score at least this fraction of the first. */
  companionRatio: 0.7,
  /** Weight of a question word the KB has never used (often a product name), against ~1 for a mid-frequency word. */
  unknownWordWeight: 0.35,
} as const;
