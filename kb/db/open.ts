// Opens Keel's database: embedded PGlite (with pgvector) in a data folder by default,
// or a Postgres server when DATABASE_URL is set. Either way callers get one `pg` Pool.
import { PGlite } from "@electric-sql/pglite";
import { createPgConfig } from "@electric-sql/pglite/node-postgres";
import { vector } from "@electric-sql/pglite-pgvector";
import pg from "pg";
import { lockDataFolder, type FolderLock } from "./lock.ts";
import { migrate } from "./migrate.ts";

export type Database = {
  pool: pg.Pool;
  kind: "embedded" | "server";
  /** The embedded instance, when there is one (tests serve it over the wire with pglite-socket). */
  pglite?: PGlite;
  close: () => Promise<void>;
};

export type OpenOptions = {
  /** Postgres server URL; when absent the embedded database is used. */
  databaseUrl?: string;
  /** Embedded data folder, or "memory://" for a throwaway database. */
  dataDir?: string;
  /** Apply migrations (default true). */
  migrate?: boolean;
};

/** Wraps an existing PGlite (e.g. a test clone) in a Pool. */
export async function openEmbedded(db: PGlite, lock?: FolderLock, runMigrations = true): Promise<Database> {
  // PGlite's pg adapter serves one connection; the pool queues callers on it.
  const pool = new pg.Pool(createPgConfig(db) as unknown as pg.PoolConfig);
  const database: Database = {
    pool,
    kind: "embedded",
    pglite: db,
    close: async () => {
      await pool.end();
      if (!db.closed) await db.close();
      lock?.release();
    },
  };
  try {
    if (runMigrations) await migrate(pool);
  } catch (err) {
    await database.close();
    throw err;
  }
  return database;
}

export async function createPGlite(dataDir: string): Promise<PGlite> {
  return PGlite.create({ dataDir, extensions: { vector } });
}

async function openServer(url: string, runMigrations: boolean): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  const close = () => pool.end();
  try {
    const { rows } = await pool.query<{ ok: boolean }>(
      "SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'vector') AS ok",
    );
    if (!rows[0]?.ok) {
      throw new Error(
        "pgvector is not installed on DATABASE_URL's server: install the extension (e.g. the postgresql-NN-pgvector package), " +
          "or unset DATABASE_URL to use the embedded database.",
      );
    }
    if (runMigrations) await migrate(pool);
  } catch (err) {
    await close();
    if (err instanceof Error && err.message.startsWith("pgvector")) throw err;
    throw new Error(`Cannot use the database at DATABASE_URL (${redactUrl(url)}): ${(err as Error).message}`, { cause: err });
  }
  return { pool, kind: "server", close };
}

function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, "//$1:***@");
}

export async function openDatabase(options: OpenOptions): Promise<Database> {
  const runMigrations = options.migrate ?? true;
  if (options.databaseUrl) return openServer(options.databaseUrl, runMigrations);
  const dataDir = options.dataDir ?? ".keel/data";
  if (dataDir.startsWith("memory://")) return openEmbedded(await createPGlite(dataDir), undefined, runMigrations);
  const lock = lockDataFolder(dataDir);
  let db: PGlite;
  try {
    db = await createPGlite(dataDir);
  } catch (err) {
    lock.release();
    throw new Error(`Cannot open the embedded database in ${dataDir}: ${(err as Error).message}`, { cause: err });
  }
  return openEmbedded(db, lock, runMigrations);
}
