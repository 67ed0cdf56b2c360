// HTTP errors with a stable JSON shape: {"error": {"code", "message", "details"?}}.
import http from "node:http";
import type { Duplex } from "node:stream";
import type { NextFunction, Request, Response } from "express";
import type { z } from "zod";
import { isDatabaseUnavailable, RETRY_AFTER_S } from "./unavailable.ts";

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Parses a request part with a zod schema, or throws a 400 listing what is wrong. */
export function parseOr400<S extends z.ZodType>(schema: S, value: unknown, what = "body"): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
    throw new HttpError(400, "invalid_request", `Invalid ${what}: ${issues.map((i) => `${i.path || "(root)"} ${i.message}`).join("; ")}`, issues);
  }
  return parsed.data;
}

/** Requests Node's HTTP parser refuses before express sees them (a URL or headers over 16 KB, a
 *  malformed request line) get Keel's error shape too, instead of Node's bare status line. */
export function answerClientError(err: NodeJS.ErrnoException, socket: Duplex): void {
  if (err.code === "ECONNRESET" || !socket.writable) {
    socket.destroy();
    return;
  }
  const status = err.code === "HPE_HEADER_OVERFLOW" ? 431 : err.code === "ERR_HTTP_REQUEST_TIMEOUT" ? 408 : 400;
  const message =
    status === 431
      ? "The request's URL or headers are longer than Keel accepts (16 KB)."
      : status === 408
        ? "The request took too long to arrive."
        : "The request is not valid HTTP.";
  const body = JSON.stringify({
    error: { code: status === 431 ? "headers_too_large" : status === 408 ? "request_timeout" : "bad_request", message },
  });
  socket.end(
    `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/** The last middleware: HttpErrors become their status; anything else a logged 500 with no internals. */
export function errorHandler(log: (message: string, fields: Record<string, unknown>) => void) {
  return (err: unknown, _req: Request, res: Response, _next: NextFunction): void => {
    if (err instanceof HttpError) {
      res.status(err.status).json({ error: { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) } });
      return;
    }
    // body-parser errors (malformed JSON, too large) carry a status and an expose flag.
    const e = err as { status?: number; statusCode?: number; expose?: boolean; type?: string; message?: string };
    const status = e.status ?? e.statusCode;
    if (status && status >= 400 && status < 500) {
      res.status(status).json({ error: { code: e.type ?? "bad_request", message: e.expose ? (e.message ?? "Bad request") : "Bad request" } });
      return;
    }
    if (isDatabaseUnavailable(err)) {
      log("database unavailable", { error: String((err as Error)?.message ?? err) });
      res
        .set("retry-after", String(RETRY_AFTER_S))
        .status(503)
        .json({ error: { code: "database_unavailable", message: "Keel's database is not reachable right now; retry in a moment." } });
      return;
    }
    log("unhandled error in HTTP route", { error: (err as Error)?.stack ?? String(err) });
    res.status(500).json({ error: { code: "internal", message: "Something went wrong on Keel's side; try again." } });
  };
}
