// What the knowledge base itself knows, for reading a question against it: every term it uses
// (with how many chunks use it) and the titles of its policies. Read once per change of the KB
// and shared by every turn: a question's misspellings are corrected to these words, and the
// product it names is bound to one of these titles.
import type pg from "pg";
import { CHUNK_COUNT_TERM } from "../../kb/terms.ts";

export type KbTitle = { policy: string; title: string };
export type KbLexicon = { chunks: number; df: Map<string, number>; titles: KbTitle[]; staffPolicies: Set<string> };

type Cached = { key: string; value: Promise<KbLexicon> };
const cache = new WeakMap<pg.Pool, Cached>();

/** A key that changes whenever chunks are written or removed, or a policy is retired. */
async function generation(pool: pg.Pool): Promise<string> {
  const { rows } = await pool.query<{ k: string }>(
    `SELECT concat_ws('|', (SELECT max(id) FROM chunks), (SELECT count(*) FROM chunks), (SELECT count(*) FROM policies WHERE retired_at IS NOT NULL),
       (SELECT count(*) FROM policy_versions WHERE status = 'published')) AS k`,
  );
  return rows[0]!.k;
}

async function load(pool: pg.Pool): Promise<KbLexicon> {
  const terms = await pool.query<{ term: string; df: number }>("SELECT term, df FROM kb_terms WHERE df > 0 OR term = $1", [CHUNK_COUNT_TERM]);
  const titles = await pool.query<{ policy_id: string; title: string; audience: string | null }>(
      `SELECT DISTINCT ON (pv.policy_id) pv.policy_id, pv.title, pv.audience FROM policy_versions pv JOIN policies p ON p.id = pv.policy_id
       WHERE pv.status = 'published' AND p.retired_at IS NULL ORDER BY pv.policy_id, pv.effective_from DESC, pv.version DESC`,
  );
  const df = new Map(terms.rows.map((r) => [r.term, r.df]));
  const chunks = df.get(CHUNK_COUNT_TERM) ?? 0;
  df.delete(CHUNK_COUNT_TERM);
  return {
    chunks,
    df,
    titles: titles.rows.map((r) => ({ policy: r.policy_id, title: r.title })),
    staffPolicies: new Set(titles.rows.filter((r) => r.audience === "staff").map((r) => r.policy_id)),
  };
}

export async function kbLexicon(pool: pg.Pool): Promise<KbLexicon> {
  const key = await generation(pool);
  const cached = cache.get(pool);
  if (cached && cached.key === key) return cached.value;
  const value = load(pool);
  cache.set(pool, { key, value });
  // A failed read is forgotten, unless a newer one has already taken its place.
  value.catch(() => cache.get(pool)?.value === value && cache.delete(pool));
  return value;
}
