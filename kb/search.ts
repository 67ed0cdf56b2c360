// Hybrid retrieval: Postgres full-text search and pgvector nearest neighbours over the policy
// versions in force, fused by reciprocal rank. Raw scores are kept so later stages can threshold.
import { inTransaction, transactionClientOf } from "./db/transactions.ts";
import type pg from "pg";
import pgvector from "pgvector/pg";
import { ANN_OVERFETCH, EXACT_SEARCH_UP_TO, HNSW_EF_SEARCH, RETRIEVAL_CANDIDATES } from "../config/limits.ts";
import { effectiveVersionsSql, inForceSql, todayIso } from "./effective.ts";
import type { Embedder } from "./embed/embedder.ts";
import { termStats } from "./terms.ts";
import { embedQuery, lexicalQuery, searchTerms } from "./search-query.ts";
import { hitsOf, type HitRow, type SearchHit } from "./search-hits.ts";
import { servingReadModel } from "./memory/registry.ts";

export { searchHitSchema, type SearchHit } from "./search-hits.ts";
export { lexicalQuery } from "./search-query.ts";

export type SearchOptions = {
  limit?: number;
  /** Date the policies must be in force on (YYYY-MM-DD); default today. */
  asOf?: string;
  /** Restrict to these policy ids. */
  policies?: string[];
  /** Ask the database by this path even when an in-memory read model is attached, and whatever the
   *  KB's size (the bench and tests compare paths); "index" still falls back to the exact scan
   *  when the index finds too few neighbours in force. */
  path?: DatabasePath;
};

type Row = HitRow & { sem_found: number };

/** What one search sends to the database: parameters $1 date, $2 query vector, $3 full-text query, $4 candidates per half, [$5 policy ids]. */
export type PreparedSearch = { params: unknown[]; scoped: boolean; chunks: number };

export async function prepareSearch(pool: pg.Pool, embedder: Embedder, query: string, options: SearchOptions = {}): Promise<PreparedSearch> {
  // One look-up of term rarity serves the query vector's weights and the lexical pruning.
  const stats = await termStats(pool, searchTerms(embedder, query));
  const vector = pgvector.toSql(await embedQuery(embedder, query, stats));
  const scoped = Boolean(options.policies?.length);
  const params: unknown[] = [options.asOf ?? todayIso(), vector, lexicalQuery(query, stats), RETRIEVAL_CANDIDATES];
  if (scoped) params.push(options.policies);
  return { params, scoped, chunks: stats.chunks };
}

/**
 * How the candidates of each half are found and held to the versions in force on $1.
 *
 * "index" (the usual path): nearest neighbours through the HNSW index on the bare table, read
 * lazily (an iterative scan, see withIndexScan) and checked one by one against the in-force rule
 * until $4 pass; the best-ranked full-text matches likewise. The check goes through the primary
 * keys per candidate (inForceSql), so the in-force set is never computed. Chosen by measurement
 * at 100k chunks and ~24k policy versions, 78% of chunks in force (medians of the vector half, on
 * this 2-core machine while it was busy; `npm run bench` measures the whole search):
 *   - the in-force filter before the ORDER BY (the first design) plans as a join of every chunk
 *     in force, sorted by distance: an exact scan, ~3 s, growing with the KB;
 *   - the in-force set alone (effectiveVersionsSql) costs ~170 ms at 24k versions (105 ms when the
 *     machine is quiet), so an over-fetch filtered against it stays slow: ~500 ms;
 *   - the filter in WHERE with an iterative scan gets the index (~18 ms) only while the planner
 *     guesses its selectivity kindly: written as EXISTS it becomes a join and the exact scan is
 *     back (~3.5 s). Behind a LIMIT on the bare table the index scan is the only plan: ~12 ms,
 *     ~46 neighbours read for 40 in force.
 * Relaxed and strict order found the same neighbours; relaxed may return them slightly out of
 * order, so they are ranked again after a MATERIALIZED fence (the planner would otherwise trust
 * the index's order and skip the sort). With the offline embedder's hashed vectors the index finds
 * ~70% of the exact top 10 at ef_search 100 (86% at 400, +3 ms); whole-search recall@5 on the
 * eval KBs is unchanged, as they are small enough for the index to be nearly exact.
 *
 * "exact": every chunk of the versions in force, by distance. Used when the index path finds fewer
 * than $4 neighbours in force within ANN_OVERFETCH (a KB that small, or a date when few of the
 * nearest chunks applied: at 100k chunks, a date with 10% in force sent 10 of 20 questions here,
 * ~190 ms each), and for a policy scope, whose few versions are cheaper to scan than to find.
 */
