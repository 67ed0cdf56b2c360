// A pool-shaped view of one client inside an open transaction, so code written against a pool
// (the agent graph, retrieval) reads the transaction's uncommitted state — the regression replay
// runs the graph "as if" a draft were published, then rolls back. Code that would open its own
// transaction (withIndexScan) asks for the client instead, so it never commits the outer one.
import type pg from "pg";

const CLIENT = Symbol("keel.transactionClient");

type TransactionView = pg.Pool & { [CLIENT]: pg.PoolClient };

export function transactionView(client: pg.PoolClient): pg.Pool {
  const view = {
    query: client.query.bind(client),
    connect: () => Promise.reject(new Error("a transaction view has one client; use transactionClientOf()")),
    [CLIENT]: client,
  };
  return view as unknown as TransactionView;
}

/** The client of a transaction view, or null for a real pool. */
export function transactionClientOf(pool: pg.Pool): pg.PoolClient | null {
  return (pool as Partial<TransactionView>)[CLIENT] ?? null;
}
