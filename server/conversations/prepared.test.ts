import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConversation, getConversation } from "./store.ts";
import { openDatabase, type Database } from "../../kb/db/open.ts";
import { startWireDatabase } from "../../test-support/processes.ts";
import { statement } from "../../kb/db/prepared.ts";

const prepared = async (db: Database) =>
  (await db.pool.query<{ name: string }>("SELECT name FROM pg_prepared_statements ORDER BY name")).rows.map((r) => r.name);

describe("statements prepared once", () => {
  let embedded: Database;
  beforeAll(async () => {
    embedded = await openDatabase({ dataDir: "memory://" });
  });
  afterAll(async () => {
    await embedded.close();
  });

  it("are named on the embedded database, and a second call reuses the prepared one", async () => {
    const { id } = await createConversation(embedded.pool, {});
    expect(await prepared(embedded)).not.toContain("keel_conversation");
    expect((await getConversation(embedded.pool, id))?.id).toBe(id);
    expect(await prepared(embedded)).toContain("keel_conversation");
    // Concurrent calls share the embedded session's one connection: the name is prepared once.
    const rows = await Promise.all(Array.from({ length: 8 }, () => getConversation(embedded.pool, id)));
    expect(rows.map((r) => r?.id)).toEqual(Array(8).fill(id));
    expect((await prepared(embedded)).filter((n) => n === "keel_conversation")).toHaveLength(1);
  });

  it("stay unnamed on a server, where connections may share a session (PGlite over the wire)", async () => {
    const wire = await startWireDatabase();
    try {
      expect(statement(wire.db.pool, "x", "SELECT 1", [])).toEqual({ text: "SELECT 1", values: [] });
      const { id } = await createConversation(wire.db.pool, {});
      const rows = await Promise.all(Array.from({ length: 8 }, () => getConversation(wire.db.pool, id)));
      expect(rows.map((r) => r?.id)).toEqual(Array(8).fill(id));
      expect(await prepared(wire.db)).not.toContain("keel_conversation");
    } finally {
      await wire.close();
    }
  });
});
