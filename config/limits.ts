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
