// Keeps kb_terms (the document frequencies that weigh queries) describing published chunks only.
// A draft's chunks exist so a replay can try the draft, but they must not tilt how live policies rank.
import type pg from "pg";
import type { Embedder } from "../embed/embedder.ts";
import { CHUNK_COUNT_TERM } from "../terms.ts";

/** Distinct terms per text, summed over texts, plus the chunk count: what kb/versions.ts adds per chunk written. */
function documentFrequencies(embedder: Embedder, texts: string[]): Map<string, number> | null {
  if (!embedder.termsOf) return null;
  const df = new Map<string, number>();
  for (const t of texts) for (const term of embedder.termsOf(t)) df.set(term, (df.get(term) ?? 0) + 1);
  df.set(CHUNK_COUNT_TERM, texts.length);
  return df;
}

/** Takes one version's chunks back out of the counts (kb/versions.ts counts every chunk it writes). */
export async function uncountVersionTerms(client: pg.PoolClient, embedder: Embedder, policy: string, version: number): Promise<void> {
  const { rows } = await client.query<{ search_text: string }>("SELECT search_text FROM chunks WHERE policy_id = $1 AND version = $2", [
    policy,
    version,
  ]);
  const df = documentFrequencies(
    embedder,
    rows.map((r) => r.search_text),
  );
  if (!df || !rows.length) return;
  await client.query(`UPDATE kb_terms t SET df = GREATEST(t.df - d.df, 0) FROM unnest($1::text[], $2::int[]) AS d(term, df) WHERE t.term = d.term`, [
    [...df.keys()],
    [...df.values()],
  ]);
}

/** Key of the transaction lock that serialises recounts (any number no other lock uses). */
const RECOUNT_LOCK_KEY = 0x6b65656c_7463; // "keeltc"

/** Rebuilds kb_terms from the chunks of published versions, e.g. after a reindex with an embedder whose terms differ. */
export async function recountTerms(client: pg.PoolClient, embedder: Embedder, batch = 500): Promise<void> {
  if (!embedder.termsOf) return;
  // Servers starting together may each reindex: their recounts take turns instead of inserting
  // the same terms at once.
  await client.query("SELECT pg_advisory_xact_lock($1)", [RECOUNT_LOCK_KEY]);
  const total = new Map<string, number>();
  for (let after = "0"; ;) {
    const { rows } = await client.query<{ id: string; search_text: string }>(
      `SELECT c.id, c.search_text FROM chunks c JOIN policy_versions pv USING (policy_id, version)
       WHERE pv.status <> 'draft' AND c.id > $1 ORDER BY c.id LIMIT $2`,
      [after, batch],
    );
    if (!rows.length) break;
    for (const [term, n] of documentFrequencies(
      embedder,
      rows.map((r) => r.search_text),
    )!)
      total.set(term, (total.get(term) ?? 0) + n);
    after = rows[rows.length - 1]!.id;
  }
  if (!total.has(CHUNK_COUNT_TERM)) total.set(CHUNK_COUNT_TERM, 0);
  await client.query("DELETE FROM kb_terms");
  await client.query("INSERT INTO kb_terms (term, df) SELECT * FROM unnest($1::text[], $2::int[])", [[...total.keys()], [...total.values()]]);
}
