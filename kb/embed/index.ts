// Chooses the embedder from configuration: OpenAI-compatible when a model endpoint is configured
// (unless KEEL_EMBEDDER=offline), the deterministic offline embedder otherwise.
import { hasModel, type KeelConfig } from "../../config/env.ts";
import type { Embedder } from "./embedder.ts";
import { OfflineEmbedder } from "./offline.ts";
import { OpenAIEmbedder } from "./openai.ts";

export type { Embedder } from "./embedder.ts";

export function createEmbedder(config: KeelConfig): Embedder {
  if (config.KEEL_EMBEDDER === "offline") return new OfflineEmbedder();
  if (config.KEEL_EMBEDDER === "openai" || hasModel(config)) return new OpenAIEmbedder(config);
  return new OfflineEmbedder();
}
