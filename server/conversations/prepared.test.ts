import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConversation, getConversation } from "./store.ts";
import { createPGlite, openDatabase, type Database } from "../../kb/db/open.ts";
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
    const pglite = await createPGlite("memory://");
    const server = new PGLiteSocketServer({ db: pglite, port: 0, host: "127.0.0.1", maxConnections: 10 });
    await server.start();
    const port = Number(server.getServerConn().split(":").pop());
    const db = await openDatabase({ databaseUrl: `postgres://postgres:pw@127.0.0.1:${port}/postgres` });
    try {
      expect(statement(db.pool, "x", "SELECT 1", [])).toEqual({ text: "SELECT 1", values: [] });
      const { id } = await createConversation(db.pool, {});
      const rows = await Promise.all(Array.from({ length: 8 }, () => getConversation(db.pool, id)));
      expect(rows.map((r) => r?.id)).toEqual(Array(8).fill(id));
      expect(await prepared(db)).not.toContain("keel_conversation");
    } finally {
      await db.close();
      await server.stop();
      await pglite.close();
    }
  });
});
