// Tests of the fake OpenAI server itself, over plain HTTP, so the model tests built on it can
// trust what it sends: JSON and SSE shapes, base64 embeddings, scripting, and clean shutdown.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_FAKE_ANSWER, fakeEmbedding, startFakeOpenAI, type FakeOpenAI } from "./fake-openai.ts";

let fake: FakeOpenAI;

beforeEach(async () => {
  fake = await startFakeOpenAI();
});
afterEach(async () => {
  await fake.close();
});

async function post(path: string, body: unknown): Promise<Response> {
  return fetch(`${fake.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: "Bearer test-key" },
    body: JSON.stringify(body),
  });
}

/** Splits an SSE body into its `data:` payloads. */
function sseData(text: string): string[] {
  return text
    .split("\n\n")
    .map((event) => event.trim())
    .filter((event) => event.startsWith("data: "))
    .map((event) => event.slice("data: ".length));
}

function decodeBase64Float32(text: string): number[] {
  const bytes = Buffer.from(text, "base64");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Array.from({ length: bytes.byteLength / 4 }, (_, i) => view.getFloat32(i * 4, true));
}

function cosine(a: number[], b: number[]): number {
  return a.reduce((sum, x, i) => sum + x * b[i], 0) / (Math.hypot(...a) * Math.hypot(...b));
}

const chatBody = { model: "gpt-4o-mini", temperature: 0, messages: [{ role: "user", content: "How long do refunds take?" }] };

describe("fake OpenAI server", () => {
  it("listens on loopback and lists models", async () => {
    expect(fake.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    const res = await fetch(`${fake.url}/models`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { data: { id: string }[] };
    expect(body.data.map((m) => m.id)).toContain("gpt-4o-mini");
  });

  it("answers a chat completion with the default answer and records the request", async () => {
    const res = await post("/chat/completions", chatBody);
    const body = (await res.json()) as { choices: { message: { content: string }; finish_reason: string }[]; usage: { total_tokens: number } };
    expect(body.choices[0].message.content).toBe(DEFAULT_FAKE_ANSWER);
    expect(body.choices[0].finish_reason).toBe("stop");
    expect(body.usage.total_tokens).toBeGreaterThan(0);
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]).toMatchObject({ method: "POST", path: "/v1/chat/completions", kind: "chat", body: chatBody });
    expect(fake.requests[0].headers.authorization).toBe("Bearer test-key");
  });

  it("streams SSE chunks that concatenate to the scripted text, then usage, then [DONE]", async () => {
    fake.script({ content: "Refunds take 14 days." });
    const res = await post("/chat/completions", { ...chatBody, stream: true, stream_options: { include_usage: true } });
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    const events = sseData(await res.text());
    expect(events.at(-1)).toBe("[DONE]");
    const chunks = events.slice(0, -1).map((e) => JSON.parse(e) as { choices: { delta: { content?: string } }[]; usage?: unknown });
    const text = chunks.map((c) => c.choices[0]?.delta.content ?? "").join("");
    expect(text).toBe("Refunds take 14 days.");
    expect(chunks.filter((c) => c.choices[0]?.delta.content).length).toBeGreaterThan(2);
    expect(chunks.at(-1)?.choices).toEqual([]);
    expect(chunks.at(-1)?.usage).toBeDefined();
  });

  it("omits the usage chunk when the client did not ask for it", async () => {
    const res = await post("/chat/completions", { ...chatBody, stream: true });
    const chunks = sseData(await res.text())
      .slice(0, -1)
      .map((e) => JSON.parse(e) as { usage?: unknown });
    expect(chunks.every((c) => c.usage === undefined)).toBe(true);
  });

  it("returns a json reply as content for response_format and as a tool call when tools are sent", async () => {
    fake.script({ json: { days: 30 } });
    const asContent = (await (
      await post("/chat/completions", {
        ...chatBody,
        response_format: { type: "json_schema", json_schema: { name: "extract", strict: true, schema: {} } },
      })
    ).json()) as {
      choices: { message: { content: string } }[];
    };
    expect(JSON.parse(asContent.choices[0].message.content)).toEqual({ days: 30 });

    const tools = [
      { type: "function", function: { name: "first", parameters: {} } },
      { type: "function", function: { name: "extract", parameters: {} } },
    ];
    const asTool = (await (
      await post("/chat/completions", { ...chatBody, tools, tool_choice: { type: "function", function: { name: "extract" } } })
    ).json()) as {
      choices: { message: { content: string | null; tool_calls: { function: { name: string; arguments: string } }[] }; finish_reason: string }[];
    };
    expect(asTool.choices[0].message.content).toBeNull();
    expect(asTool.choices[0].finish_reason).toBe("tool_calls");
    expect(asTool.choices[0].message.tool_calls[0].function.name).toBe("extract");
    expect(JSON.parse(asTool.choices[0].message.tool_calls[0].function.arguments)).toEqual({ days: 30 });
  });

  it("plays a list of replies in order and repeats the last", async () => {
    fake.script([{ content: "one" }, { content: "two" }]);
    const answers: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const body = (await (await post("/chat/completions", chatBody)).json()) as { choices: { message: { content: string } }[] };
      answers.push(body.choices[0].message.content);
    }
    expect(answers).toEqual(["one", "two", "two"]);
  });

  it("lets a handler answer from the conversation, including deliberately wrong answers", async () => {
    fake.script((call) => (call.kind === "chat" && call.lastUserText.includes("refunds") ? { content: "Refunds take 90 days." } : undefined));
    const body = (await (await post("/chat/completions", chatBody)).json()) as { choices: { message: { content: string } }[] };
    expect(body.choices[0].message.content).toBe("Refunds take 90 days.");
  });

  it("answers scripted HTTP errors with an OpenAI-style error body and headers", async () => {
    fake.script({ status: 429, headers: { "retry-after": "0" } });
    const res = await post("/chat/completions", chatBody);
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("0");
    expect(((await res.json()) as { error: { type: string } }).error.type).toBe("rate_limit_error");
  });

  it("sends an unparsable body for malformed replies", async () => {
    fake.script({ malformed: true });
    const res = await post("/chat/completions", chatBody);
    await expect(res.json()).rejects.toThrow(SyntaxError);
  });

  it("rejects a request body that is not JSON with 400", async () => {
    const res = await fetch(`${fake.url}/chat/completions`, { method: "POST", body: "{nope" });
    expect(res.status).toBe(400);
    expect(fake.requests[0].body).toBeUndefined();
  });

  it("honours delayMs", async () => {
    fake.script({ delayMs: 200, content: "late" });
    const started = Date.now();
    await (await post("/chat/completions", chatBody)).json();
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  });

  it("embeds deterministically, honours dimensions, and encodes base64 as little-endian float32", async () => {
    const input = ["Refunds take 14 days.", "Shipping is free over $50.", "Refunds take 14 days."];
    const floats = (await (
      await post("/embeddings", { model: "text-embedding-3-small", input, dimensions: 32, encoding_format: "float" })
    ).json()) as {
      data: { index: number; embedding: number[] }[];
    };
    expect(floats.data.map((d) => d.index)).toEqual([0, 1, 2]);
    expect(floats.data.every((d) => d.embedding.length === 32)).toBe(true);
    expect(floats.data[0].embedding).toEqual(floats.data[2].embedding);
    expect(floats.data[0].embedding).not.toEqual(floats.data[1].embedding);
    expect(floats.data[0].embedding).toEqual(fakeEmbedding(input[0], 32));

    const b64 = (await (await post("/embeddings", { model: "text-embedding-3-small", input, dimensions: 32, encoding_format: "base64" })).json()) as {
      data: { embedding: string }[];
    };
    expect(typeof b64.data[0].embedding).toBe("string");
    expect(decodeBase64Float32(b64.data[0].embedding)).toEqual(floats.data[0].embedding);
  });

  it("gives texts that share words closer vectors than unrelated texts", () => {
    const query = fakeEmbedding("how long do refunds take", 256);
    const related = fakeEmbedding("refunds take 14 days after we receive the item", 256);
    const unrelated = fakeEmbedding("shipping is free for orders over fifty dollars", 256);
    expect(cosine(query, related)).toBeGreaterThan(cosine(query, unrelated));
  });

  it("accepts a single string input and uses the default dimensions", async () => {
    const body = (await (await post("/embeddings", { model: "m", input: "hello" })).json()) as { data: { embedding: number[] }[] };
    expect(body.data).toHaveLength(1);
    expect(body.data[0].embedding).toHaveLength(1536);
  });

  it("stalls after the headers when asked, for streams and plain responses", async () => {
    fake.script({ stallAfter: ["Refunds "] });
    for (const stream of [true, false]) {
      const res = await post("/chat/completions", { ...chatBody, stream });
      expect(res.status).toBe(200);
      const body = res.text().then(
        () => "ended",
        () => "cut",
      );
      expect(await Promise.race([body, new Promise((resolve) => setTimeout(resolve, 300, "stalled"))])).toBe("stalled");
    }
    await fake.close(); // cuts both stalled bodies
    fake = await startFakeOpenAI();
  });

  it("returns 404 for unknown routes", async () => {
    expect((await fetch(`${fake.url}/completions`, { method: "POST", body: "{}" })).status).toBe(404);
  });

  it("closes promptly while a request hangs, failing that request", async () => {
    fake.script({ hang: true });
    const pending = post("/chat/completions", chatBody).then(
      () => "answered",
      () => "failed",
    );
    await expect.poll(() => fake.requests.length).toBe(1);
    const started = Date.now();
    await fake.close();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await pending).toBe("failed");
    fake = await startFakeOpenAI(); // afterEach closes it again
  });
});
