// Attaches an in-memory read model to a database: it listens on channel keel_kb (migration 028's
// triggers announce every committed change to policies, versions, chunks and term counts), loads
// what is published, and registers itself so searches, term statistics and the vocabulary's
// generation are served from memory while it is current — the database serves in the meantime
// (while loading, and from a change's announcement until it is applied).
import { randomUUID } from "node:crypto";
import type { Database, NotificationSeen } from "../db/open.ts";
import { EMBEDDING_DIMENSIONS } from "../../config/limits.ts";
import { KbReadModel } from "./read-model.ts";
import { registerReadModel, unregisterReadModel } from "./registry.ts";

export const KB_CHANNEL = "keel_kb";
/** How long the probe below may take to come back: a real server delivers it in milliseconds. */
const PROBE_WAIT_MS = 2000;

export type ReadModelHandle = {
  model: KbReadModel;
  /** Resolves when the first load has been applied (rejects when it failed; the database serves). */
  ready: Promise<void>;
  detach(): Promise<void>;
};

export async function attachReadModel(
  db: Database,
  options: {
    dimensions?: number;
    onError?: (err: Error) => void;
    /** Told of each change that only this process heard of (see NotificationSeen), to pass on to
     *  the others (the server relays it through Redis). Without it, a database that tells only the
     *  writing process is refused: other processes' changes would never reach this one. */
    relay?: (payload: string) => void;
  } = {},
): Promise<ReadModelHandle> {
  const model = new KbReadModel(db.pool, options.dimensions ?? EMBEDDING_DIMENSIONS, options.onError);
  const probe = `?probe:${randomUUID()}`;
  let probed: (seen: NotificationSeen) => void = () => undefined;
  const probeSeen = new Promise<NotificationSeen | "never">((resolve) => {
    probed = resolve;
    setTimeout(() => resolve("never"), PROBE_WAIT_MS).unref();
  });
  // Listening starts before the load, so a change committed while it reads is applied after it.
  const stop = await db.listen(
    KB_CHANNEL,
    (payload, seen) => {
      if (payload === probe) return probed(seen);
      if (payload.startsWith("?")) return;
      void model.changed(payload);
      if (seen === "here") options.relay?.(payload);
    },
    () => void model.changed("*"),
  );
  // How does this database deliver a change? Ask it to announce one.
  const seen = await db.pool
    .query("SELECT pg_notify($1, $2)", [KB_CHANNEL, probe])
    .then(() => probeSeen)
    .catch(async (err) => {
      await stop();
      throw new Error("cannot announce a change on the database to test how it delivers them", { cause: err });
    });
  if (seen === "never" || (seen === "here" && !options.relay)) {
    await stop();
    throw new Error(
      seen === "never"
        ? "the database did not deliver a change announcement back to this process"
        : "the database tells only the process that made a change (one session for every client): other processes' changes would need a relay (REDIS_URL)",
    );
  }
  registerReadModel(db.pool, model);
  const ready = model.load();
  ready.catch(() => undefined);
  return {
    model,
    ready,
    detach: async () => {
      unregisterReadModel(db.pool, model);
      model.stop();
      await stop();
    },
  };
}
