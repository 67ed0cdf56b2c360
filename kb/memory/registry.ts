// Which pools have an in-memory read model serving searches: kb/search.ts, the term statistics
// and the vocabulary's generation ask here first and fall back to the database when none is
// attached or the one attached is catching up with a change.
import type pg from "pg";
import type { Embedder } from "../embed/embedder.ts";
import type { HitRow } from "../search-hits.ts";

export interface ServingReadModel {
  /** True while what it holds matches what the database has committed, as far as it has been told. */
  readonly current: boolean;
  /** Changes whenever what it holds changes. */
  readonly generation: string;
  /** The search's candidate rows, as the database's hybrid query would return them; null when this
   *  search must go to the database (a query word whose normal form it cannot know). */
  candidates(embedder: Embedder, query: string, options: { asOf: string; policies?: string[] }): Promise<HitRow[] | null>;
  /** kb_terms as held: the chunk count and every term's document frequency. */
  termStats(): { chunks: number; df: Map<string, number> };
  /** Each policy's version in force on a date (YYYY-MM-DD), as effectiveVersionsSql selects it. */
  versionsInForce(asOf: string): Map<string, number>;
}

const models = new WeakMap<pg.Pool, ServingReadModel>();

export function registerReadModel(pool: pg.Pool, model: ServingReadModel): void {
  models.set(pool, model);
}

export function unregisterReadModel(pool: pg.Pool, model: ServingReadModel): void {
  if (models.get(pool) === model) models.delete(pool);
}

/** The read model attached to this pool when it is current, else null (ask the database). */
export function servingReadModel(pool: pg.Pool | pg.PoolClient): ServingReadModel | null {
  const model = models.get(pool as pg.Pool);
  return model?.current ? model : null;
}
