// Constants that are policy, in one place, each with the reason for its value.

/** Vector width stored in chunks.embedding (the HNSW index needs a fixed width). OpenAI's
 *  text-embedding-3 models accept a `dimensions` parameter, so one width serves both embedders. */
export const EMBEDDING_DIMENSIONS = 384;

/** A chunk longer than this is split at paragraph boundaries so a citation can quote it whole. */
export const MAX_CHUNK_CHARS = 1200;

/** Reciprocal-rank-fusion constant (Cormack et al. use 60): damps the weight of the top ranks. */
export const RRF_K = 60;

/** Weight of each retriever in the fusion: the concept-aware vectors rank paraphrases better than
 *  the widened OR full-text query, which mostly rescues exact terms (tuned on evals/cases/retrieval.jsonl). */
export const RRF_WEIGHTS = { semantic: 1.0, lexical: 0.5 } as const;

/** How many candidates each retriever contributes before fusion. */
export const RETRIEVAL_CANDIDATES = 40;

/** Largest customer message Keel accepts, in characters: long enough for a complaint, short enough to bound work. */
export const MAX_MESSAGE_CHARS = 4000;

/** Largest policy document accepted by import, in characters. */
export const MAX_POLICY_CHARS = 200_000;

/** Thresholds of the offline answer composer (agent/answer/extractive.ts), tuned on evals/cases. */
export const ANSWER = {
  /** How much a passage's retrieval rank discounts its sentences (1 / (1 + rank * penalty)). */
  rankPenalty: 0.12,
  /** Bonus for a sentence that has the kind of fact asked for (a duration for "how long", an amount for "how much"). */
  typeBonus: 0.3,
  /** Passages whose sentences compete to answer. */
  passagesConsidered: 5,
  /** A sentence scoring below this does not answer the question: refuse rather than quote it. */
  minSentenceScore: 0.15,
  /** The answering passage (heading + text) must cover this share of the question's weighted words. */
  minPassageCoverage: 0.25,
  /** At most this many sentences are quoted: enough for a rule and its exception. */
  maxSentences: 2,
  /** A second sentence must score at least this fraction of the first. */
  companionRatio: 0.7,
  /** Weight of a question word the KB has never used (often a product name), against ~1 for a mid-frequency word. */
  unknownWordWeight: 0.35,
} as const;

/** What counts as out of the knowledge base's scope (agent/answer/scope.ts). */
export const SCOPE = {
  /** Words ranked beyond this in spoken-English frequency, and absent from the KB, name something specific. */
  everydayWordRank: 5000,
} as const;
