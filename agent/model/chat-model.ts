// Builds Keel's chat model from its configuration, for any
// OpenAI-compatible endpoint (OpenAI, Ollama, vLLM, LM Studio, ...). Null means "run offline".
import { ChatOpenAI } from "@langchain/openai";
import { hasModel, modelEndpoint, type KeelConfig } from "../../config/env.ts";

/**
 * The chat model, or null when no endpoint is configured.
 *
 * Never pass `streaming: true` (invoke() then counts tokens with js-tiktoken, which downloads
 * its table from the internet and hangs offline) nor `streaming: false` (that sets
 * `disableStreaming`, and `.stream()` silently degrades to one final chunk). Use `.stream()`.
 *
 * `timeout` bounds each attempt only until response headers arrive; a server that stalls in
 * the middle of a body is not cut off by it. Callers that stream should also pass
 * `{ signal: AbortSignal.timeout(ms) }`.
 */
export function createChatModel(config: KeelConfig): ChatOpenAI | null {
  if (!hasModel(config)) return null;
  return new ChatOpenAI({
    model: config.KEEL_CHAT_MODEL,
    temperature: 0,
    timeout: config.KEEL_MODEL_TIMEOUT_MS,
    // LangChain retries (the SDK's own retries are forced to 0): exponential backoff from 1 s.
    maxRetries: config.KEEL_MODEL_MAX_RETRIES,
    ...modelEndpoint(config),
  });
}
