// Reports for policy owners that read no turns: freshness and reindexing. (The reports over Keel's
// turns, gaps, change impact and citation analytics, are tested with the agent's turn reader in
// agent/store/turn-reports.test.ts.)
import { afterEach, describe, expect, it } from "vitest";
import { auditTrail } from "../authoring/audit.ts";
import type { Database } from "../db/open.ts";
import { reportKb } from "../../test-support/report-kb.ts";
import { OfflineEmbedder } from "../embed/offline.ts";
import { freshness } from "./freshness.ts";
import { reindex } from "./reindex.ts";

const embedder = new OfflineEmbedder();
let db: Database;

afterEach(async () => {
  const open = db;
  db = undefined as unknown as Database;
  await open?.close();
});

async function withKb(): Promise<void> {
  db = await reportKb(embedder);
}

describe("freshness and reindex", () => {
  it("lists policies past review and vectors from another embedder; reindex re-embeds exactly those", async () => {
    await withKb();
    const report = await freshness(db.pool, embedder, "2026-11-22");
    expect(report.overdueReviews).toEqual([{ policy: "returns", title: "Returns", version: 1, reviewBy: "2025-01-01", daysOverdue: 690 }]);
    expect(report.staleVectors).toEqual([]);

    const terms = async () => (await db.pool.query("SELECT term, df FROM kb_terms ORDER BY term")).rows;
    const termsBefore = await terms();
    const { rows: before } = await db.pool.query<{ id: string; embedding: string }>(
      "SELECT id, embedding::text FROM chunks WHERE policy_id = 'returns' ORDER BY id",
    );
    // As if another embedder had written these vectors.
    await db.pool.query(
      `UPDATE chunks SET embedding_model = 'openai:text-embedding-3-small', embedding = array_fill(0.05, ARRAY[384])::vector WHERE policy_id = 'returns'`,
    );
    await db.pool.query("DELETE FROM kb_terms");
    expect((await freshness(db.pool, embedder)).staleVectors).toEqual([
      { policy: "returns", version: 1, status: "published", chunks: before.length, embeddingModel: "openai:text-embedding-3-small" },
    ]);

    const result = await reindex(db.pool, embedder);
    expect(result).toMatchObject({
      chunks: before.length,
      embedder: embedder.model,
      versions: [{ policy: "returns", version: 1, chunks: before.length, from: ["openai:text-embedding-3-small"] }],
    });
    expect((await db.pool.query("SELECT id, embedding::text FROM chunks WHERE policy_id = 'returns' ORDER BY id")).rows).toEqual(before);
    expect((await freshness(db.pool, embedder)).staleVectors).toEqual([]);
    // The term statistics are rebuilt to what the imports had counted.
    expect(await terms()).toEqual(termsBefore);
    expect((await auditTrail(db.pool, "returns")).at(-1)).toMatchObject({
      action: "reindex",
      version: 1,
      actor: "reindex",
      details: { chunks: before.length },
    });
    expect((await reindex(db.pool, embedder)).chunks).toBe(0);
  });

  it("re-embeds what an older offline embedder wrote, also when several servers start together", async () => {
    await withKb();
    const terms = async () => (await db.pool.query("SELECT term, df FROM kb_terms ORDER BY term")).rows;
    const termsBefore = await terms();
    const { rows: before } = await db.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM chunks");
    // As if written before the text processing changed (same embedder family, older fingerprint).
    await db.pool.query("UPDATE chunks SET embedding_model = 'keel-offline-v1'");
    expect(embedder.model).toMatch(/^keel-offline-v1\.[0-9a-f]{8}$/);
    const [a, b] = await Promise.all([reindex(db.pool, embedder, "start-up"), reindex(db.pool, embedder, "start-up")]);
    // Each chunk is rewritten once, whichever run got to it.
    expect(a.chunks + b.chunks).toBe(before[0]!.n);
    expect((await freshness(db.pool, embedder)).staleVectors).toEqual([]);
    expect(await terms()).toEqual(termsBefore);
  });
});
