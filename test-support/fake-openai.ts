// A scriptable fake of the OpenAI HTTP API on 127.0.0.1, so tests drive the real
// @langchain/openai clients (chat, streaming, structured output, embeddings) without the internet.
import http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { z } from "zod";

// ---------------------------------------------------------------------------
// Request shapes (what the OpenAI SDK sends). Loose objects: the fake must not
// reject fields a newer client adds, only read the ones it understands.

const contentPartSchema = z.looseObject({ type: z.string(), text: z.string().optional() });

const chatMessageSchema = z.looseObject({
  role: z.string(),
  // Assistant turns with tool calls carry `content: null`; user turns may be multi-part.
  content: z.union([z.string(), z.array(contentPartSchema), z.null()]).optional(),
  name: z.string().optional(),
  tool_call_id: z.string().optional(),
});

const functionToolSchema = z.looseObject({
  type: z.literal("function"),
  function: z.looseObject({ name: z.string(), description: z.string().optional(), parameters: z.unknown().optional() }),
});

export const chatRequestSchema = z.looseObject({
  model: z.string(),
  messages: z.array(chatMessageSchema),
  temperature: z.number().optional(),
  stream: z.boolean().optional(),
  stream_options: z.looseObject({ include_usage: z.boolean().optional() }).nullish(),
  response_format: z
    .looseObject({
      type: z.string(),
      json_schema: z.looseObject({ name: z.string(), strict: z.boolean().nullish(), schema: z.unknown().optional() }).optional(),
    })
    .nullish(),
  // Non-function tools (built-ins, custom) are accepted but never answered with a call.
  tools: z.array(z.union([functionToolSchema, z.looseObject({ type: z.string() })])).nullish(),
  tool_choice: z.union([z.string(), z.looseObject({ type: z.literal("function"), function: z.looseObject({ name: z.string() }) })]).nullish(),
});
export type ChatRequest = z.infer<typeof chatRequestSchema>;
export type ChatMessage = z.infer<typeof chatMessageSchema>;

export const embeddingsRequestSchema = z.looseObject({
  model: z.string(),
  // Token-id inputs are legal in the API; the fake hashes their text form.
  input: z.union([z.string(), z.array(z.string()), z.array(z.number()), z.array(z.array(z.number()))]),
  dimensions: z.number().int().positive().optional(),
  encoding_format: z.enum(["float", "base64"]).optional(),
});
export type EmbeddingsRequest = z.infer<typeof embeddingsRequestSchema>;

// ---------------------------------------------------------------------------
// Public API

/** One HTTP request the fake received, recorded before it is answered (so hung requests count too). */
export interface RecordedRequest {
  method: string;
  /** Path without the query string, e.g. "/v1/chat/completions". */
  path: string;
  headers: http.IncomingHttpHeaders;
  /** Parsed JSON body, or undefined for GET / unparsable bodies. */
  body: unknown;
  kind: "chat" | "embeddings" | "models" | "other";
}

/** What a script sees for one model call. */
export type FakeCall =
  | { kind: "chat"; body: ChatRequest; messages: ChatMessage[]; /** Text of the last user message, for quick matching. */ lastUserText: string }
  | { kind: "embeddings"; body: EmbeddingsRequest; messages: []; inputs: string[] };

/** Options every reply may carry. */
interface ReplyTiming {
  /** Wait this long before answering (tests of timeouts and ordering). */
  delayMs?: number;
  /** Streams only: wait this long between chunks (a model that writes at a human-visible pace). */
  chunkDelayMs?: number;
}

