// The policy life-cycle as owners and customers see it: drafts stay invisible, publishing switches
// retrieval at once (or on a later date, by itself), retiring removes the policy, and every step
// lands in an append-only audit trail.
import { afterEach, describe, expect, it } from "vitest";
import type { Database } from "../db/open.ts";
import { freshDatabase } from "../../test-support/database.ts";
import { todayIso } from "../effective.ts";
import { OfflineEmbedder } from "../embed/offline.ts";
import { importDocuments } from "../import.ts";
import { parsePolicy } from "../policy-file.ts";
import { searchChunks } from "../search.ts";
import { auditTrail } from "./audit.ts";
import { listPoliciesForOwners } from "./catalog.ts";
import { diffVersions } from "./diff.ts";
import { createPolicy, saveDraft } from "./drafts.ts";
import { publishVersion } from "./publish.ts";
import { retirePolicy } from "./retire.ts";
import { listVersions } from "./versions.ts";

const embedder = new OfflineEmbedder();
const owner = "priya@example.test";
let db: Database;

afterEach(async () => {
  const open = db;
  db = undefined as unknown as Database;
  await open?.close();
});

const warranty = (months: number, from = "2024-01-01") => `---
id: warranty
title: Warranty
effective_from: ${from}
---
# Warranty
## Coverage
Electronics are covered for ${months} months against manufacturing defects.
## Claims
Send the receipt and a photo of the defect to claims@example.com.
`;