export function hybridSql(mode: DatabasePath, scoped: boolean): string {
  const scope = (alias: string) => (scoped ? `AND ${alias}.policy_id = ANY($5::text[])` : "");
  const live = `(c.policy_id, c.version) IN (SELECT policy_id, version FROM live)`;
  const ann =
    mode === "index"
      ? `SELECT a.id, a.d FROM (
           SELECT c.id, c.policy_id, c.version, c.embedding <=> $2 AS d FROM chunks c ORDER BY c.embedding <=> $2 LIMIT ${ANN_OVERFETCH}
         ) a WHERE ${inForceSql("a", "$1")} ${scope("a")} LIMIT $4`
      : `SELECT c.id, c.embedding <=> $2 AS d FROM chunks c WHERE ${live} ${scope("c")} ORDER BY d, c.id LIMIT $4`;
  const matches =
    mode === "index"
      ? `SELECT m.id, m.r FROM (
           SELECT c.id, c.policy_id, c.version, ts_rank(c.tsv, q, 1) AS r FROM chunks c, to_tsquery('english', $3) q
           WHERE $3 <> '' AND c.tsv @@ q ORDER BY r DESC, c.id LIMIT ${ANN_OVERFETCH}
         ) m WHERE ${inForceSql("m", "$1")} ${scope("m")} LIMIT $4`
      : `SELECT c.id, ts_rank(c.tsv, q, 1) AS r FROM chunks c, to_tsquery('english', $3) q
         WHERE $3 <> '' AND c.tsv @@ q AND ${live} ${scope("c")} ORDER BY r DESC, c.id LIMIT $4`;
  // A scope narrows the in-force set before it is computed (the planner pushes the policy ids into it).
  const liveCte = `live AS (SELECT policy_id, version FROM (${effectiveVersionsSql("$1")}) v ${scoped ? "WHERE v.policy_id = ANY($5::text[])" : ""}),`;
  return `WITH ${mode === "exact" ? liveCte : ""}
     ann AS MATERIALIZED (${ann}),
     sem AS (SELECT id, row_number() OVER (ORDER BY d, id) AS rnk FROM ann),
     lex AS (SELECT id, row_number() OVER (ORDER BY r DESC, id) AS rnk FROM (${matches}) l)
     SELECT c.id, c.policy_id, c.version, pv.title, c.section, c.heading_path, c.content, c.char_start, c.char_end,
            to_char(pv.effective_from, 'YYYY-MM-DD') AS effective_from, to_char(pv.effective_to, 'YYYY-MM-DD') AS effective_to,
            pv.handoff_required, pv.audience,
            1 - (c.embedding <=> $2) AS semantic,
            CASE WHEN $3 <> '' THEN ts_rank(c.tsv, to_tsquery('english', $3), 1) ELSE 0 END AS lexical,
            sem.rnk AS sem_rank, lex.rnk AS lex_rank, (SELECT count(*)::int FROM ann) AS sem_found
     FROM (SELECT id FROM sem UNION SELECT id FROM lex) ids
     JOIN chunks c ON c.id = ids.id
     JOIN policy_versions pv ON pv.policy_id = c.policy_id AND pv.version = c.version
     LEFT JOIN sem ON sem.id = c.id LEFT JOIN lex ON lex.id = c.id`;
}

/** pgvector's iterative index scans (0.8+), per pool: an older server just returns fewer neighbours, and the exact path takes over. */
const iterativeScans = new WeakMap<pg.Pool, Promise<boolean>>();
function hasIterativeScans(pool: pg.Pool): Promise<boolean> {
  let known = iterativeScans.get(pool);
  if (!known) {
    known = pool.query<{ v: string | null }>("SELECT extversion AS v FROM pg_extension WHERE extname = 'vector'").then(({ rows }) => {
      const [major = 0, minor = 0] = (rows[0]?.v ?? "0").split(".").map(Number);
      return major > 0 || minor >= 8;
    });
    iterativeScans.set(pool, known);
  }
  return known;
}

/**
 * Runs fn in a transaction whose HNSW scans go on past the first ef_search neighbours for as long
 * as the query pulls rows (relaxed order), so a LIMIT over a filter reads just enough of the index.
 * SET LOCAL keeps the settings to this transaction, whatever the connection was set to.
 */
export async function withIndexScan<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const iterative = await hasIterativeScans(pool);
  const settings = `SET LOCAL hnsw.ef_search = ${HNSW_EF_SEARCH}${iterative ? "; SET LOCAL hnsw.iterative_scan = relaxed_order" : ""}`;
  // Already inside a transaction (the regression replay): set the scan there, never commit it.
  const open = transactionClientOf(pool);
  if (open) {
    await open.query(settings);
    return fn(open);
  }
  return inTransaction(pool, async (client) => {
    await client.query(settings);
    return fn(client);
  });
}

/** Which path served the last call, for tests and the bench: the in-memory read model, or the
 *  database through the index or the exact scan. */
export type SearchPath = "memory" | DatabasePath;
export type DatabasePath = "index" | "exact";

export async function searchChunks(pool: pg.Pool, embedder: Embedder, query: string, options: SearchOptions = {}): Promise<SearchHit[]> {
  return (await searchChunksWithPath(pool, embedder, query, options)).hits;
}

export async function searchChunksWithPath(
  pool: pg.Pool,
  embedder: Embedder,
  query: string,
  options: SearchOptions = {},
): Promise<{ hits: SearchHit[]; path: SearchPath }> {
  const limit = options.limit ?? 8;
  // What is published is held in memory when a read model is attached to this pool and is current;
  // inside a transaction (the replay's "as if published") only the database sees what it holds.
  const memory = options.path || transactionClientOf(pool) ? null : servingReadModel(pool);
  const rows = memory ? await memory.candidates(embedder, query, { asOf: options.asOf ?? todayIso(), policies: options.policies }) : null;
  if (rows) return { hits: hitsOf(rows, limit), path: "memory" };
  const { params, scoped, chunks } = await prepareSearch(pool, embedder, query, options);
  const run = async (path: DatabasePath) => {
    const sql = hybridSql(path, scoped);
    return (await (path === "index" ? withIndexScan(pool, (client) => client.query<Row>(sql, params)) : pool.query<Row>(sql, params))).rows;
  };
  let path: DatabasePath = options.path ?? (scoped || chunks <= EXACT_SEARCH_UP_TO ? "exact" : "index");
  let found = await run(path);
  if (path === "index" && (found[0]?.sem_found ?? 0) < RETRIEVAL_CANDIDATES) found = await run((path = "exact"));
  return { hits: hitsOf(found, limit), path };
}
