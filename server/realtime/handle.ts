// One wrapper for every socket event: the payload is parsed with its zod schema, errors become
// an error acknowledgement, and nothing a client sends can crash the process.
import type { Socket } from "socket.io";
import type { z } from "zod";
import { hasMalformedText } from "../http/json-body.ts";
import { isDatabaseUnavailable } from "../http/unavailable.ts";
import { ClientIdConflict } from "../conversations/store.ts";
import { RateLimited } from "../limits/rate-limits.ts";
import type { AckError } from "../../protocol/messages.ts";

export class AckFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly retryAfterMs?: number,
  ) {
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
    const fail = (code: string, message: string, retryAfterMs?: number) =>
      ack({ ok: false, error: { code, message, ...(retryAfterMs !== undefined && { retryAfterMs }) } } satisfies AckError);
    // Everything inside the try: a throw anywhere here would otherwise be an unhandled rejection,
    // which ends the process.
    try {
      if (hasMalformedText(payload)) return fail("invalid_payload", "payload: text is not valid Unicode (a lone surrogate)");
      // No payload at all means "no arguments"; null, numbers and strings are wrong and rejected.
      const parsed = schema.safeParse(payload === undefined ? {} : payload);
      if (!parsed.success) {
        // Capped: a payload with thousands of stray keys would otherwise get them all back.
        return fail(
          "invalid_payload",
          parsed.error.issues
            .map((i) => `${i.path.join(".") || "payload"}: ${i.message}`)
            .join("; ")
            .slice(0, MAX_ERROR_CHARS),
        );
      }
      const out = await fn(parsed.data);
      ack({ ok: true, ...(out ?? {}) });
    } catch (err) {
      if (err instanceof AckFailure) return fail(err.code, err.message, err.retryAfterMs);
      if (err instanceof RateLimited) return fail("rate_limited", err.message, err.retryAfterMs);
      if (err instanceof ClientIdConflict) return fail(err.code, err.message);
      if (isDatabaseUnavailable(err)) return fail("unavailable", "Keel's database is not reachable right now; retry in a moment.");
      log("socket event failed", { event, error: (err as Error)?.stack ?? String(err) });
      fail("internal", "Something went wrong on Keel's side; try again.");
    }
  });
}
