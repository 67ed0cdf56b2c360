// The database over a MessagePort: a worker thread (agent/workers/) reaches the process's one
// database — embedded PGlite serves a single process, and only its owning thread — through the
// thread that opened it. `serveDatabase` runs each query the port brings on the real pool (or on a
// client a caller checked out, for transactions) and relays notifications; `remoteDatabase` is the
// worker's side: a `Database` whose pool has the `pg` shape the rest of Keel uses.
import type { MessagePort } from "node:worker_threads";
import type pg from "pg";
import type { Database, NotificationSeen } from "./open.ts";

/** What travels to the serving thread. */
type Request =
  | { op: "query"; id: number; lease: number | null; text: string; values: unknown[] | undefined }
  | { op: "connect"; id: number }
  | { op: "release"; lease: number; destroy: boolean }
  | { op: "listen"; id: number; channel: string }
  | { op: "unlisten"; id: number; channel: string };

/** A failed query as data: a pg error's fields survive the copy (code, constraint, detail…). */
type WireError = { message: string; fields: Record<string, unknown> };

/** What travels back. */
type Response =
  | { op: "result"; id: number; rows: unknown[]; rowCount: number | null; command: string; fields: { name: string }[] }
  | { op: "leased"; id: number; lease: number }
  | { op: "listening"; id: number }
  | { op: "failed"; id: number; error: WireError }
  | { op: "notify"; channel: string; payload: string; seen: NotificationSeen }
  | { op: "gap"; channel: string };

const ERROR_FIELDS = ["code", "detail", "hint", "constraint", "table", "column", "schema", "severity", "where", "position"];

function toWire(err: unknown): WireError {
  const e = err instanceof Error ? err : new Error(String(err));
  const fields: Record<string, unknown> = {};
  for (const k of ERROR_FIELDS) {
    const v = (e as unknown as Record<string, unknown>)[k];
    if (v !== undefined && v !== null) fields[k] = v;
  }
  return { message: e.message, fields };
}

export type ServedDatabase = {
  /** Passes on a notification the database itself did not deliver here (another process's change
   *  relayed through Redis), as if it had, when the other end listens on `channel`. */
  announce(channel: string, payload: string): void;
  /** Stops serving: gives back every client still checked out, rolled back, and stops listening. */
  stop(): Promise<void>;
};

/** Serves `db` to the other end of `port` until stopped. */
export function serveDatabase(port: MessagePort, db: Database): ServedDatabase {
  const leases = new Map<number, pg.PoolClient>();
  const listening = new Map<string, Promise<() => Promise<void>>>();
  let nextLease = 1;
  const reply = (r: Response) => port.postMessage(r);
  port.on("message", (m: Request) => {
    void (async () => {
      try {
        switch (m.op) {
          case "query": {
            const on = m.lease === null ? db.pool : leases.get(m.lease);
            if (!on) throw new Error(`no database client ${m.lease} is checked out (released, or the worker restarted)`);
            const r = await on.query({ text: m.text, ...(m.values ? { values: m.values } : {}) });
            reply({
              op: "result",
              id: m.id,
              rows: r.rows,
              rowCount: r.rowCount,
              command: r.command,
              fields: (r.fields ?? []).map((f) => ({ name: f.name })),
            });
            return;
          }
          case "connect": {
            const client = await db.pool.connect();
            const lease = nextLease++;
            leases.set(lease, client);
            reply({ op: "leased", id: m.id, lease });
            return;
          }
          case "release": {
            const client = leases.get(m.lease);
            leases.delete(m.lease);
            client?.release(m.destroy || undefined);
            return;
          }
          case "listen": {
            if (!listening.has(m.channel)) {
              const stop = db.listen(
                m.channel,
                (payload, seen) => reply({ op: "notify", channel: m.channel, payload, seen }),
                () => reply({ op: "gap", channel: m.channel }),
              );
              listening.set(m.channel, stop);
              stop.catch(() => listening.delete(m.channel));
            }
            await listening.get(m.channel);
            reply({ op: "listening", id: m.id });
            return;
          }
          case "unlisten": {
            const stop = listening.get(m.channel);
            listening.delete(m.channel);
            await (
              await stop
            )?.();
            reply({ op: "listening", id: m.id });
            return;
          }
        }
      } catch (err) {
        if ("id" in m) reply({ op: "failed", id: m.id, error: toWire(err) });
      }
    })();
  });
  const stop = async () => {
    port.removeAllListeners("message");
    // A client left checked out may be inside a transaction: roll it back before the pool reuses it.
    for (const client of leases.values()) {
      await client.query("ROLLBACK").catch(() => undefined);
      client.release();
    }
    leases.clear();
    for (const stop of listening.values()) await (await stop.catch(() => null))?.();
    listening.clear();
    port.close();
  };
  return {
    announce(channel, payload) {
      if (listening.has(channel)) reply({ op: "notify", channel, payload, seen: "everywhere" });
    },
    stop,
  };
}

