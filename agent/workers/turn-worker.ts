// A turn worker: the whole agent graph on a thread of its own, so the CPU a turn costs (reading the
// message, scoring units, checking claims) runs beside the event loop that serves sockets and
// HTTP, and the embedded default uses every core. It holds its own read model of what is published
// (kb/memory), kept current by the change announcements the owning thread relays, and reaches the
// database through that thread (kb/db/remote.ts).
import { parentPort, workerData } from "node:worker_threads";
import { remoteDatabase } from "../../kb/db/remote.ts";
import { createEmbedder } from "../../kb/embed/index.ts";
import { attachReadModel } from "../../kb/memory/attach.ts";
import { createAgent } from "../create-agent.ts";
import { toWireError, type FromWorker, type ToWorker, type WorkerData } from "./messages.ts";

const data = workerData as WorkerData;
const port = parentPort!;
const say = (m: FromWorker) => port.postMessage(m);
const log = (level: "info" | "warn" | "error", message: string, fields?: Record<string, unknown>) =>
  say({ op: "log", level, message, ...(fields ? { fields } : {}) });

const db = remoteDatabase(data.db, data.kind);
if (data.config.KEEL_READ_MODEL === "on") {
  // The owning thread already told other processes of its changes (it relays through Redis), so
  // this thread needs no relay of its own: what it hears, every thread of this process heard.
  const handle = await attachReadModel(db, {
    relay: () => undefined,
    onError: (err) => log("warn", "a turn worker's read model could not apply a change; the database serves meanwhile", { error: err.message }),
  });
  await handle.ready.catch((err: Error) => log("warn", "a turn worker could not load its read model; the database serves", { error: err.message }));
}
const agent = await createAgent({
  pool: db.pool,
  embedder: createEmbedder(data.config),
  config: data.config,
  log,
  warmUp: data.config.KEEL_WARM_UP === "on",
});

port.on("message", (m: ToWorker) => {
  const work =
    m.op === "turn"
      ? agent.turn(m.input, {
          customer: m.customer,
          ...(m.streams ? { onSentence: (s: { index: number; text: string }) => say({ op: "sentence", id: m.id, ...s }) } : {}),
        })
      : agent.suggest(m.input, m.customer);
  work.then(
    (detail) => say({ op: "done", id: m.id, detail }),
    (err: unknown) => say({ op: "failed", id: m.id, error: toWireError(err) }),
  );
});
say({ op: "ready" });
