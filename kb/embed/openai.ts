// Embeddings from any OpenAI-compatible endpoint through @langchain/openai.
import { OpenAIEmbeddings } from "@langchain/openai";
import type { KeelConfig } from "../../config/env.ts";
import { EMBEDDING_DIMENSIONS } from "../../config/limits.ts";
import type { Embedder } from "./embedder.ts";

export class OpenAIEmbedder implements Embedder {
  readonly model: string;
  readonly dimensions = EMBEDDING_DIMENSIONS;
  private readonly client: OpenAIEmbeddings;

  constructor(config: KeelConfig) {
    this.model = `openai:${config.KEEL_EMBEDDING_MODEL}`;
    this.client = new OpenAIEmbeddings({
      model: config.KEEL_EMBEDDING_MODEL,
      dimensions: EMBEDDING_DIMENSIONS,
      // Local servers (Ollama, vLLM) need no key, but the SDK insists on one.
      apiKey: config.OPENAI_API_KEY ?? "not-needed",
      configuration: { baseURL: config.OPENAI_BASE_URL },
      timeout: config.KEEL_MODEL_TIMEOUT_MS,
      maxRetries: config.KEEL_MODEL_MAX_RETRIES,
      batchSize: 256,
    });
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
