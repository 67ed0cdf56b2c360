// Errors that mean "the database is not reachable right now" rather than "this request is wrong":
// they become a retriable 503 (HTTP) or an "unavailable" ack (sockets), never a crash.

/** Socket-level failures (refused, reset, unresolvable, unroutable) and the PostgreSQL codes for a
 *  server shutting down, starting up or out of connection slots. Class 08 (connection exception)
 *  is matched by prefix below. */
const CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "57P01",
  "57P02",
  "57P03",
  "53300",
]);
/** What pg and pg-pool say when a connection cannot be opened, drops mid-query or stops answering. */
const MESSAGES = new RegExp(
  [
    "Connection terminated",
    "connection timeout",
    "timeout exceeded when trying to connect",
    "Query read timeout",
    "Client has encountered a connection error",
    "Client was closed and is not queryable",
    "Connection ended",
    "the database system is (?:starting|shutting) down",
    "Too many connections",
  ].join("|"),
  "i",
);

export function isDatabaseUnavailable(err: unknown): boolean {
  // Wrapped errors (LangGraph, our own `new Error(msg, { cause })`) keep the original as a cause;
  // AggregateError (a refused connection to every address of a host) keeps them in `errors`.
  const seen: unknown[] = [err];
  for (let i = 0; i < seen.length && i < 20; i++) {
    const e = seen[i];
    if (!e || typeof e !== "object") continue;
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && (CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code))) return true;
    if (e instanceof Error && MESSAGES.test(e.message)) return true;
    const { cause, errors } = e as { cause?: unknown; errors?: unknown };
    if (cause) seen.push(cause);
    if (Array.isArray(errors)) seen.push(...errors);
  }
  return false;
}

/** Seconds a client should wait before retrying. */
export const RETRY_AFTER_S = 2;
