// The server's in-memory read model of what is published (kb/memory), kept current across server
// processes. The database announces each committed change; a server that is one session for all
// its clients (PGlite behind pglite-socket) tells only the process that wrote, so with Redis that
// process passes it on to the others through the socket.io adapter.
import type { Server } from "socket.io";
import { z } from "zod";
import type { Database } from "../../kb/db/open.ts";
import { attachReadModel, type ReadModelHandle } from "../../kb/memory/attach.ts";
import type { Log } from "../conversations/turns.ts";

const KB_CHANGED = "keel:kb-changed";
/** What a change announcement carries: a policy id, "#terms" or "*". */
const changeSchema = z.string().min(1).max(300);

export async function serveKbFromMemory(
  db: Database,
  io: Server,
  options: {
    relayed: boolean;
    log: Log;
    /** Told of each change another server relayed, for the read models of this process's turn workers. */
    onRelayed?: (payload: string) => void;
  },
): Promise<ReadModelHandle | null> {
  const { log } = options;
  let handle: ReadModelHandle;
  try {
    handle = await attachReadModel(db, {
      onError: (err) => log("warn", `${err.message}; the database serves searches until it does`, { error: String(err.cause) }),
      relay: options.relayed ? (payload) => io.serverSideEmit(KB_CHANGED, payload) : undefined,
    });
  } catch (err) {
    // Without the database's change announcements nothing held in memory could be trusted.
    log("warn", "cannot listen for knowledge-base changes: every search asks the database", { error: (err as Error).message });
    return null;
  }
  if (options.relayed) {
    (io as unknown as { on(event: string, fn: (payload: unknown) => void): void }).on(KB_CHANGED, (payload) => {
      const change = changeSchema.safeParse(payload);
      if (change.success) {
        void handle.model.changed(change.data);
        options.onRelayed?.(change.data);
      } else log("warn", "ignored a malformed knowledge-base change from another server", {});
    });
  }
  const started = performance.now();
  handle.ready.then(
    () => log("info", "published policies held in memory", { chunks: handle.model.size, ms: Math.round(performance.now() - started) }),
    () => undefined,
  );
  return handle;
}
