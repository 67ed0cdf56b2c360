// Applies the numbered SQL files in ./migrations once each, in order, inside a transaction
// guarded by an advisory lock so several servers starting together do not race.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type pg from "pg";
import { inTransaction } from "./transactions.ts";

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "migrations");
const LOCK_KEY = 7_340_001; // arbitrary, constant: Keel's migration lock

export type Migration = { id: string; sql: string };

export function listMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return fs
    .readdirSync(dir)
    .filter((f) => /^\d{3}_[\w-]+\.sql$/.test(f))
    .sort()
    .map((f) => ({ id: f.replace(/\.sql$/, ""), sql: fs.readFileSync(path.join(dir, f), "utf8") }));
}

/** Returns the ids of the migrations applied by this call (empty when the schema is current). */
export async function migrate(pool: pg.Pool, migrations = listMigrations()): Promise<string[]> {
  return inTransaction(pool, async (client) => {
    const applied: string[] = [];
    await client.query("SELECT pg_advisory_xact_lock($1)", [LOCK_KEY]);
    await client.query("CREATE TABLE IF NOT EXISTS keel_migrations (id text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())");
    const done = new Set((await client.query<{ id: string }>("SELECT id FROM keel_migrations")).rows.map((r) => r.id));
    for (const m of migrations) {
      if (done.has(m.id)) continue;
      try {
        await client.query(m.sql);
      } catch (err) {
        throw new Error(`Migration ${m.id} failed: ${(err as Error).message}`, { cause: err });
      }
      await client.query("INSERT INTO keel_migrations (id) VALUES ($1)", [m.id]);
      applied.push(m.id);
    }
    return applied;
  });
}