const QUESTION = "how many months are electronics covered against defects";
/** The versions of `policy` among the passages retrieval returns (as of a date, default today). */
async function versionsFound(policy: string, asOf?: string): Promise<number[]> {
  const hits = await searchChunks(db.pool, embedder, QUESTION, { limit: 20, ...(asOf ? { asOf } : {}) });
  return [...new Set(hits.filter((h) => h.policy === policy).map((h) => h.version))];
}
async function quoteFound(asOf?: string): Promise<string | undefined> {
  const hits = await searchChunks(db.pool, embedder, QUESTION, asOf ? { asOf } : {});
  return hits.find((h) => h.section === "Coverage")?.content;
}
/** Imports version 1 as published history (effective from its front matter date), as `keel kb import` does. */
async function importWarranty(months = 12): Promise<void> {
  await importDocuments(db.pool, embedder, [parsePolicy(warranty(months), "warranty.md")], "cli");
}
const shiftDays = (iso: string, days: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

describe("draft → publish → supersede", () => {
  it("keeps a new policy's draft out of retrieval until it is published, then answers from it", async () => {
    db = await freshDatabase();
    const v1 = await createPolicy(db.pool, embedder, warranty(12), owner);
    expect(v1).toMatchObject({ policy: "warranty", version: 1, status: "draft", createdBy: owner });
    expect(await versionsFound("warranty")).toEqual([]);

    const published = await publishVersion(db.pool, embedder, "warranty", 1, owner);
    expect(published).toMatchObject({ status: "published", effectiveFrom: todayIso() });
    expect(await versionsFound("warranty")).toEqual([1]);
    await expect(publishVersion(db.pool, embedder, "warranty", 1, owner)).rejects.toMatchObject({ code: "conflict" });
    await expect(createPolicy(db.pool, embedder, warranty(6), owner)).rejects.toMatchObject({ code: "conflict" });
  });

  it("answers from the published version while an edit is a draft, and from the edit once it is published", async () => {
    db = await freshDatabase();
    await importWarranty(12);
    const edit = await saveDraft(db.pool, embedder, "warranty", warranty(24), owner);
    expect(edit).toMatchObject({ created: true, version: { version: 2, status: "draft" } });
    // Saving the same text again writes nothing.
    expect(await saveDraft(db.pool, embedder, "warranty", warranty(24), owner)).toMatchObject({ created: false, version: { version: 2 } });
    expect(await quoteFound()).toContain("12 months");

    await publishVersion(db.pool, embedder, "warranty", 2, owner);
    expect(await quoteFound()).toContain("24 months");
    expect(await versionsFound("warranty")).toEqual([2]);
    // Publishing without a date means from today: yesterday's answers still come from version 1.
    expect(await quoteFound(shiftDays(todayIso(), -1))).toContain("12 months");
    expect((await listVersions(db.pool, "warranty")).map((v) => [v.version, v.status])).toEqual([
      [1, "published"],
      [2, "published"],
    ]);
  });

  it("switches to a version published with a later effective date on that date, by itself", async () => {
    db = await freshDatabase();
    await importWarranty(12);
    const { version } = await saveDraft(db.pool, embedder, "warranty", warranty(18), owner);
    const scheduled = await publishVersion(db.pool, embedder, "warranty", version.version, owner, { effectiveFrom: "2099-01-01" });
    expect(scheduled).toMatchObject({ status: "published", effectiveFrom: "2099-01-01" });
    expect(await quoteFound()).toContain("12 months");
    expect(await quoteFound("2098-12-31")).toContain("12 months");
    expect(await quoteFound("2099-01-01")).toContain("18 months");
    expect(await versionsFound("warranty", "2099-06-01")).toEqual([2]);
    const [summary] = await listPoliciesForOwners(db.pool);
    expect(summary).toMatchObject({
      policy: "warranty",
      currentVersion: 1,
      publishedVersion: 2,
      draftVersion: null,
      scheduled: [{ version: 2, effectiveFrom: "2099-01-01" }],
    });
  });

  it("refuses to backdate a version or to publish a draft older than a published version", async () => {
    db = await freshDatabase();
    await importWarranty(12);
    const v2 = (await saveDraft(db.pool, embedder, "warranty", warranty(24), owner)).version.version;
    const v3 = (await saveDraft(db.pool, embedder, "warranty", warranty(36), owner)).version.version;
    await expect(publishVersion(db.pool, embedder, "warranty", v3, owner, { effectiveFrom: "2020-01-01" })).rejects.toMatchObject({
      code: "invalid",
    });
    await publishVersion(db.pool, embedder, "warranty", v3, owner);
    await expect(publishVersion(db.pool, embedder, "warranty", v2, owner)).rejects.toMatchObject({
      code: "conflict",
      message: expect.stringContaining(`edit version ${v3}`),
    });
    expect(await quoteFound()).toContain("36 months");
    await expect(publishVersion(db.pool, embedder, "warranty", 9, owner)).rejects.toMatchObject({ code: "not_found" });
    await expect(saveDraft(db.pool, embedder, "warranty", warranty(36).replace("id: warranty", "id: other"), owner)).rejects.toMatchObject({
      code: "invalid",
    });
  });

  it("retires a policy: nothing of it is retrieved on any date and it takes no new drafts", async () => {
    db = await freshDatabase();
    await importWarranty(12);
    await retirePolicy(db.pool, "warranty", owner, "merged into Returns");
    expect(await versionsFound("warranty")).toEqual([]);
    expect(await versionsFound("warranty", "2025-01-01")).toEqual([]);
    await expect(saveDraft(db.pool, embedder, "warranty", warranty(36), owner)).rejects.toMatchObject({ code: "conflict" });
    await expect(retirePolicy(db.pool, "warranty", owner)).rejects.toMatchObject({ code: "conflict" });
    await expect(retirePolicy(db.pool, "nope", owner)).rejects.toMatchObject({ code: "not_found" });
  });
});

describe("the switch under concurrent questions", () => {
  it("never shows a policy missing or doubled while new versions are published", async () => {
    db = await freshDatabase();
    const priceMatch = (days: number) =>
      `---\nid: price-match\ntitle: Price match\neffective_from: 2024-01-01\n---\n# Price match\n## Window\nWe match a lower price within ${days} days of purchase.\n## Proof\nShow us the competitor's advertised price.\n`;
    await importDocuments(db.pool, embedder, [parsePolicy(priceMatch(7), "price-match.md")]);
    const seen: number[][] = [];
    let publishing = true;
    const ask = async () => {
      while (publishing) {
        const hits = await searchChunks(db.pool, embedder, "within how many days do you match a lower price", { limit: 20 });
        seen.push([...new Set(hits.filter((h) => h.policy === "price-match").map((h) => h.version))]);
      }
    };
    // Three customers asking at once while the owner publishes six versions in a row.
    const askers = [ask(), ask(), ask()];
    for (let days = 8; days < 14; days++) {
      const { version } = await saveDraft(db.pool, embedder, "price-match", priceMatch(days), owner);
      await publishVersion(db.pool, embedder, "price-match", version.version, owner);
    }
    publishing = false;
    await Promise.all(askers);
    expect(seen.length).toBeGreaterThan(10);
    // Every answer saw exactly one version of the policy: never none, never two.
    expect(seen.filter((versions) => versions.length !== 1)).toEqual([]);
    // The questions really ran between publishes: they saw several versions.
    expect(new Set(seen.map((v) => v[0])).size).toBeGreaterThan(2);
    expect(await versionsFoundFor("price-match")).toEqual([7]);
  }, 60_000);
});

async function versionsFoundFor(policy: string): Promise<number[]> {
  const hits = await searchChunks(db.pool, embedder, "match a lower price", { limit: 20 });
  return [...new Set(hits.filter((h) => h.policy === policy).map((h) => h.version))];
}

describe("the audit trail", () => {
  it("records who created, edited, published, imported and retired what, and refuses changes to itself", async () => {
    db = await freshDatabase();
    await importWarranty(12);
    await saveDraft(db.pool, embedder, "warranty", warranty(24), owner);
    await publishVersion(db.pool, embedder, "warranty", 2, "omar@example.test", { effectiveFrom: "2099-01-01" });
    await retirePolicy(db.pool, "warranty", owner, "replaced by the returns policy");
    await createPolicy(db.pool, embedder, warranty(6).replace("id: warranty", "id: gift-cards"), owner);

    const trail = await auditTrail(db.pool, "warranty");
    expect(trail.map((e) => [e.action, e.version, e.actor])).toEqual([
      ["import", 1, "import"],
      ["edit", 2, owner],
      ["publish", 2, "omar@example.test"],
      ["retire", null, owner],
    ]);
    expect(trail[0]!.details).toMatchObject({ path: "warranty.md", by: "cli" });
    expect(trail[1]!.details).toMatchObject({ basedOn: 1, added: 1, removed: 1 });
    expect(trail[2]!.details).toMatchObject({ effectiveFrom: "2099-01-01", scheduled: true, inForceBefore: 1 });
    expect(trail[3]!.details).toEqual({ reason: "replaced by the returns policy" });
    expect(trail.every((e, i) => i === 0 || e.at >= trail[i - 1]!.at)).toBe(true);
    // Per policy: the other policy's creation is in its own trail only.
    expect((await auditTrail(db.pool, "gift-cards")).map((e) => e.action)).toEqual(["create"]);

    await expect(db.pool.query("UPDATE policy_audit SET actor = 'someone else'")).rejects.toThrow("append-only");
    await expect(db.pool.query("DELETE FROM policy_audit")).rejects.toThrow("append-only");
    await expect(db.pool.query("TRUNCATE policy_audit")).rejects.toThrow("append-only");
    expect(await auditTrail(db.pool, "warranty")).toHaveLength(4);
  });
});

describe("diffs and term statistics", () => {
  it("diffs two versions line by line with their line numbers", async () => {
    db = await freshDatabase();
    await importWarranty(12);
    await saveDraft(db.pool, embedder, "warranty", warranty(24).replace("## Claims\n", "## Claims\nClaims are answered within 5 days.\n"), owner);
    const diff = await diffVersions(db.pool, "warranty", 1, 2);
    expect(diff).toMatchObject({ added: 2, removed: 1 });
    expect(diff.lines.filter((l) => l.op !== "same")).toEqual([
      { op: "removed", text: "Electronics are covered for 12 months against manufacturing defects.", before: 8, after: null },
      { op: "added", text: "Electronics are covered for 24 months against manufacturing defects.", before: null, after: 8 },
      { op: "added", text: "Claims are answered within 5 days.", before: null, after: 10 },
    ]);
    await expect(diffVersions(db.pool, "warranty", 1, 5)).rejects.toMatchObject({ code: "not_found" });
  });

  it("leaves drafts out of the term statistics queries are weighed by, and counts a published version once", async () => {
    db = await freshDatabase();
    await importWarranty(12);
    const terms = async () =>
      new Map((await db.pool.query<{ term: string; df: number }>("SELECT term, df FROM kb_terms")).rows.map((r) => [r.term, r.df]));
    const before = await terms();
    const { version } = await saveDraft(db.pool, embedder, "warranty", warranty(24).replace("defects", "defects or accidental damage"), owner);
    // Saving the draft changed no count (new words may appear with a count of 0).
    for (const [term, n] of await terms()) expect([term, n]).toEqual([term, before.get(term) ?? 0]);
    const accident = embedder.termsOf("accidental")[0]!;
    const electron = embedder.termsOf("electronics")[0]!;
    await publishVersion(db.pool, embedder, "warranty", version.version, owner);
    const after = await terms();
    const { rows } = await db.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM chunks WHERE policy_id = 'warranty' AND version = $1", [
      version.version,
    ]);
    expect(after.get("")).toBe(before.get("")! + rows[0]!.n);
    expect(after.get(accident)).toBe(1);
    expect(after.get(electron)).toBe(before.get(electron)! + 1);
  });
});