export type FakeReply =
  /** Assistant text. `chunks` overrides how it is split when streamed. */
  | (ReplyTiming & { content: string; chunks?: string[] })
  /**
   * Structured output: sent as a tool call when the request had function tools,
   * otherwise as the message content (json_schema / json_object / plain).
   */
  | (ReplyTiming & { json: unknown })
  /** An HTTP error; `body` defaults to an OpenAI-style `{ error: {...} }`. */
  | (ReplyTiming & { status: number; body?: unknown; headers?: Record<string, string> })
  /** Invalid JSON body, or for streams a broken SSE event after one good chunk. */
  | (ReplyTiming & { malformed: true })
  /** Never answer (until the client gives up or the fake is closed). */
  | { hang: true }
  /**
   * Send the headers and these content chunks (non-streaming: half a JSON body), then stall
   * with the connection open. The SDK's `timeout` covers only the wait for response headers,
   * so this shows what a mid-response stall does.
   */
  | { stallAfter: string[] }
  /** Embeddings only: return these vectors instead of the hashed ones. */
  | (ReplyTiming & { vectors: number[][] });

/** Replies that are not model output and are answered the same way on every route. */
type GenericReply = Extract<FakeReply, { hang: true } | { status: number } | { malformed: true }>;

export type FakeHandler = (call: FakeCall) => FakeReply | undefined | Promise<FakeReply | undefined>;

export interface FakeOpenAIOptions {
  /** Initial script; the default answers every chat with DEFAULT_FAKE_ANSWER. */
  handler?: FakeHandler | FakeReply | FakeReply[];
  /** Model ids listed by GET /v1/models. */
  models?: string[];
  /** Vector size when an embeddings request names no `dimensions`. */
  defaultDimensions?: number;
}

export interface FakeOpenAI {
  /** Base URL to give the OpenAI client, e.g. http://127.0.0.1:PORT/v1 */
  url: string;
  /** Every request received, oldest first; tests may clear it with `requests.length = 0`. */
  requests: RecordedRequest[];
  /**
   * Replace the script: a handler function, one reply for every call, or a list
   * of replies used in order (the last one repeats). A handler returning
   * undefined falls back to the default behaviour.
   */
  script(handler: FakeHandler | FakeReply | FakeReply[]): void;
  /** Stops listening and destroys open connections (hung requests included). */
  close(): Promise<void>;
}

export const DEFAULT_FAKE_ANSWER = "This is the fake model's answer.";

const DEFAULT_MODELS = ["gpt-4o-mini", "text-embedding-3-small"];

// ---------------------------------------------------------------------------
// Deterministic embeddings

