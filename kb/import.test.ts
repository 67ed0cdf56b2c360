import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "./db/open.ts";
import { freshDatabase } from "../test-support/database.ts";
import { OfflineEmbedder } from "./embed/offline.ts";
import { importPaths } from "./import.ts";
import { listPolicies } from "./list.ts";
import { searchChunks } from "./search.ts";

const embedder = new OfflineEmbedder();
let dir: string;

function write(name: string, text: string): string {
  const p = path.join(dir, name);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, text);
  return p;
}

const returns = (window: string, from: string, to = "") =>
  `---\nid: returns\ntitle: Returns\neffective_from: ${from}\n${to ? `effective_to: ${to}\n` : ""}---\n# Returns\n## Return window\nYou can return items within ${window} of delivery.\n`;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "keel-import-"));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("importing policies", () => {
  let db: Database;
  beforeAll(async () => {
    db = await freshDatabase();
  });
  afterAll(() => db.close());

  it("adds new policies, reports unchanged ones on re-import and versions changed ones", async () => {
    write("kb/returns.md", returns("30 days", "2025-03-01"));
    write("kb/README.md", "# Not a policy\n");
    const first = await importPaths(db.pool, embedder, [path.join(dir, "kb")]);
    expect(first).toEqual([expect.objectContaining({ policy: "returns", version: 1, status: "added" })]);
    const again = await importPaths(db.pool, embedder, [path.join(dir, "kb")]);
    expect(again).toEqual([expect.objectContaining({ policy: "returns", version: 1, status: "unchanged" })]);
    write("kb/returns.md", returns("45 days", "2025-03-01"));
    const changed = await importPaths(db.pool, embedder, [path.join(dir, "kb")]);
    expect(changed).toEqual([expect.objectContaining({ policy: "returns", version: 2, status: "changed" })]);
    const { rows } = await db.pool.query("SELECT count(*)::int AS n FROM policy_versions WHERE policy_id = 'returns'");
    expect(rows[0].n).toBe(2);
  });

  it("rolls back a failed import without leaving a half-written version", async () => {
    const failing = {
      ...embedder,
      model: "broken",
      dimensions: 384,
      embedQuery: embedder.embedQuery,
      embedDocuments: async () => {
        throw new Error("embedder down");
      },
    };
    write("bad/new-policy.md", "---\nid: new-policy\neffective_from: 2025-01-01\n---\n# New\nText.\n");
    await expect(importPaths(db.pool, failing, [path.join(dir, "bad")])).rejects.toThrow(/embedder down/);
    const { rows } = await db.pool.query("SELECT count(*)::int AS n FROM policy_versions WHERE policy_id = 'new-policy'");
    expect(rows[0].n).toBe(0);
  });

  it("imports a policy file holding NUL, bidi overrides and zero-width characters as the text a reader sees", async () => {
    write(
      "hostile/gift.md",
      '---\nid: gift\ntitle: "Gift\\u0000 cards"\neffective_from: 2025-01-01\n---\n# Gift cards\r\n## Expiry\r\nGift cards never\u0000 ex\u200Bpire \u202Eyad 09\u202C.\r\n',
    );
    expect(await importPaths(db.pool, embedder, [path.join(dir, "hostile")])).toEqual([expect.objectContaining({ policy: "gift", status: "added" })]);
    const { rows } = await db.pool.query("SELECT title, source FROM policy_versions WHERE policy_id = 'gift'");
    expect(rows[0].title).toBe("Gift cards");
    expect(rows[0].source).toContain("## Expiry\nGift cards never expire yad 09.\n");
  });

  it("names the missing path", async () => {
    await expect(importPaths(db.pool, embedder, [path.join(dir, "nope")])).rejects.toThrow(/nope: no such file or folder/);
  });
});

describe("effective dates", () => {
  let db: Database;
  beforeAll(async () => {
    db = await freshDatabase();
    write("hist/returns-2024.md", returns("60 days", "2024-01-01", "2025-02-28"));
    write("hist/returns.md", returns("30 days", "2025-03-01"));
    write("hist/returns-2027.md", returns("21 days", "2027-01-01"));
    write(
      "hist/ended.md",
      "---\nid: winter-sale\neffective_from: 2024-12-01\neffective_to: 2025-01-31\n---\n# Winter sale\nAll boots ship free during the sale.\n",
    );
    await importPaths(db.pool, embedder, [path.join(dir, "hist")]);
  });
  afterAll(() => db.close());

  const windowOn = async (asOf: string) => {
    const hits = await searchChunks(db.pool, embedder, "how many days to return", { asOf, policies: ["returns"] });
    return hits.map((h) => h.content);
  };

  it("retrieves only the version in force on the date asked", async () => {
    expect((await windowOn("2026-11-22")).join()).toContain("30 days");
    expect((await windowOn("2026-11-22")).join()).not.toMatch(/60 days|21 days/);
    expect((await windowOn("2024-06-01")).join()).toContain("60 days");
    expect((await windowOn("2027-02-01")).join()).toContain("21 days");
  });

  it("numbers versions in time order when a folder holds a policy's history", async () => {
    const { rows } = await db.pool.query(
      "SELECT version, to_char(effective_from,'YYYY') AS y FROM policy_versions WHERE policy_id='returns' ORDER BY version",
    );
    expect(rows.map((r) => r.y)).toEqual(["2024", "2025", "2027"]);
  });

  it("does not retrieve a policy whose end date has passed", async () => {
    const hits = await searchChunks(db.pool, embedder, "boots ship free winter sale", { asOf: "2026-11-22" });
    expect(hits.map((h) => h.policy)).not.toContain("winter-sale");
    const then = await searchChunks(db.pool, embedder, "boots ship free winter sale", { asOf: "2025-01-15" });
    expect(then[0]?.policy).toBe("winter-sale");
  });

  it("lists the version in force, the scheduled and the ended", async () => {
    const list = await listPolicies(db.pool, "2026-11-22");
    expect(list.find((p) => p.policy === "returns")).toMatchObject({
      currentVersion: 2,
      latestVersion: 3,
      versions: 3,
      status: "in_force",
      effectiveFrom: "2025-03-01",
    });
    expect(list.find((p) => p.policy === "winter-sale")).toMatchObject({ currentVersion: null, status: "ended" });
  });
});
