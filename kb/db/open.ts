// Opens Keel's database: embedded PGlite (with pgvector) in a data folder by default,
// or a Postgres server when DATABASE_URL is set. Either way callers get one `pg` Pool.
import { PGlite } from "@electric-sql/pglite";
import { createPgConfig } from "@electric-sql/pglite/node-postgres";
import { vector } from "@electric-sql/pglite-pgvector";
import pg from "pg";
import { HNSW_EF_SEARCH } from "../../config/limits.ts";
import { lockDataFolder, type FolderLock } from "./lock.ts";
import { migrate } from "./migrate.ts";
import { preparesStatements } from "./prepared.ts";

export type Database = {
  pool: pg.Pool;
  kind: "embedded" | "server";
  /** The embedded instance, when there is one (tests serve it over the wire with pglite-socket). */
  pglite?: PGlite;
  /** Calls `onPayload` with each notification on `channel` committed by any session, and `onGap`
   *  when some may have been missed (the listening connection was lost and is back). Resolves to a
   *  function that stops listening. */
  listen: (channel: string, onPayload: (payload: string, seen: NotificationSeen) => void, onGap?: () => void) => Promise<() => Promise<void>>;
  close: () => Promise<void>;
};

/** "everywhere": every listening process was told. "here": it reached this process on the
 *  connection that sent it, as a server that is one session for all its clients delivers it (PGlite
 *  served by pglite-socket): other processes were not told, and the caller may pass it on. */
export type NotificationSeen = "everywhere" | "here";

export type OpenOptions = {
  /** Postgres server URL; when absent the embedded database is used. */
  databaseUrl?: string;
  /** Embedded data folder, or "memory://" for a throwaway database. */
  dataDir?: string;
  /** Apply migrations (default true). */
  migrate?: boolean;
  /** Server pools only: overrides of the bounded waits below (tests of an unreachable database). */
  timeouts?: { connectMs?: number; queryMs?: number };
};

/** A server connection that cannot be opened in this long is reported unreachable: the request
 *  fails with a retriable error while the customer is still waiting, not after a proxy's timeout. */
const CONNECT_TIMEOUT_MS = 5000;
/** A query with no answer in this long is abandoned (a network partition gives no error at all).
 *  Serving queries take milliseconds; the bound is generous for publishing and reports. */
const QUERY_TIMEOUT_MS = 30_000;

/** Wraps an existing PGlite (e.g. a test clone) in a Pool. */
export async function openEmbedded(db: PGlite, lock?: FolderLock, runMigrations = true): Promise<Database> {
  // PGlite's pg adapter serves one connection; the pool queues callers on it.
  const pool = new pg.Pool({ ...(createPgConfig(db) as unknown as pg.PoolConfig), onConnect: sessionSettings } as pg.PoolConfig);
  preparesStatements(pool);
  const database: Database = {
    pool,
    kind: "embedded",
    pglite: db,
    // One embedded instance serves the whole process: its listeners are called as the notifying
    // statement (or its transaction) commits, before the writer's own query resolves.
    listen: async (channel, onPayload) => {
      const stop = await db.listen(channel, (payload) => onPayload(payload, "everywhere"));
      return async () => {
        if (!db.closed) await stop();
      };
    },
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

/** Per-connection settings retrieval relies on: HNSW iterative scans, so an over-fetch through the
 *  index returns as many neighbours as asked (pgvector 0.8), and a wider search breadth. Applied by
 *  pg-pool's onConnect hook, which finishes before the connection serves its first query (a
 *  'connect' listener would race that query on the same client, which pg deprecates). */
async function sessionSettings(client: pg.ClientBase): Promise<void> {
  await client.query(`SET hnsw.iterative_scan = relaxed_order; SET hnsw.ef_search = ${HNSW_EF_SEARCH}`).catch(() => {
    // An older pgvector without iterative scans: the index then returns ef_search rows and
    // retrieval still works, with fewer candidates.
  });
}

export async function createPGlite(dataDir: string): Promise<PGlite> {
  return PGlite.create({ dataDir, extensions: { vector } });
}

async function openServer(url: string, runMigrations: boolean, timeouts: OpenOptions["timeouts"] = {}): Promise<Database> {
  // Bounded waits: while the server is down a request fails in seconds with a retriable error
  // instead of hanging.
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    connectionTimeoutMillis: timeouts.connectMs ?? CONNECT_TIMEOUT_MS,
    query_timeout: timeouts.queryMs ?? QUERY_TIMEOUT_MS,
    onConnect: sessionSettings,
  } as pg.PoolConfig);
  // An idle client whose connection drops emits 'error' on the pool, which would end the process
  // with no listener. The pool has already discarded that client and the next query opens a fresh
  // connection, so there is nothing to do here; the server adds a listener that logs it.
  pool.on("error", () => undefined);
  // A server that is one session for all its clients (PGlite behind pglite-socket) hands a
  // notification to the connection whose statement sent it, listening or not: pooled connections
  // pass those on too. A real server sends them only to the listening connection below.
  const here = new Set<{ channel: string; onPayload: (payload: string, seen: NotificationSeen) => void }>();
  pool.on("connect", (client) =>
    client.on("notification", (m) => {
      for (const l of here) if (l.channel === m.channel) l.onPayload(m.payload ?? "", "here");
    }),
  );
  const close = () => pool.end();
  try {
    const { rows } = await pool.query<{ ok: boolean }>("SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'vector') AS ok");
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
  return {
    pool,
    kind: "server",
    listen: async (channel, onPayload, onGap) => {
      const entry = { channel, onPayload };
      here.add(entry);
      try {
        const stop = await listenOnServer(url, channel, (payload) => onPayload(payload, "everywhere"), onGap);
        return async () => {
          here.delete(entry);
          await stop();
        };
      } catch (err) {
        here.delete(entry);
        throw err;
      }
    },
    close,
  };
}

/** How long a lost listening connection waits before it connects again. */
const RELISTEN_MS = 1000;

/** LISTEN on a connection of its own (a pooled one would be handed to other queries), opened again
 *  after it is lost; `onGap` then says notifications may have been missed meanwhile. */
async function listenOnServer(url: string, channel: string, onPayload: (payload: string) => void, onGap?: () => void): Promise<() => Promise<void>> {
  let client: pg.Client | null = null;
  let stopped = false;
  let retry: NodeJS.Timeout | null = null;
  const schedule = () => {
    if (stopped || retry) return;
    retry = setTimeout(() => {
      retry = null;
      connect().then(
        () => onGap?.(),
        () => schedule(),
      );
    }, RELISTEN_MS);
  };
  const connect = async (): Promise<void> => {
    const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
    c.on("notification", (m) => {
      if (m.channel === channel) onPayload(m.payload ?? "");
    });
    const lost = () => {
      if (client !== c || stopped) return;
      client = null;
      c.end().catch(() => undefined);
      schedule();
    };
    c.on("error", lost);
    c.on("end", lost);
    client = c;
    try {
      await c.connect();
      await c.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
    } catch (err) {
      if (client === c) client = null;
      c.end().catch(() => undefined);
      throw err;
    }
  };
  await connect();
  return async () => {
    stopped = true;
    if (retry) clearTimeout(retry);
    await client?.end().catch(() => undefined);
  };
}

function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, "//$1:***@");
}

export async function openDatabase(options: OpenOptions): Promise<Database> {
  const runMigrations = options.migrate ?? true;
  if (options.databaseUrl) return openServer(options.databaseUrl, runMigrations, options.timeouts);
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
