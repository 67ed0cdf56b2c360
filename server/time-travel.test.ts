// Point-in-time answers over HTTP: a question dated before a policy change is answered, and
// cited, from the version in force on that date; the host site's order date does the same.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importPaths } from "../kb/import.ts";
import { startTestServer, writeKb, type TestServer } from "../test-support/server.ts";

let server: TestServer;

const RETURNS_2026 = `---
id: returns
title: Returns
effective_from: 2026-06-01
---
# Returns
## Return window
You can return unworn items within 14 days of delivery for a full refund.
## Return shipping
A return label costs $6.95 unless the item arrived damaged.
`;

beforeAll(async () => {
  server = await startTestServer();
  const dir = await writeKb({ "returns.md": RETURNS_2026 });
  await importPaths(server.kb.db.pool, server.kb.embedder, [path.join(dir, "returns.md")], "import");
  fs.rmSync(dir, { recursive: true });
}, 60_000);
afterAll(async () => {
  await server?.close();
});

async function ask(body: object, context?: object) {
  const created = await fetch(`${server.url}/api/v1/conversations`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(context ? { context } : {}),
  });
  const { id, token } = await created.json();
  const res = await fetch(`${server.url}/api/v1/conversations/${id}/messages`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

describe("answers as of a date", () => {
  const question = "How many days do I have to return unworn items?";

  it("answers from the version in force today by default, and from the earlier one for an earlier date", async () => {
    const today = await ask({ text: question });
    expect(today.body.text).toContain("14 days");
    expect(today.body.citations[0]).toMatchObject({ policy: "returns", version: 2 });

    const then = await ask({ text: question, as_of: "2025-03-03" });
    expect(then.status).toBe(200);
    expect(then.body.text).toContain("30 days");
    expect(then.body.text).not.toContain("14 days");
    expect(then.body.citations[0]).toMatchObject({ policy: "returns", version: 1 });
    expect(then.body.text).toContain("in force on 2025-03-03 (Returns version 1)");
    expect(then.body.text).toContain("The rules have changed since: today Returns version 2 applies");
  }, 30_000);

  it("dates the answer by a purchase date named in the message", async () => {
    const r = await ask({ text: "I bought a jacket on 3 March 2025. How many days do I have to return unworn items?" });
    expect(r.body.text).toContain("30 days");
    expect(r.body.citations[0]).toMatchObject({ policy: "returns", version: 1 });
    expect(r.body.text).toContain("The rules have changed since");
  }, 30_000);

  it("uses the order date the host site passed when the message has none", async () => {
    const r = await ask({ text: question }, { order_date: "2025-03-03", order_id: "A-1" });
    expect(r.body.citations[0]).toMatchObject({ policy: "returns", version: 1 });
  }, 30_000);

  it("rejects dates that are not real", async () => {
    for (const as_of of ["2025-02-30", "03/03/2025", "yesterday"]) {
      const r = await ask({ text: question, as_of });
      expect(r.status).toBe(400);
      expect(r.body.error.message).toMatch(/as_of/);
    }
    const bad = await fetch(`${server.url}/api/v1/conversations`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ context: { order_date: "2025-13-01" } }),
    });
    expect(bad.status).toBe(400);
  });
});