function fnv1a(text: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/**
 * Feature-hashed bag of words, L2-normalised: equal texts give equal vectors and texts
 * sharing words point the same way, so retrieval tests through the fake still rank sensibly.
 */
export function fakeEmbedding(text: string, dimensions: number): number[] {
  const vector = new Array<number>(dimensions).fill(0);
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const features = words.length > 0 ? words : [text];
  for (const feature of features) {
    const index = fnv1a(feature) % dimensions;
    const sign = fnv1a(feature, 0x9747b28c) & 1 ? 1 : -1;
    vector[index] += sign;
  }
  const norm = Math.hypot(...vector);
  if (norm === 0) {
    vector[0] = 1;
    return vector;
  }
  // Round-trip through float32 so float and base64 answers are bit-identical.
  return Array.from(Float32Array.from(vector.map((x) => x / norm)));
}

/** Little-endian float32, the wire format the OpenAI SDK decodes for `encoding_format: "base64"`. */
export function encodeFloat32Base64(vector: number[]): string {
  const view = new DataView(new ArrayBuffer(vector.length * 4));
  vector.forEach((x, i) => view.setFloat32(i * 4, x, true));
  return Buffer.from(view.buffer).toString("base64");
}

function embeddingInputs(input: EmbeddingsRequest["input"]): string[] {
  if (typeof input === "string") return [input];
  if (input.length === 0) return [];
  if (typeof input[0] === "string") return input as string[];
  if (typeof input[0] === "number") return [(input as number[]).join(" ")];
  return (input as number[][]).map((tokens) => tokens.join(" "));
}

// ---------------------------------------------------------------------------
// Helpers

function messageText(message: ChatMessage): string {
  const { content } = message;
  if (typeof content === "string") return content;
  if (Array.isArray(content)) return content.map((part) => part.text ?? "").join("");
  return "";
}

/** Rough token count (words); the fake must never need a real tokenizer. */
function roughTokens(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

/** Splits text into several streaming pieces that concatenate back exactly. */
export function splitIntoChunks(text: string): string[] {
  const pieces = text.match(/\S+\s*|\s+/g) ?? [];
  return pieces.length > 0 ? pieces : [text];
}

function isHandler(value: FakeHandler | FakeReply | FakeReply[]): value is FakeHandler {
  return typeof value === "function";
}

function toHandler(script: FakeHandler | FakeReply | FakeReply[]): FakeHandler {
  if (isHandler(script)) return script;
  if (!Array.isArray(script)) return () => script;
  const queue = [...script];
  return () => (queue.length > 1 ? queue.shift() : queue[0]);
}

function errorBody(status: number, message: string): { error: { message: string; type: string; code: string | null } } {
  const type = status === 429 ? "rate_limit_error" : status >= 500 ? "server_error" : "invalid_request_error";
  return { error: { message, type, code: null } };
}

function statusMessage(status: number): string {
  // Deliberately no "try again in Ns" wording: LangChain parses that into a retry delay.
  if (status === 429) return "fake: rate limited";
  if (status >= 500) return "fake: internal server error";
  return `fake: HTTP ${status}`;
}

interface ToolCallPlan {
  id: string;
  name: string;
  arguments: string;
}

/** Which function to "call" for a json reply: the forced tool_choice, else the first function tool. */
function plannedToolCall(body: ChatRequest, json: unknown, id: string): ToolCallPlan | undefined {
  const functions = (body.tools ?? []).flatMap((tool) => {
    const parsed = functionToolSchema.safeParse(tool);
    return parsed.success ? [parsed.data.function.name] : [];
  });
  if (functions.length === 0) return undefined;
  const forced = typeof body.tool_choice === "object" && body.tool_choice !== null ? body.tool_choice.function.name : undefined;
  return { id: `call_${id}`, name: forced ?? functions[0], arguments: JSON.stringify(json) };
}

// ---------------------------------------------------------------------------
// Server

export async function startFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  // Aborted on close so delays and stalls stop waiting instead of holding the event loop.
  const shutdown = new AbortController();
  let handler: FakeHandler = options.handler ? toHandler(options.handler) : () => undefined;
  let counter = 0;
  const models = options.models ?? DEFAULT_MODELS;
  const defaultDimensions = options.defaultDimensions ?? 1536;

  const wait = async (ms: number | undefined): Promise<boolean> => {
    if (!ms) return !shutdown.signal.aborted;
    try {
      await sleep(ms, undefined, { signal: shutdown.signal });
      return true;
    } catch {
      return false;
    }
  };

  const sendJson = (res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void => {
    if (res.destroyed || res.writableEnded) return;
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(JSON.stringify(body));
  };

  const sendMalformed = (res: http.ServerResponse): void => {
    if (res.destroyed || res.writableEnded) return;
    res.writeHead(200, { "content-type": "application/json" });
    res.end('{"id": "broken", "choices": [{"message": ');
  };

  /** Common handling for replies that are not model output; returns true when the response is done. */
  const answeredGenerically = (res: http.ServerResponse, reply: FakeReply): reply is GenericReply => {
    if ("hang" in reply) return true; // Left open on purpose; close() destroys the socket.
    if ("status" in reply) {
      sendJson(res, reply.status, reply.body ?? errorBody(reply.status, statusMessage(reply.status)), reply.headers);
      return true;
    }
    if ("malformed" in reply) {
      sendMalformed(res);
      return true;
    }
    return false;
  };

  const handleChat = async (res: http.ServerResponse, body: ChatRequest): Promise<void> => {
    const lastUser = [...body.messages].reverse().find((m) => m.role === "user");
    const call: FakeCall = { kind: "chat", body, messages: body.messages, lastUserText: lastUser ? messageText(lastUser) : "" };
    const reply: FakeReply = (await handler(call)) ?? { content: DEFAULT_FAKE_ANSWER };
    if ("delayMs" in reply && !(await wait(reply.delayMs))) return;
    if ("vectors" in reply) {
      sendJson(res, 400, errorBody(400, "fake: a `vectors` reply was scripted for a chat request"));
      return;
    }
    if (body.stream && "malformed" in reply) {
      const id = `chatcmpl-fake-${++counter}`;
      res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
      res.write(`data: ${JSON.stringify(streamChunk(id, body.model, { role: "assistant", content: "partial" }, null))}\n\n`);
      res.end('data: {"id": "broken", "choices": [{"delta": {"content": \n\n');
      return;
    }
    if (answeredGenerically(res, reply)) return;

    const id = `chatcmpl-fake-${++counter}`;
    const promptTokens = body.messages.reduce((sum, m) => sum + roughTokens(messageText(m)), 0);

    let content: string | null;
    let toolCall: ToolCallPlan | undefined;
    let chunks: string[] | undefined;
    if ("stallAfter" in reply) {
      content = reply.stallAfter.join("");
      chunks = reply.stallAfter;
    } else if ("json" in reply) {
      toolCall = plannedToolCall(body, reply.json, String(counter));
      content = toolCall ? null : JSON.stringify(reply.json);
    } else {
      content = reply.content;
      chunks = reply.chunks;
    }
    const completionTokens = roughTokens(content ?? toolCall?.arguments ?? "");
    const usage = { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens };
    const finishReason = toolCall ? "tool_calls" : "stop";

    if (!body.stream && "stallAfter" in reply) {
      // Headers and half a body, then nothing: the non-streaming form of a mid-response stall.
      res.writeHead(200, { "content-type": "application/json" });
      res.write(`{"id": "${id}", "object": "chat.completion", `);
      return;
    }
    if (!body.stream) {
      sendJson(res, 200, {
        id,
        object: "chat.completion",
        created: Math.floor(Date.now() / 1000),
        model: body.model,
        choices: [
          {
            index: 0,
            message: {
              role: "assistant",
              content,
              refusal: null,
              ...(toolCall
                ? { tool_calls: [{ id: toolCall.id, type: "function", function: { name: toolCall.name, arguments: toolCall.arguments } }] }
                : {}),
            },
            logprobs: null,
            finish_reason: finishReason,
          },
        ],
        usage,
      });
      return;
    }

    const pace = () => wait("chunkDelayMs" in reply ? reply.chunkDelayMs : undefined);
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
    const event = (data: unknown): void => {
      if (!res.destroyed) res.write(`data: ${JSON.stringify(data)}\n\n`);
    };
    event(streamChunk(id, body.model, { role: "assistant", content: "" }, null));
    if (toolCall) {
      event(
        streamChunk(
          id,
          body.model,
          { tool_calls: [{ index: 0, id: toolCall.id, type: "function", function: { name: toolCall.name, arguments: "" } }] },
          null,
        ),
      );
      for (const piece of splitArguments(toolCall.arguments)) {
        if (!(await pace())) return;
        event(streamChunk(id, body.model, { tool_calls: [{ index: 0, function: { arguments: piece } }] }, null));
      }
    } else {
      for (const piece of chunks ?? splitIntoChunks(content ?? "")) {
        if (!(await pace())) return;
        event(streamChunk(id, body.model, { content: piece }, null));
      }
    }
    if ("stallAfter" in reply) return; // Headers and chunks sent; the body never finishes.
    event(streamChunk(id, body.model, {}, finishReason));
    if (body.stream_options?.include_usage) {
      event({ id, object: "chat.completion.chunk", created: Math.floor(Date.now() / 1000), model: body.model, choices: [], usage });
    }
    if (!res.destroyed) res.end("data: [DONE]\n\n");
  };

  const handleEmbeddings = async (res: http.ServerResponse, body: EmbeddingsRequest): Promise<void> => {
    const inputs = embeddingInputs(body.input);
    const reply: FakeReply | undefined = await handler({ kind: "embeddings", body, messages: [], inputs });
    if (reply && "delayMs" in reply && !(await wait(reply.delayMs))) return;
    if (reply && answeredGenerically(res, reply)) return;
    const dimensions = body.dimensions ?? defaultDimensions;
    const vectors = reply && "vectors" in reply ? reply.vectors : inputs.map((text) => fakeEmbedding(text, dimensions));
    const tokens = inputs.reduce((sum, text) => sum + roughTokens(text), 0);
    sendJson(res, 200, {
      object: "list",
      model: body.model,
      data: vectors.map((vector, index) => ({
        object: "embedding",
        index,
        embedding: body.encoding_format === "base64" ? encodeFloat32Base64(vector) : vector,
      })),
      usage: { prompt_tokens: tokens, total_tokens: tokens },
    });
  };

  const route = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const path = (req.url ?? "/").split("?")[0];
    const method = req.method ?? "GET";
    const raw = await readBody(req);
    let body: unknown;
    let bodyError: unknown;
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw);
      } catch (error) {
        bodyError = error;
      }
    }
    const kind: RecordedRequest["kind"] =
      path === "/v1/chat/completions" ? "chat" : path === "/v1/embeddings" ? "embeddings" : path === "/v1/models" ? "models" : "other";
    requests.push({ method, path, headers: req.headers, body, kind });

    if (bodyError !== undefined) {
      sendJson(res, 400, errorBody(400, `fake: request body is not JSON: ${String(bodyError)}`));
      return;
    }
    if (kind === "models" && method === "GET") {
      const created = Math.floor(Date.now() / 1000);
      sendJson(res, 200, { object: "list", data: models.map((id) => ({ id, object: "model", created, owned_by: "keel-fake" })) });
      return;
    }
    if (kind === "chat" && method === "POST") {
      const parsed = chatRequestSchema.safeParse(body);
      if (parsed.success) await handleChat(res, parsed.data);
      else sendJson(res, 400, errorBody(400, `fake: unexpected chat request: ${parsed.error.message}`));
      return;
    }
    if (kind === "embeddings" && method === "POST") {
      const parsed = embeddingsRequestSchema.safeParse(body);
      if (parsed.success) await handleEmbeddings(res, parsed.data);
      else sendJson(res, 400, errorBody(400, `fake: unexpected embeddings request: ${parsed.error.message}`));
      return;
    }
    sendJson(res, 404, errorBody(404, `fake: no route for ${method} ${path}`));
  };

  const server = http.createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      // A throwing script is a test bug; answer 500 (or cut the stream) so the client fails loudly instead of hanging.
      if (res.headersSent) res.destroy();
      else sendJson(res, 500, errorBody(500, `fake: handler threw: ${error instanceof Error ? error.message : String(error)}`));
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", (error) => reject(new Error("fake OpenAI server could not listen on 127.0.0.1", { cause: error })));
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    script(next) {
      handler = toHandler(next);
    },
    async close() {
      shutdown.abort();
      const closed = new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(new Error("fake OpenAI server failed to close", { cause: error })) : resolve()));
      });
      // server.close() waits for keep-alive and hung connections; destroying them lets vitest exit.
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}

function streamChunk(id: string, model: string, delta: Record<string, unknown>, finishReason: string | null): unknown {
  return {
    id,
    object: "chat.completion.chunk",
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
  };
}

/** Tool-call arguments arrive in pieces from real servers; three pieces exercise the client's reassembly. */
function splitArguments(args: string): string[] {
  if (args.length < 3) return [args];
  const third = Math.ceil(args.length / 3);
  return [args.slice(0, third), args.slice(third, 2 * third), args.slice(2 * third)];
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on("data", (part: Buffer) => parts.push(part));
    req.on("end", () => resolve(Buffer.concat(parts).toString("utf8")));
    req.on("error", (error) => reject(new Error("fake OpenAI server could not read a request body", { cause: error })));
  });
}
