// One wrapper for every socket event: the payload is parsed with its zod schema, errors become
// an error acknowledgement, and nothing a client sends can crash the process.
import type { Socket } from "socket.io";
import type { z } from "zod";
import { hasMalformedText } from "../http/json-body.ts";
import { isDatabaseUnavailable } from "../http/unavailable.ts";
import type { AckError } from "../protocol/messages.ts";

export class AckFailure extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

type Ack = (response: unknown) => void;

/** Longest error message an ack carries. */
const MAX_ERROR_CHARS = 1000;

export function on<S extends z.ZodType>(
  socket: Socket,
  event: string,
  schema: S,
  fn: (payload: z.infer<S>) => Promise<object | void>,
  log: (message: string, fields: Record<string, unknown>) => void,
): void {
  socket.on(event, async (...args: unknown[]) => {
    const last = args[args.length - 1];
    const ack: Ack = typeof last === "function" ? (last as Ack) : () => {};
    const payload = args.length > (typeof last === "function" ? 1 : 0) ? args[0] : undefined;
    const fail = (code: string, message: string) => ack({ ok: false, error: { code, message } } satisfies AckError);
    // Everything inside the try: a throw anywhere here would otherwise be an unhandled rejection,
    // which ends the process.
    try {
      if (hasMalformedText(payload)) return fail("invalid_payload", "payload: text is not valid Unicode (a lone surrogate)");
      // No payload at all means "no arguments"; null, numbers and strings are wrong and rejected.
      const parsed = schema.safeParse(payload === undefined ? {} : payload);
      if (!parsed.success) {
        // Capped: a payload with thousands of stray keys would otherwise get them all back.
        return fail("invalid_payload", parsed.error.issues.map((i) => `${i.path.join(".") || "payload"}: ${i.message}`).join("; ").slice(0, MAX_ERROR_CHARS));
      }
      const out = await fn(parsed.data);
      ack({ ok: true, ...(out ?? {}) });
    } catch (err) {
      if (err instanceof AckFailure) return fail(err.code, err.message);
      if (isDatabaseUnavailable(err)) return fail("unavailable", "Keel's database is not reachable right now; retry in a moment.");
      log("socket event failed", { event, error: (err as Error)?.stack ?? String(err) });
      fail("internal", "Something went wrong on Keel's side; try again.");
    }
  });
}

/** A sliding one-minute window per key. */
export function rateLimiter(perMinute: number) {
  const hits = new Map<string, number[]>();
  return (key: string): boolean => {
    const now = Date.now();
    const recent = (hits.get(key) ?? []).filter((t) => now - t < 60_000);
    if (recent.length >= perMinute) {
      hits.set(key, recent);
      return false;
    }
    recent.push(now);
    hits.set(key, recent);
    if (hits.size > 10_000) for (const [k, v] of hits) if (!v.some((t) => now - t < 60_000)) hits.delete(k);
    return true;
  };
}
