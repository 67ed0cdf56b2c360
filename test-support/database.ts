// Test support: one migrated in-memory PGlite per test file, cloned when a test needs a clean slate
// (a clone costs ~1 s; creating a database ~4 s).
import type { PGlite } from "@electric-sql/pglite";
import { createPGlite, openEmbedded, type Database } from "../kb/db/open.ts";

let template: Promise<PGlite> | null = null;

async function migratedTemplate(): Promise<PGlite> {
  const db = await createPGlite("memory://");
  const wrapped = await openEmbedded(db, undefined, true);
  await wrapped.pool.end(); // keep the PGlite, drop the pool
  return db;
}

/** A fresh, migrated, empty database; close it when done. */
export async function freshDatabase(): Promise<Database> {
  template ??= migratedTemplate();
  const clone = (await (await template).clone()) as PGlite;
  return openEmbedded(clone, undefined, false);
}
