// Embeddings from any OpenAI-compatible endpoint through @langchain/openai.
import { OpenAIEmbeddings } from "@langchain/openai";
import { hasModel, modelEndpoint, type KeelConfig } from "../../config/env.ts";
import { EMBEDDING_DIMENSIONS } from "../../config/limits.ts";
import type { Embedder } from "./embedder.ts";

/**
 * Texts per embeddings request. The library default (512) makes one slow, all-or-nothing
 * request for a whole knowledge base; smaller batches keep each request well inside the timeout.
 */
export const EMBEDDING_BATCH_SIZE = 64;

/**
 * The embeddings client, or null when no endpoint is configured or KEEL_EMBEDDER is "offline"
 * (that setting promises the deterministic embedder even when a model endpoint exists).
 * `dimensions` is sent with every request, so the vectors fit the store's column size.
 */
export function createEmbeddings(config: KeelConfig, dimensions: number): OpenAIEmbeddings | null {
  if (!hasModel(config) || config.KEEL_EMBEDDER === "offline") return null;
  return new OpenAIEmbeddings({
    model: config.KEEL_EMBEDDING_MODEL,
    dimensions,
    batchSize: EMBEDDING_BATCH_SIZE,
    timeout: config.KEEL_MODEL_TIMEOUT_MS,
    maxRetries: config.KEEL_MODEL_MAX_RETRIES,
    ...modelEndpoint(config),
  });
}

export class OpenAIEmbedder implements Embedder {
  readonly model: string;
  readonly dimensions = EMBEDDING_DIMENSIONS;
  private readonly client: OpenAIEmbeddings;

  constructor(config: KeelConfig) {
    this.model = `openai:${config.KEEL_EMBEDDING_MODEL}`;
    const client = createEmbeddings({ ...config, KEEL_EMBEDDER: "openai" }, EMBEDDING_DIMENSIONS);
    if (!client) throw new Error("The OpenAI embedder needs OPENAI_API_KEY or OPENAI_BASE_URL; set one, or KEEL_EMBEDDER=offline.");
    this.client = client;
  }

  private check(vectors: number[][]): number[][] {
    for (const v of vectors) {
      if (v.length !== this.dimensions) {
        throw new Error(
          `The embedding endpoint returned ${v.length}-dimensional vectors; Keel stores ${this.dimensions}. ` +
            `Use a model that honours the "dimensions" parameter, or set KEEL_EMBEDDER=offline.`,
        );
      }
    }
    return vectors;
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    return this.check(await this.client.embedDocuments(texts));
  }
  async embedQuery(text: string): Promise<number[]> {
    return this.check([await this.client.embedQuery(text)])[0]!;
  }
}