/** A request before it is numbered (Omit over each member of the union, not over the union). */
type WithoutId<T> = T extends unknown ? Omit<T, "id"> : never;

type QueryArgs = [text: string | { text: string; values?: unknown[] }, values?: unknown[]];

/** The worker's side of `serveDatabase`: queries, checked-out clients and notifications over `port`. */
export function remoteDatabase(port: MessagePort, kind: Database["kind"]): Database {
  let nextId = 1;
  const pending = new Map<number, { resolve: (r: Response) => void; reject: (e: Error) => void }>();
  const listeners = new Map<string, Set<{ onPayload: (payload: string, seen: NotificationSeen) => void; onGap?: () => void }>>();
  let closed = false;
  port.on("message", (r: Response) => {
    if (r.op === "notify" || r.op === "gap") {
      for (const l of listeners.get(r.channel) ?? []) {
        if (r.op === "notify") l.onPayload(r.payload, r.seen);
        else l.onGap?.();
      }
      return;
    }
    const waiting = pending.get(r.id);
    pending.delete(r.id);
    if (!waiting) return;
    if (r.op === "failed") waiting.reject(Object.assign(new Error(r.error.message), r.error.fields));
    else waiting.resolve(r);
  });

  const ask = <R extends Response>(request: WithoutId<Extract<Request, { id: number }>>): Promise<R> => {
    if (closed) return Promise.reject(new Error("the database connection to the serving thread is closed"));
    const id = nextId++;
    return new Promise<R>((resolve, reject) => {
      pending.set(id, { resolve: resolve as (r: Response) => void, reject });
      port.postMessage({ ...request, id });
    });
  };
  const query = async (lease: number | null, ...[q, values]: QueryArgs) => {
    const text = typeof q === "string" ? q : q.text;
    const vals = typeof q === "string" ? values : (q.values ?? values);
    const r = await ask<Extract<Response, { op: "result" }>>({ op: "query", lease, text, values: vals });
    return { rows: r.rows, rowCount: r.rowCount, command: r.command, fields: r.fields, oid: 0 };
  };

  const pool = {
    query: (...args: QueryArgs) => query(null, ...args),
    async connect() {
      const { lease } = await ask<Extract<Response, { op: "leased" }>>({ op: "connect" });
      let released = false;
      return {
        query: (...args: QueryArgs) => query(lease, ...args),
        release(err?: Error | boolean) {
          if (released) return;
          released = true;
          port.postMessage({ op: "release", lease, destroy: Boolean(err) } satisfies Request);
        },
        on: () => undefined,
        off: () => undefined,
      };
    },
    on: () => pool,
    off: () => pool,
    async end() {
      closed = true;
    },
  };

  return {
    pool: pool as unknown as pg.Pool,
    kind,
    async listen(channel, onPayload, onGap) {
      const entry = { onPayload, ...(onGap ? { onGap } : {}) };
      const set = listeners.get(channel) ?? new Set();
      listeners.set(channel, set);
      set.add(entry);
      await ask({ op: "listen", channel });
      return async () => {
        set.delete(entry);
      };
    },
    async close() {
      closed = true;
      for (const w of pending.values()) w.reject(new Error("the database connection to the serving thread closed"));
      pending.clear();
      port.close();
    },
  };
}
