// The widget's suggested questions: sample questions of customer policies in force, the most
// asked-about policy first, never a staff document's, validated and rate-limited like any public route.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importPaths } from "../../kb/import.ts";
import { startTestServer, writeKb, type TestServer } from "../../test-support/server.ts";

let server: TestServer;

const policy = (id: string, extra: string, questions: string[]) => `---
id: ${id}
title: ${id[0]!.toUpperCase()}${id.slice(1)}
effective_from: 2024-01-01
${extra}questions:
${questions.map((q) => `  - ${q}`).join("\n")}
---
# ${id}
## Rule
Something about ${id}.
`;

beforeAll(async () => {
  server = await startTestServer({}, { limits: { suggestionsPerAddressPerMinute: 4 } });
  const dir = await writeKb({
    "gift-cards.md": policy("gift-cards", "", ["Do gift cards expire?", "Can I use two gift cards?"]),
    "warranty.md": policy("warranty", "", ["How long is the warranty?"]),
    "fraud-desk.md": policy("fraud-desk", "audience: staff\n", ["How do I override a fraud hold?"]),
    "pricing.md": policy("pricing", "", ["What is the [EMAIL] price match?", "Do you match prices?"]),
    "later.md": policy("later", "effective_from: 2999-01-01\n", ["A question about a rule not yet in force?"]).replace(
      "effective_from: 2024-01-01\n",
      "",
    ),
  });
  await importPaths(server.kb.db.pool, server.kb.embedder, [dir], "import");
  // Customers asked about the warranty most, then pricing.
  for (const [policyId, n] of [
    ["warranty", 3],
    ["pricing", 2],
  ] as const) {
    for (let i = 0; i < n; i++) {
      await server.kb.db.pool.query(
        "INSERT INTO agent_turns (conversation_id, message_redacted, outcome, reply_text, ms, citations) VALUES ($1, 'q', 'answer', 'a', 1, $2)",
        [`c-${policyId}-${i}`, JSON.stringify([{ policy: policyId }])],
      );
    }
  }
}, 60_000);
afterAll(async () => {
  await server?.close();
});

describe("GET /api/v1/suggestions", () => {
  it("offers three customer questions, most asked-about policy first, none from a staff document, a masked question or a rule not yet in force", async () => {
    const res = await fetch(`${server.url}/api/v1/suggestions`);
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    const { questions } = (await res.json()) as { questions: string[] };
    expect(questions).toEqual(["How long is the warranty?", "Do you match prices?", "Do gift cards expire?"]);
  });

  it("takes a smaller limit, refuses a bad query with 400, and rate-limits an address", async () => {
    const one = (await (await fetch(`${server.url}/api/v1/suggestions?limit=1`)).json()) as { questions: string[] };
    expect(one.questions).toEqual(["How long is the warranty?"]);
    expect((await fetch(`${server.url}/api/v1/suggestions?limit=50`)).status).toBe(400);
    expect((await fetch(`${server.url}/api/v1/suggestions?policy=fraud-desk`)).status).toBe(400);
    const last = await fetch(`${server.url}/api/v1/suggestions`);
    expect(last.status).toBe(429);
    expect(last.headers.get("retry-after")).toBeTruthy();
  });
});
