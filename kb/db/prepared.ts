// Statements every turn runs (reading the conversation, storing its messages and memory), prepared
// once on the embedded database instead of parsed and planned by each call: a named statement
// costs PGlite about half the CPU of an unnamed one. Only the embedded pool names them: it is one
// session with one connection, so a name is never prepared twice. A Postgres server reached
// through a pooler, or PGlite served over the wire to several connections sharing one session
// (the tests' stand-in), could see a name prepared by another connection; there the statements
// stay unnamed.
import type pg from "pg";

const EMBEDDED = new WeakSet<object>();

/** Marks the embedded database's pool: its hot statements are prepared once. */
export function preparesStatements(pool: pg.Pool): void {
  EMBEDDED.add(pool);
}

/** A statement for `db`, named where preparing it once is safe. */
export function statement(db: pg.Pool | pg.PoolClient, name: string, text: string, values: unknown[]): pg.QueryConfig {
  return EMBEDDED.has(db) ? { name, text, values } : { text, values };
}
