// The database over a port, as a turn worker has it: results, a failed statement's pg fields,
// transactions on a checked-out client (rolled back when the serving side stops mid-transaction),
// and notifications, including ones passed on by hand.
import { MessageChannel } from "node:worker_threads";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPGlite, openEmbedded, type Database } from "./open.ts";
import { remoteDatabase, serveDatabase, type ServedDatabase } from "./remote.ts";

let db: Database;
let served: ServedDatabase;
let remote: Database;
beforeAll(async () => {
  db = await openEmbedded(await createPGlite("memory://"), undefined, false);
  await db.pool.query("CREATE TABLE notes (id int PRIMARY KEY, body text NOT NULL, at timestamptz NOT NULL DEFAULT now())");
  const channel = new MessageChannel();
  served = serveDatabase(channel.port1, db);
  remote = remoteDatabase(channel.port2, db.kind);
});
afterAll(async () => {
  await remote.close();
  await served.stop();
  await db.close();
});

describe("the database over a port", () => {
  it("returns rows as the pool does, dates as dates", async () => {
    await remote.pool.query("INSERT INTO notes (id, body) VALUES ($1, $2)", [1, "first"]);
    const { rows, rowCount } = await remote.pool.query({ text: "SELECT id, body, at FROM notes WHERE id = $1", values: [1] });
    expect(rowCount).toBe(1);
    expect(rows[0]).toMatchObject({ id: 1, body: "first" });
    expect(rows[0].at).toBeInstanceOf(Date);
  });

  it("fails a statement with the pg error's code and constraint, so callers can tell a conflict", async () => {
    const err = await remote.pool.query("INSERT INTO notes (id, body) VALUES (1, 'again')").catch((e: Error & Record<string, unknown>) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err).toMatchObject({ code: "23505", constraint: "notes_pkey" });
  });

  it("runs a transaction on a checked-out client, and rolls back one left open when serving stops", async () => {
    const client = await remote.pool.connect();
    await client.query("BEGIN");
    await client.query("INSERT INTO notes (id, body) VALUES (2, 'in a transaction')");
    expect((await client.query("SELECT count(*)::int AS n FROM notes")).rows[0].n).toBe(2);
    await client.query("ROLLBACK");
    client.release();
    expect((await db.pool.query("SELECT count(*)::int AS n FROM notes")).rows[0].n).toBe(1);

    // A second port whose worker dies mid-transaction: stopping the service gives the connection back clean.
    const channel = new MessageChannel();
    const other = serveDatabase(channel.port1, db);
    const doomed = await remoteDatabase(channel.port2, db.kind).pool.connect();
    await doomed.query("BEGIN");
    await doomed.query("INSERT INTO notes (id, body) VALUES (3, 'never committed')");
    await other.stop();
    expect((await db.pool.query("SELECT count(*)::int AS n FROM notes")).rows[0].n).toBe(1);
  });

  it("delivers the database's notifications and ones passed on by hand to a listener", async () => {
    const heard: string[] = [];
    const stop = await remote.listen("keel_test", (payload) => heard.push(payload));
    await db.pool.query("SELECT pg_notify('keel_test', 'from the database')");
    served.announce("keel_test", "from another server");
    served.announce("not_listened", "dropped");
    await expect.poll(() => heard).toEqual(["from the database", "from another server"]);
    await stop();
  });
});
