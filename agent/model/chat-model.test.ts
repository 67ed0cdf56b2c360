// Drives the real @langchain/openai classes built by chat-model.ts against the fake server:
// what they send, what they return, and how errors, retries and timeouts surface.
import { HumanMessage } from "@langchain/core/messages";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { configSchema, type KeelConfig } from "../../config/env.ts";
import { PLACEHOLDER_API_KEY } from "../../config/env.ts";
import { createEmbeddings, EMBEDDING_BATCH_SIZE } from "../../kb/embed/openai.ts";
import { createChatModel } from "./chat-model.ts";
import { fakeEmbedding, startFakeOpenAI, type FakeOpenAI } from "../../test-support/fake-openai.ts";

// Every test here must be quick; a hang is a bug (e.g. a tokenizer download), not slowness.
const QUICK = 8_000;

// Guard the network: any fetch that is not to loopback fails at once and is remembered.
// Installed before any client exists, because the OpenAI SDK captures fetch when constructed.
const offLoopback: string[] = [];
const realFetch = globalThis.fetch;
beforeAll(() => {
  globalThis.fetch = (async (input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
    const url = new URL(input instanceof Request ? input.url : input.toString());
    if (url.hostname !== "127.0.0.1" && url.hostname !== "localhost") {
      offLoopback.push(url.href);
      throw new Error(`test tried to reach the internet: ${url.href}`);
    }
    return realFetch(input, init);
  }) as typeof fetch;
});
afterAll(() => {
  globalThis.fetch = realFetch;
  expect(offLoopback).toEqual([]);
});

let fake: FakeOpenAI;
beforeEach(async () => {
  fake = await startFakeOpenAI();
});
afterEach(async () => {
  await fake.close();
});

function configFor(overrides: Record<string, string> = {}): KeelConfig {
  return configSchema.parse({ OPENAI_BASE_URL: fake.url, KEEL_MODEL_MAX_RETRIES: "0", KEEL_MODEL_TIMEOUT_MS: "5000", ...overrides });
}

function chatModel(overrides: Record<string, string> = {}) {
  const model = createChatModel(configFor(overrides));
  if (!model) throw new Error("expected a chat model");
  return model;
}

function chatRequests(): Record<string, unknown>[] {
  return fake.requests.filter((r) => r.kind === "chat").map((r) => r.body as Record<string, unknown>);
}

describe("createChatModel / createEmbeddings", () => {
  it("return null without an endpoint, and embeddings stay offline when KEEL_EMBEDDER=offline", () => {
    const none = configSchema.parse({});
    expect(createChatModel(none)).toBeNull();
    expect(createEmbeddings(none, 8)).toBeNull();
    expect(createEmbeddings(configFor({ KEEL_EMBEDDER: "offline" }), 8)).toBeNull();
    expect(createEmbeddings(configFor(), 8)).not.toBeNull();
  });

  // Retries are shown by request counts in "failures through the fake" (AsyncCaller hides maxRetries).
  it("apply the config: model, temperature 0, timeout, streaming left alone", () => {
    const model = chatModel({ KEEL_CHAT_MODEL: "llama3.1", KEEL_MODEL_TIMEOUT_MS: "1234" });
    expect(model.model).toBe("llama3.1");
    expect(model.temperature).toBe(0);
    expect(model.timeout).toBe(1234);
    expect(model.streaming).toBe(false);
    expect(model.disableStreaming).toBe(false);
  });
});

