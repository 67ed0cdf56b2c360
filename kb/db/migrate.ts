// Applies the numbered SQL files of the three rooms' migration folders once each, in order, inside a
// transaction guarded by an advisory lock so several servers starting together do not race.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type pg from "pg";
import { inTransaction } from "./transactions.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
/** Each room keeps the migrations of the tables it owns (ARCHITECTURE.md). They are found by path
 *  from the repository root, not imported: kb/ may not import agent/ or server/. Keel runs from its
 *  sources (bin/keel.mjs, through tsx), so these folders are where a checkout has them. */
export const MIGRATION_DIRS = ["kb/db/migrations", "agent/store/migrations", "server/db/migrations"].map((dir) => path.join(ROOT, dir));
const LOCK_KEY = 7_340_001; // arbitrary, constant: Keel's migration lock

export type Migration = { id: string; sql: string };

/** The migrations of one folder or several, as one numbered sequence: sorted by file name across
 *  the folders (`012_…` of one room runs before `013_…` of another). An id is recorded in
 *  keel_migrations once, so two folders holding the same one is an error naming both files. */
export function listMigrations(dirs: string | readonly string[] = MIGRATION_DIRS): Migration[] {
  const files = (typeof dirs === "string" ? [dirs] : dirs)
    .flatMap((dir) => {
      let names: string[];
      try {
        names = fs.readdirSync(dir);
      } catch (err) {
        throw new Error(`Cannot read the migrations folder ${shown(dir)}: ${(err as Error).message}`, { cause: err });
      }
      return names.filter((name) => /^\d{3}_[\w-]+\.sql$/.test(name)).map((name) => ({ name, file: path.join(dir, name) }));
    })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  files.forEach((f, i) => {
    const before = files[i - 1];
    if (before?.name === f.name) {
      throw new Error(
        `Migration ${idOf(f.name)} is in two folders: ${shown(before.file)} and ${shown(f.file)}. Ids are one sequence across the rooms: rename one.`,
      );
    }
  });
  return files.map((f) => ({ id: idOf(f.name), sql: fs.readFileSync(f.file, "utf8") }));
}

const idOf = (name: string) => name.replace(/\.sql$/, "");
/** A path relative to the repository root when it is inside it. */
const shown = (file: string) => (file.startsWith(ROOT + path.sep) ? path.relative(ROOT, file) : file);

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
