// What a turn worker and the thread that owns it say to each other (agent/workers/pool.ts and
// turn-worker.ts): one thread's agent turns, the sentences a model answer streams, log lines and
// failures. Both ends are Keel's own threads in one process, so these are typed, not validated.
import type { MessagePort } from "node:worker_threads";
import type { KeelConfig } from "../../config/env.ts";
import type { Database } from "../../kb/db/open.ts";
import type { CustomerFacts } from "../../protocol/customer-context.ts";
import type { TurnInput } from "../../protocol/turn-result.ts";
import type { TurnDetail } from "../create-agent.ts";

export type WorkerData = { config: KeelConfig; db: MessagePort; kind: Database["kind"] };

export type ToWorker =
  | { op: "turn"; id: number; input: TurnInput; customer: CustomerFacts | null; streams: boolean }
  | { op: "suggest"; id: number; input: TurnInput; customer: CustomerFacts | null };

/** An error as data: its message, its own fields (a pg code), and its causes' messages. */
export type WireError = { message: string; fields: Record<string, unknown>; causes: string[] };

export type FromWorker =
  | { op: "ready" }
  | { op: "done"; id: number; detail: TurnDetail }
  | { op: "failed"; id: number; error: WireError }
  | { op: "sentence"; id: number; index: number; text: string }
  | { op: "log"; level: "info" | "warn" | "error"; message: string; fields?: Record<string, unknown> };

export function toWireError(err: unknown): WireError {
  const e = err instanceof Error ? err : new Error(String(err));
  const fields: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(e)) if (["string", "number", "boolean"].includes(typeof v)) fields[k] = v;
  const causes: string[] = [];
  for (let c = e.cause; c instanceof Error && causes.length < 5; c = c.cause) causes.push(c.message);
  return { message: e.message, fields, causes };
}

export function fromWireError(w: WireError): Error {
  const cause = w.causes.reduceRight<Error | undefined>((inner, message) => new Error(message, inner ? { cause: inner } : undefined), undefined);
  return Object.assign(new Error(w.message, cause ? { cause } : undefined), w.fields);
}