describe("chat through the fake", () => {
  it(
    "invoke returns the scripted text; the request carries model, temperature 0 and the placeholder key",
    async () => {
      fake.script({ content: "Refunds take 14 days." });
      const answer = await chatModel().invoke([new HumanMessage("How long do refunds take?")]);
      expect(answer.content).toBe("Refunds take 14 days.");
      expect(answer.usage_metadata?.total_tokens).toBeGreaterThan(0);

      const [body] = chatRequests();
      expect(body).toMatchObject({
        model: "gpt-4o-mini",
        temperature: 0,
        stream: false,
        messages: [{ role: "user", content: "How long do refunds take?" }],
      });
      expect(fake.requests[0].headers.authorization).toBe(`Bearer ${PLACEHOLDER_API_KEY}`);
    },
    QUICK,
  );

  it(
    "uses OPENAI_API_KEY when given",
    async () => {
      await chatModel({ OPENAI_API_KEY: "sk-test" }).invoke("hi");
      expect(fake.requests[0].headers.authorization).toBe("Bearer sk-test");
    },
    QUICK,
  );

  it(
    "returns the fake's wrong answers verbatim (catching them is Keel's job, not the client's)",
    async () => {
      fake.script({ content: "Refunds take 90 days and cost $500." });
      const answer = await chatModel().invoke("How long do refunds take?");
      expect(answer.content).toBe("Refunds take 90 days and cost $500.");
    },
    QUICK,
  );

  it(
    "stream yields several chunks that concatenate to the scripted text, with usage at the end",
    async () => {
      const text = "Refunds are issued within 14 days of receiving the item.";
      fake.script({ content: text });
      const pieces: string[] = [];
      let totalTokens: number | undefined;
      for await (const chunk of await chatModel().stream("How long do refunds take?")) {
        if (typeof chunk.content === "string" && chunk.content) pieces.push(chunk.content);
        totalTokens = chunk.usage_metadata?.total_tokens ?? totalTokens;
      }
      expect(pieces.length).toBeGreaterThan(2);
      expect(pieces.join("")).toBe(text);
      expect(totalTokens).toBeGreaterThan(0);
      expect(chatRequests()[0]).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    },
    QUICK,
  );

  const refundSchema = z.object({
    answer: z.string(),
    days: z.number().int(),
    citations: z.array(z.string()),
  });

  it(
    "withStructuredOutput (default method) sends response_format json_schema, strict, and parses the content",
    async () => {
      const scripted = { answer: "Refunds take 14 days.", days: 14, citations: ["refunds.md#timing"] };
      fake.script({ json: scripted });
      const result = await chatModel().withStructuredOutput(refundSchema).invoke("How long do refunds take?");
      expect(result).toEqual(scripted);

      const [body] = chatRequests();
      expect(body.tools).toBeUndefined();
      expect(body.stream).toBe(false);
      expect(body.response_format).toMatchObject({
        type: "json_schema",
        json_schema: {
          name: "extract",
          strict: true,
          schema: { type: "object", required: ["answer", "days", "citations"], additionalProperties: false },
        },
      });
    },
    QUICK,
  );

  it(
    "withStructuredOutput also uses json_schema for non-OpenAI model names (e.g. local models)",
    async () => {
      fake.script({ json: { answer: "a", days: 1, citations: [] } });
      await chatModel({ KEEL_CHAT_MODEL: "llama3.1:8b" }).withStructuredOutput(refundSchema).invoke("q");
      expect(chatRequests()[0].response_format).toMatchObject({ type: "json_schema" });
    },
    QUICK,
  );

  it(
    "withStructuredOutput with method functionCalling sends a forced tool and parses the tool call",
    async () => {
      const scripted = { answer: "Refunds take 14 days.", days: 14, citations: [] };
      fake.script({ json: scripted });
      const result = await chatModel().withStructuredOutput(refundSchema, { method: "functionCalling" }).invoke("q");
      expect(result).toEqual(scripted);

      const [body] = chatRequests();
      expect(body.response_format).toBeUndefined();
      expect(body.tools).toMatchObject([{ type: "function", function: { name: "extract", parameters: { type: "object" } } }]);
      expect(body.tool_choice).toEqual({ type: "function", function: { name: "extract" } });
    },
    QUICK,
  );

  it(
    "withStructuredOutput rejects JSON that breaks the schema",
    async () => {
      fake.script({ json: { answer: "Refunds take forever.", days: "forever" } });
      await expect(chatModel().withStructuredOutput(refundSchema).invoke("q")).rejects.toThrow();
    },
    QUICK,
  );
});

describe("embeddings through the fake", () => {
  it(
    "embedDocuments and embedQuery return vectors of the requested dimension, equal for equal texts",
    async () => {
      const embeddings = createEmbeddings(configFor({ KEEL_EMBEDDING_MODEL: "nomic-embed-text" }), 24);
      if (!embeddings) throw new Error("expected embeddings");
      const docs = await embeddings.embedDocuments(["Refunds take 14 days.", "Shipping is free over $50.", "Refunds take 14 days."]);
      expect(docs).toHaveLength(3);
      expect(docs.every((v) => v.length === 24)).toBe(true);
      expect(docs[0]).toEqual(docs[2]);
      expect(docs[0]).not.toEqual(docs[1]);

      const query = await embeddings.embedQuery("Refunds take 14 days.");
      expect(query).toEqual(docs[0]);
      expect(query).toEqual(fakeEmbedding("Refunds take 14 days.", 24));

      const bodies = fake.requests.filter((r) => r.kind === "embeddings").map((r) => r.body);
      expect(bodies[0]).toMatchObject({
        model: "nomic-embed-text",
        dimensions: 24,
        encoding_format: "base64",
        input: ["Refunds take 14 days.", "Shipping is free over $50.", "Refunds take 14 days."],
      });
      // embedQuery sends a bare string, not a one-element array.
      expect(bodies[1]).toMatchObject({ input: "Refunds take 14 days." });
    },
    QUICK,
  );

  it(
    "splits large inputs into bounded batches and keeps the order",
    async () => {
      const embeddings = createEmbeddings(configFor(), 8);
      if (!embeddings) throw new Error("expected embeddings");
      const texts = Array.from({ length: EMBEDDING_BATCH_SIZE * 2 + 5 }, (_, i) => `policy paragraph ${i}`);
      const vectors = await embeddings.embedDocuments(texts);
      expect(fake.requests.filter((r) => r.kind === "embeddings")).toHaveLength(3);
      expect(vectors[EMBEDDING_BATCH_SIZE + 1]).toEqual(fakeEmbedding(texts[EMBEDDING_BATCH_SIZE + 1], 8));
    },
    QUICK,
  );

  it(
    "surfaces embedding errors after bounded retries",
    async () => {
      fake.script({ status: 500 });
      const embeddings = createEmbeddings(configFor({ KEEL_MODEL_MAX_RETRIES: "1" }), 8);
      if (!embeddings) throw new Error("expected embeddings");
      await expect(embeddings.embedQuery("x")).rejects.toMatchObject({ status: 500 });
      expect(fake.requests).toHaveLength(2);
    },
    QUICK,
  );
});

