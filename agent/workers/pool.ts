// The agent on a pool of worker threads (issue 20): each turn runs on the least busy worker, so
// the graph's CPU leaves the event loop that serves sockets and HTTP and the embedded default uses
// every core. The owning thread keeps the database (PGlite serves one thread) and serves it to the
// workers over a port each (kb/db/remote.ts). A worker that dies takes only its turns in flight
// with it (they fail with a retriable error; a message sent again is answered once) and is started
// again; turns wait for a running worker meanwhile.
//
// Why not piscina or tinypool: their workers take stateless tasks, while a turn worker is stateful
// (its read model, its WordNet indexes) and needs a lasting channel to the owning thread's database
// between tasks, for the change announcements that keep its read model current.
import { MessageChannel, Worker } from "node:worker_threads";
import type { KeelConfig } from "../../config/env.ts";
import type { Database } from "../../kb/db/open.ts";
import { serveDatabase, type ServedDatabase } from "../../kb/db/remote.ts";
import type { Agent, TurnDetail } from "../create-agent.ts";
import type { AgentDeps, SentenceSink } from "../deps.ts";
import { fromWireError, type FromWorker, type ToWorker, type WorkerData } from "./messages.ts";

const ENTRY = new URL("./turn-worker.mjs", import.meta.url);
/** A worker that has not said it is ready in this long is stopped and started again. */
const START_TIMEOUT_MS = 120_000;
/** A worker that keeps dying is started again after this long, not in a tight loop. */
const RESTART_DELAY_MS = 1000;

type InFlight = { resolve: (d: TurnDetail) => void; reject: (e: Error) => void; onSentence?: SentenceSink | undefined };

type Slot = {
  worker: Worker;
  ready: boolean;
  inFlight: Map<number, InFlight>;
  served: ServedDatabase;
};

/** The agent; `announce` passes on a database notification that reached this process another way
 *  (a knowledge-base change relayed through Redis), and `workers` are its threads (tests stop one
 *  to see the pool carry on). */
export type PooledAgent = Agent & { announce(channel: string, payload: string): void; workers(): Worker[] };

export type PoolOptions = { db: Database; config: KeelConfig; threads: number; log: AgentDeps["log"] };

/** Starts `threads` turn workers and resolves once every one is ready (or rejects, stopping them,
 *  when the first fails to start: a misconfiguration should stop the server, not loop). */
export async function createPooledAgent(options: PoolOptions): Promise<PooledAgent> {
  const { db, config, log } = options;
  const slots: Slot[] = [];
  let nextId = 1;
  let closing = false;
  const waiting: (() => void)[] = [];

  function start(index: number): Promise<void> {
    const channel = new MessageChannel();
    const served = serveDatabase(channel.port1, db);
    const data: WorkerData = { config, db: channel.port2, kind: db.kind };
    const worker = new Worker(ENTRY, { workerData: data, transferList: [channel.port2], name: `keel-turns-${index}` });
    const slot: Slot = { worker, ready: false, inFlight: new Map(), served };
    slots[index] = slot;
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`turn worker ${index} was not ready within ${START_TIMEOUT_MS / 1000} s`));
        void worker.terminate();
      }, START_TIMEOUT_MS);
      worker.on("message", (m: FromWorker) => {
        switch (m.op) {
          case "ready":
            clearTimeout(timer);
            slot.ready = true;
            waiting.splice(0).forEach((wake) => wake());
            resolve();
            return;
          case "log":
            log(m.level, m.message, { ...m.fields, worker: index });
            return;
          case "sentence":
            slot.inFlight.get(m.id)?.onSentence?.({ index: m.index, text: m.text });
            return;
          case "done":
          case "failed": {
            const turn = slot.inFlight.get(m.id);
            slot.inFlight.delete(m.id);
            if (m.op === "done") turn?.resolve(m.detail);
            else turn?.reject(fromWireError(m.error));
            return;
          }
        }
      });
      worker.on("error", (err) => {
        clearTimeout(timer);
        if (!slot.ready) reject(new Error(`turn worker ${index} failed to start: ${err.message}`, { cause: err }));
        else log("error", "a turn worker failed", { worker: index, error: err.message });
      });
      worker.on("exit", (code) => {
        clearTimeout(timer);
        if (!slot.ready) reject(new Error(`turn worker ${index} stopped (exit code ${code}) before it was ready`));
        slot.ready = false;
        void served.stop();
        for (const turn of slot.inFlight.values())
          turn.reject(
            Object.assign(new Error(`the worker running this turn stopped (exit code ${code}); send the message again`), { code: "57P01" }),
          );
        slot.inFlight.clear();
        if (closing || slots[index] !== slot) return;
        log("warn", "a turn worker stopped; starting it again", { worker: index, code });
        setTimeout(() => {
          if (!closing)
            start(index).catch((err: Error) => log("error", "a turn worker could not be started again", { worker: index, error: err.message }));
        }, RESTART_DELAY_MS).unref();
      });
    });
  }

  /** The ready worker with the fewest turns in flight, waiting for one when none is ready. */
  async function pick(): Promise<Slot> {
    for (;;) {
      if (closing) throw new Error("the agent is closed");
      const ready = slots.filter((s) => s?.ready);
      if (ready.length) return ready.reduce((a, b) => (b.inFlight.size < a.inFlight.size ? b : a));
      await new Promise<void>((wake) => waiting.push(wake));
    }
  }

  async function run(
    message: ToWorker extends infer T ? (T extends unknown ? Omit<T, "id"> : never) : never,
    onSentence?: SentenceSink,
  ): Promise<TurnDetail> {
    const slot = await pick();
    const id = nextId++;
    return new Promise<TurnDetail>((resolve, reject) => {
      slot.inFlight.set(id, { resolve, reject, onSentence });
      slot.worker.postMessage({ ...message, id } as ToWorker);
    });
  }

  const close = async () => {
    closing = true;
    waiting.splice(0).forEach((wake) => wake());
    await Promise.all(slots.map(async (s) => (await s.worker.terminate(), await s.served.stop())));
  };
  try {
    await Promise.all(Array.from({ length: options.threads }, (_, i) => start(i)));
  } catch (err) {
    await close();
    throw err;
  }
  return {
    turn: (input, turnOptions = {}) =>
      run({ op: "turn", input, customer: turnOptions.customer ?? null, streams: Boolean(turnOptions.onSentence) }, turnOptions.onSentence),
    suggest: (input, customer = null) => run({ op: "suggest", input, customer }),
    close,
    announce: (channel, payload) => slots.forEach((s) => s.served.announce(channel, payload)),
    workers: () => slots.map((s) => s.worker),
  };
}
