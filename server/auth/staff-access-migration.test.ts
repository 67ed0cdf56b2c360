// Migration 024 on an older data folder: API tokens made before tokens expired get 90 days (time
// to replace them) instead of living for ever, sessions keep their expiry, and every one gets an
// id `keel users revoke-token` can name.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listMigrations, migrate } from "../../kb/db/migrate.ts";
import { createPGlite, openEmbedded, type Database } from "../../kb/db/open.ts";
import { hashSecret } from "./tokens.ts";
import { findSession, listSessions, revokeSession } from "./staff-store.ts";

let db: Database;
beforeAll(async () => {
  db = await openEmbedded(await createPGlite("memory://"), undefined, false);
  await migrate(
    db.pool,
    listMigrations().filter((m) => m.id < "024"),
  );
}, 60_000);
afterAll(async () => db?.close());

describe("migration 024 (staff access)", () => {
  it("gives old never-expiring API tokens 90 days, keeps session expiry, and makes each revocable by id", async () => {
    const pool = db.pool;
    const {
      rows: [staff],
    } = await pool.query<{ id: number }>(
      "INSERT INTO staff (email, display_name, role, password_hash) VALUES ('old@example.test', 'Old', 'agent', NULL) RETURNING id",
    );
    await pool.query("INSERT INTO staff_sessions (token_hash, staff_id, csrf_token, kind, expires_at) VALUES ($1, $2, 'c', 'api_token', NULL)", [
      hashSecret("keel_staff_old"),
      staff!.id,
    ]);
    const sessionExpiry = new Date(Date.now() + 3_600_000);
    await pool.query("INSERT INTO staff_sessions (token_hash, staff_id, csrf_token, kind, expires_at) VALUES ($1, $2, 'c', 'session', $3)", [
      hashSecret("old-cookie"),
      staff!.id,
      sessionExpiry,
    ]);

    expect(await migrate(pool)).toContain("024_staff_access");
    const token = await findSession(pool, "keel_staff_old");
    expect(token?.expiresAt.getTime()).toBeGreaterThan(Date.now() + 89 * 86_400_000);
    expect(token?.expiresAt.getTime()).toBeLessThan(Date.now() + 91 * 86_400_000);
    expect((await findSession(pool, "old-cookie"))?.expiresAt.getTime()).toBe(sessionExpiry.getTime());

    const listed = await listSessions(pool, staff!.id);
    expect(listed.map((s) => s.kind).sort()).toEqual(["api_token", "session"]);
    await revokeSession(pool, token!.sessionId);
    expect(await findSession(pool, "keel_staff_old")).toBeNull();
    // A session without an expiry can no longer be written.
    await expect(
      pool.query("INSERT INTO staff_sessions (token_hash, staff_id, csrf_token, kind) VALUES ('x', $1, 'c', 'api_token')", [staff!.id]),
    ).rejects.toThrow(/null/i);
  });
});