describe("failures through the fake", () => {
  it(
    "a 500 surfaces as an error after exactly 1 + maxRetries requests",
    async () => {
      fake.script({ status: 500 });
      await expect(chatModel({ KEEL_MODEL_MAX_RETRIES: "1" }).invoke("q")).rejects.toMatchObject({ status: 500 });
      expect(chatRequests()).toHaveLength(2);
    },
    QUICK,
  );

  it(
    "a 429 with Retry-After surfaces after exactly 1 + maxRetries requests",
    async () => {
      fake.script({ status: 429, headers: { "retry-after": "0" } });
      await expect(chatModel({ KEEL_MODEL_MAX_RETRIES: "1" }).invoke("q")).rejects.toMatchObject({ status: 429 });
      expect(chatRequests()).toHaveLength(2);
    },
    QUICK,
  );

  it(
    "a 429 without Retry-After fails at once: LangChain treats it as exhausted capacity, not retryable",
    async () => {
      fake.script({ status: 429 });
      await expect(chatModel({ KEEL_MODEL_MAX_RETRIES: "2" }).invoke("q")).rejects.toMatchObject({ status: 429, name: "RateLimitCapacityError" });
      expect(chatRequests()).toHaveLength(1);
    },
    QUICK,
  );

  it(
    "a 400 is not retried",
    async () => {
      fake.script({ status: 400 });
      await expect(chatModel({ KEEL_MODEL_MAX_RETRIES: "2" }).invoke("q")).rejects.toMatchObject({ status: 400 });
      expect(chatRequests()).toHaveLength(1);
    },
    QUICK,
  );

  it(
    "a hanging server is abandoned after the configured timeout",
    async () => {
      fake.script({ hang: true });
      const started = Date.now();
      await expect(chatModel({ KEEL_MODEL_TIMEOUT_MS: "300" }).invoke("q")).rejects.toMatchObject({ name: "TimeoutError" });
      const elapsed = Date.now() - started;
      expect(elapsed).toBeGreaterThanOrEqual(280);
      expect(elapsed).toBeLessThan(2_000);
      expect(chatRequests()).toHaveLength(1);
    },
    QUICK,
  );

  it(
    "timeouts are retried like other transient errors",
    async () => {
      fake.script({ hang: true });
      await expect(chatModel({ KEEL_MODEL_TIMEOUT_MS: "300", KEEL_MODEL_MAX_RETRIES: "1" }).invoke("q")).rejects.toMatchObject({
        name: "TimeoutError",
      });
      expect(chatRequests()).toHaveLength(2);
    },
    QUICK,
  );

  it(
    "the timeout does not cover a stream that stalls after its headers; an AbortSignal does",
    async () => {
      fake.script({ stallAfter: ["Refunds ", "take "] });
      const model = chatModel({ KEEL_MODEL_TIMEOUT_MS: "300" });

      const pieces: string[] = [];
      const consume = async (signal?: AbortSignal): Promise<void> => {
        for await (const chunk of await model.stream("q", { signal })) if (typeof chunk.content === "string") pieces.push(chunk.content);
      };

      // Without a signal the stream is still open well past the 300 ms timeout.
      const unbounded = consume().then(
        () => "finished",
        () => "failed",
      );
      const first = await Promise.race([unbounded, new Promise((resolve) => setTimeout(resolve, 900, "still waiting"))]);
      expect(first).toBe("still waiting");
      expect(pieces.join("")).toBe("Refunds take ");

      // With a signal the caller gets control back.
      const started = Date.now();
      await expect(consume(AbortSignal.timeout(300))).rejects.toThrow();
      expect(Date.now() - started).toBeLessThan(1_500);

      await fake.close(); // ends the unbounded stream
      expect(await unbounded).toBe("failed");
      fake = await startFakeOpenAI();
    },
    QUICK,
  );

  it(
    "a malformed JSON body surfaces as a SyntaxError, after retries like other transient errors",
    async () => {
      fake.script({ malformed: true });
      await expect(chatModel({ KEEL_MODEL_MAX_RETRIES: "1" }).invoke("q")).rejects.toMatchObject({ name: "SyntaxError" });
      expect(chatRequests()).toHaveLength(2);
    },
    QUICK,
  );

  it(
    "a broken SSE stream surfaces as an error from the iteration",
    async () => {
      fake.script({ malformed: true });
      const consume = async (): Promise<void> => {
        for await (const chunk of await chatModel().stream("q")) void chunk;
      };
      await expect(consume()).rejects.toThrow();
    },
    QUICK,
  );
});
