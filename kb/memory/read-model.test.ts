// The in-memory read model answers every search exactly as the database does, follows every
// committed change before the next search, and refuses a database that would not tell it of
// other processes' changes.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildEvalKb, type EvalKb } from "../../evals/knowledge-bases.ts";
import { startWireDatabase, type WireDatabase } from "../../test-support/processes.ts";
import { freshDatabase } from "../../test-support/database.ts";
import { openDatabase, type Database } from "../db/open.ts";
import { inTransaction } from "../db/transactions.ts";
import { OfflineEmbedder } from "../embed/offline.ts";
import { parsePolicy } from "../policy-file.ts";
import { searchChunksWithPath } from "../search.ts";
import { termStats } from "../terms.ts";
import { vocabularyGeneration } from "../vocabulary.ts";
import { insertVersion } from "../versions.ts";
import { retirePolicy } from "../authoring/retire.ts";
import { promotionPolicies } from "../list.ts";
import { effectiveVersionsSql } from "../effective.ts";
import { attachReadModel, type ReadModelHandle } from "./attach.ts";
import { servingReadModel } from "./registry.ts";

const embedder = new OfflineEmbedder();
const CASES = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../../evals/cases");

function messagesOf(kb: string): string[] {
  const out: string[] = [];
  for (const file of fs.readdirSync(CASES)) {
    for (const line of fs.readFileSync(path.join(CASES, file), "utf8").split("\n")) {
      if (!line.trim()) continue;
      const c = JSON.parse(line) as { kb?: string; turns?: { message: string }[] };
      if (c.kb === kb && c.turns) out.push(...c.turns.map((t) => t.message));
    }
  }
  return out;
}

describe.each(["sample", "telecom", "catalogue"] as const)("the %s eval knowledge base, searched from memory and from the database", (name) => {
  let kb: EvalKb;
  beforeAll(async () => {
    kb = await buildEvalKb(name);
  }, 60_000);
  afterAll(() => kb.db.close());

  it("gives every case's messages the same hits, scores and order, on dates before, during and after the versions in force", async () => {
    const messages = messagesOf(name);
    expect(messages.length).toBeGreaterThan(50);
    const dates = ["2026-11-22", "2021-06-01", "2099-01-01"];
    let compared = 0;
    for (const [i, message] of messages.entries()) {
      const asOf = dates[i % dates.length]!;
      const memory = await searchChunksWithPath(kb.db.pool, kb.embedder, message, { asOf, limit: 40 });
      const database = await searchChunksWithPath(kb.db.pool, kb.embedder, message, { asOf, limit: 40, path: "exact" });
      expect(memory.path).toBe("memory");
      expect(memory.hits, `${message} (as of ${asOf})`).toEqual(database.hits);
      compared += memory.hits.length;
    }
    expect(compared).toBeGreaterThan(messages.length * 10);
  }, 120_000);
});

const policy = (id: string, title: string, body: string, from = "2020-01-01") =>
  parsePolicy(`---\nid: ${id}\ntitle: ${title}\neffective_from: ${from}\n---\n# ${title}\n${body}\n`, null);

