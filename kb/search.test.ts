import pgvector from "pgvector/pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "./db/open.ts";
import { freshDatabase } from "../test-support/database.ts";
import { effectiveVersionsSql, inForceSql } from "./effective.ts";
import { OfflineEmbedder } from "./embed/offline.ts";
import { parsePolicy } from "./policy-file.ts";
import { searchChunksWithPath } from "./search.ts";
import { inTransaction } from "./db/transactions.ts";
import { insertVersion, type VersionStatus } from "./versions.ts";

const embedder = new OfflineEmbedder();
const TODAY = "2026-11-22";
const QUESTION = "within how many days of delivery can I return an item";

const policy = (id: string, window: string, from: string, to = "") =>
  parsePolicy(
    `---\nid: ${id}\ntitle: Returns\neffective_from: ${from}\n${to ? `effective_to: ${to}\n` : ""}---\n# Returns\n` +
      `## Return window\nYou can return an item within ${window} of delivery for a refund.\n`,
    null,
  );

// Enough other policies that the nearest-neighbour path, not the exact fallback, serves a search.
const TOPICS = [
  "gift cards",
  "price matching",
  "store hours",
  "loyalty points",
  "warranty claims",
  "assembly service",
  "bulk orders",
  "student discounts",
];
const filler = (i: number) =>
  parsePolicy(
    `---\nid: other-${i}\ntitle: ${TOPICS[i % TOPICS.length]} ${i}\neffective_from: 2020-01-01\n---\n# ${TOPICS[i % TOPICS.length]} ${i}\n` +
      `## Who qualifies\nCustomers with ${TOPICS[(i + 3) % TOPICS.length]} qualify for ${TOPICS[i % TOPICS.length]} in region ${i}.\n` +
      `## How to ask\nWrite to the ${TOPICS[(i + 5) % TOPICS.length]} desk and mention case ${i}.\n`,
    null,
  );

async function add(db: Database, doc: ReturnType<typeof policy>, status: VersionStatus = "published"): Promise<void> {
  await inTransaction(db.pool, (c) => insertVersion(c, embedder, doc, status, "test"));
}

describe("searching the versions in force through the vector index", () => {
  let db: Database;
  beforeAll(async () => {
    db = await freshDatabase();
    for (let i = 0; i < 30; i++) await add(db, filler(i));
    // One policy's history, each version a near-twin of the others, plus look-alikes that must never show.
    await add(db, policy("returns", "60 days", "2024-01-01"));
    await add(db, policy("returns", "30 days", "2025-03-01"));
    await add(db, policy("returns", "14 days", "2099-01-01"));
    await add(db, policy("returns", "90 days", "2025-03-01"), "draft");
    await add(db, policy("returns-old", "45 days", "2023-01-01"));
    await db.pool.query("UPDATE policies SET retired_at = now() WHERE id = 'returns-old'");
    await add(db, policy("holiday-returns", "120 days", "2024-11-01", "2025-01-31"));
  });
  afterAll(() => db.close());

  const windows = (hits: { content: string }[]) => hits.map((h) => h.content.match(/within (\d+ days)/)?.[1]).filter(Boolean);

  it("has the draft, the retired, the ended, the superseded and the scheduled look-alikes among the raw nearest neighbours", async () => {
    // Without the in-force check the search would answer from them: this is what it must filter out.
    const { rows } = await db.pool.query<{ content: string }>("SELECT content FROM chunks ORDER BY embedding <=> $1 LIMIT 6", [
      pgvector.toSql(await embedder.embedQuery(QUESTION)),
    ]);
    expect(windows(rows).sort()).toEqual(["120 days", "14 days", "30 days", "45 days", "60 days", "90 days"]);
  });

  it("answers today from the version in force, served by the index, never from a draft, retired, ended, superseded or scheduled version", async () => {
    const { hits, path } = await searchChunksWithPath(db.pool, embedder, QUESTION, { asOf: TODAY, limit: 8, path: "index" });
    expect(path).toBe("index");
    expect(windows(hits)).toEqual(["30 days"]);
  });

  it("finds the version in force on a past or future date, still through the index", async () => {
    const then = await searchChunksWithPath(db.pool, embedder, QUESTION, { asOf: "2024-12-15", limit: 8, path: "index" });
    expect(then.path).toBe("index");
    expect(windows(then.hits).sort()).toEqual(["120 days", "60 days"]);
    const later = await searchChunksWithPath(db.pool, embedder, QUESTION, { asOf: "2099-06-01", limit: 8, path: "index" });
    expect(windows(later.hits)).toEqual(["14 days"]);
  });

  it("gives a policy-scoped search the same answer by the exact scan", async () => {
    const { hits, path } = await searchChunksWithPath(db.pool, embedder, QUESTION, { asOf: TODAY, policies: ["returns", "returns-old"] });
    expect(path).toBe("exact");
    expect(windows(hits)).toEqual(["30 days"]);
  });

  it("checks a single row by the same rule as the in-force set, on every date where the history changes", async () => {
    for (const date of ["2019-12-31", "2023-06-01", "2024-01-01", "2024-12-15", "2025-01-31", "2025-02-01", "2025-03-01", TODAY, "2099-01-01"]) {
      const set = await db.pool.query(`SELECT policy_id, version FROM (${effectiveVersionsSql("$1")}) s ORDER BY 1, 2`, [date]);
      const rows = await db.pool.query(`SELECT policy_id, version FROM policy_versions v WHERE ${inForceSql("v", "$1")} ORDER BY 1, 2`, [date]);
      expect(rows.rows, date).toEqual(set.rows);
    }
  });
});
