// Transactions: one on a pooled connection (inTransaction), and a pool-shaped view of one client
// inside an open transaction, so code written against a pool (the agent graph, retrieval) reads the
// transaction's uncommitted state — the regression replay runs the graph "as if" a draft were
// published, then rolls back. Code that would open its own transaction (withIndexScan) asks for
// the client instead, so it never commits the outer one.
import type pg from "pg";

const CLIENT = Symbol("keel.transactionClient");

type TransactionView = pg.Pool & { [CLIENT]: pg.PoolClient };

export function transactionView(client: pg.PoolClient): pg.Pool {
  // One connection runs one statement at a time: callers that query in parallel (retrieve's
  // Promise.all) are queued here, rather than handed to pg as concurrent queries on one client
  // (deprecated in pg 8, an error in pg 9).
  let last: Promise<unknown> = Promise.resolve();
  const query = (...args: unknown[]) => {
    const run = last.then(() => (client.query as (...a: unknown[]) => Promise<unknown>)(...args));
    last = run.catch(() => undefined);
    return run;
  };
  const view = {
    query,
    connect: () => Promise.reject(new Error("a transaction view has one client; use transactionClientOf()")),
    [CLIENT]: client,
  };
  return view as unknown as TransactionView;
}

/** The client of a transaction view, or null for a real pool. */
export function transactionClientOf(pool: pg.Pool): pg.PoolClient | null {
  return (pool as Partial<TransactionView>)[CLIENT] ?? null;
}

/** Runs fn in a transaction on one pooled connection: committed when fn resolves, rolled back when it throws. */
export async function inTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const result = await fn(client);
    await client.query("COMMIT");
    return result;
  } catch (err) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