describe("following what is committed", () => {
  let db: Database;
  let handle: ReadModelHandle;
  const add = (doc: ReturnType<typeof policy>) => inTransaction(db.pool, (c) => insertVersion(c, embedder, doc, "published", "test"));
  const search = (q: string, asOf = "2026-11-22") => searchChunksWithPath(db.pool, embedder, q, { asOf, limit: 5 });

  beforeAll(async () => {
    db = await freshDatabase();
    await add(policy("returns", "Returns", "## Return window\nYou can return an item within 30 days of delivery for a refund."));
    await add(policy("shipping", "Shipping", "## Free shipping\nOrders over $49 ship free within the country."));
    handle = await attachReadModel(db);
    await handle.ready;
  });
  afterAll(async () => {
    await handle.detach();
    await db.close();
  });

  it("serves searches, term counts and the vocabulary's generation from memory once loaded", async () => {
    expect(servingReadModel(db.pool)).toBe(handle.model);
    expect((await search("how long do I have to return an item")).path).toBe("memory");
    const stats = await termStats(db.pool, ["return", "ship", "unicorn"]);
    expect(stats.chunks).toBe(2);
    expect(stats.df.get("return")).toBe(1);
    expect(stats.df.has("unicorn")).toBe(false);
    expect(await vocabularyGeneration(db.pool)).toMatch(/^memory:/);
  });

  it("answers the next search with a version published a moment before, and drops a retired policy at once", async () => {
    const before = await vocabularyGeneration(db.pool);
    await add(policy("gift-wrap", "Gift wrapping", "## Price\nGift wrapping costs $4.50 per item and is added at checkout."));
    // The database announced the change as it committed: the very next search sees it, from the
    // database while the model catches up, or from memory once it has.
    const next = await search("how much does gift wrapping cost");
    expect(next.hits[0]!.policy).toBe("gift-wrap");
    await handle.model.idle();
    const later = await search("how much does gift wrapping cost");
    expect(later.path).toBe("memory");
    expect(later.hits[0]!.policy).toBe("gift-wrap");
    expect(await vocabularyGeneration(db.pool)).not.toBe(before);

    await retirePolicy(db.pool, "gift-wrap", "test");
    expect((await search("how much does gift wrapping cost")).hits.some((h) => h.policy === "gift-wrap")).toBe(false);
    await handle.model.idle();
    const gone = await search("how much does gift wrapping cost");
    expect(gone.path).toBe("memory");
    expect(gone.hits.some((h) => h.policy === "gift-wrap")).toBe(false);
  });

  it("keeps which policies are promotions until the knowledge base changes, and sees a new one at once", async () => {
    expect(await promotionPolicies(db.pool)).toEqual(new Set());
    await inTransaction(db.pool, (c) =>
      insertVersion(
        c,
        embedder,
        parsePolicy(
          `---\nid: spring-sale\ntitle: Spring sale\nkind: promotion\neffective_from: 2025-01-01\n---\n# Spring sale\nEverything is 10% off in March.\n`,
          null,
        ),
        "published",
        "test",
      ),
    );
    expect(await promotionPolicies(db.pool)).toEqual(new Set(["spring-sale"]));
    await handle.model.idle();
    expect(servingReadModel(db.pool)).toBe(handle.model);
    expect(await promotionPolicies(db.pool)).toEqual(new Set(["spring-sale"]));
    await retirePolicy(db.pool, "spring-sale", "test");
    await handle.model.idle();
  });

  it("switches to a new version on its effective date without being told", async () => {
    await add(policy("returns", "Returns", "## Return window\nYou can return an item within 60 days of delivery for a refund.", "2027-02-01"));
    await handle.model.idle();
    const window = async (asOf: string) =>
      (await search("how long do I have to return an item", asOf)).hits.find((h) => h.policy === "returns")!.content;
    expect(await window("2027-01-31")).toContain("30 days");
    expect(await window("2027-02-01")).toContain("60 days");
    expect((await search("how long do I have to return an item", "2027-02-01")).path).toBe("memory");
  });

  it("names the version in force on a date as the database's rule does, before and after a switch-over", async () => {
    await handle.model.idle();
    for (const asOf of ["2020-01-01", "2026-11-22", "2027-01-31", "2027-02-01", "2099-01-01"]) {
      const { rows } = await db.pool.query<{ policy_id: string; version: number }>(
        `WITH live AS (${effectiveVersionsSql("$1")}) SELECT * FROM live`,
        [asOf],
      );
      const fromDatabase = new Map(rows.map((r) => [r.policy_id, r.version]));
      expect(handle.model.versionsInForce(asOf), asOf).toEqual(fromDatabase);
    }
    // The switch-over the test before added is visible as a new version of returns.
    expect(handle.model.versionsInForce("2027-02-01").get("returns")).toBeGreaterThan(handle.model.versionsInForce("2027-01-31").get("returns")!);
  });

  it("lets the database serve from the moment a change is announced until it is applied", async () => {
    const applied = handle.model.changed("returns");
    expect(servingReadModel(db.pool)).toBeNull();
    expect((await search("how long do I have to return an item")).path).not.toBe("memory");
    await applied;
    expect((await search("how long do I have to return an item")).path).toBe("memory");
  });

  it("leaves a transaction's uncommitted state to the database (the replay's 'as if published')", async () => {
    await inTransaction(db.pool, async (client) => {
      await insertVersion(client, embedder, policy("layaway", "Layaway", "## Deposit\nLayaway needs a 20% deposit."), "published", "test");
      const { transactionView } = await import("../db/transactions.ts");
      const inside = await searchChunksWithPath(transactionView(client), embedder, "what deposit does layaway need", { asOf: "2026-11-22" });
      expect(inside.path).not.toBe("memory");
      expect(inside.hits[0]!.policy).toBe("layaway");
      throw new Error("roll back");
    }).catch((err: Error) => expect(err.message).toBe("roll back"));
    await handle.model.idle();
    expect((await search("what deposit does layaway need")).hits.some((h) => h.policy === "layaway")).toBe(false);
  });
});

describe("a database that is one session for every client (PGlite served by pglite-socket)", () => {
  let wire: WireDatabase;
  let db: Database;
  beforeAll(async () => {
    wire = await startWireDatabase();
    db = await openDatabase({ databaseUrl: wire.url });
  }, 60_000);
  afterAll(async () => {
    await db.close();
    await wire.close();
  });

  it("is refused without a relay: other processes' changes would never arrive", async () => {
    await expect(attachReadModel(db)).rejects.toThrow(/only the process that made a change/);
    expect(servingReadModel(db.pool)).toBeNull();
  });

  it("with a relay, is followed and passes on the changes this process makes", async () => {
    const relayed: string[] = [];
    const handle = await attachReadModel(db, { relay: (p) => relayed.push(p) });
    await handle.ready;
    expect(servingReadModel(db.pool)).toBe(handle.model);
    await inTransaction(db.pool, (c) =>
      insertVersion(c, embedder, policy("pickup", "Store pickup", "## Holding\nOrders wait 7 days for pickup."), "published", "test"),
    );
    expect(relayed).toContain("pickup");
    await handle.model.idle();
    const found = await searchChunksWithPath(db.pool, embedder, "how long do you hold a pickup order", { asOf: "2026-11-22" });
    expect(found.path).toBe("memory");
    expect(found.hits[0]!.policy).toBe("pickup");
    await handle.detach();
  }, 30_000);
});
