// What the knowledge base's text is made of, read for the agent's lexicon: how many chunks use
// each term, and the titles (and audience) of the policies in use. The agent caches it per
// generation, a key that changes whenever chunks are written or removed or a policy is retired.
import type pg from "pg";
import { CHUNK_COUNT_TERM } from "./terms.ts";
import { servingReadModel } from "./memory/registry.ts";

type Db = pg.Pool | pg.PoolClient;

export type Vocabulary = {
  /** Every term some chunk uses, with its chunk count, plus CHUNK_COUNT_TERM (the number of chunks). */
  terms: { term: string; df: number }[];
  /** The newest published version's title of each policy in use, with its audience and the sample
   *  questions its front matter lists (`questions:`). */
  titles: { policy_id: string; title: string; audience: string | null; questions: unknown }[];
};

/** A key that changes whenever chunks are written or removed, or a policy is retired. */
export async function vocabularyGeneration(db: Db): Promise<string> {
  // An attached read model is told of every change: its generation moves with them, unasked.
  const held = servingReadModel(db);
  if (held) return held.generation;
  const { rows } = await db.query<{ k: string }>(
    `SELECT concat_ws('|', (SELECT max(id) FROM chunks), (SELECT count(*) FROM chunks), (SELECT count(*) FROM policies WHERE retired_at IS NOT NULL),
       (SELECT count(*) FROM policy_versions WHERE status = 'published')) AS k`,
  );
  return rows[0]!.k;
}

export async function readVocabulary(db: Db): Promise<Vocabulary> {
  const terms = await db.query<{ term: string; df: number }>("SELECT term, df FROM kb_terms WHERE df > 0 OR term = $1", [CHUNK_COUNT_TERM]);
  const titles = await db.query<{ policy_id: string; title: string; audience: string | null; questions: unknown }>(
    `SELECT DISTINCT ON (pv.policy_id) pv.policy_id, pv.title, pv.audience, pv.questions FROM policy_versions pv JOIN policies p ON p.id = pv.policy_id
     WHERE pv.status = 'published' AND p.retired_at IS NULL ORDER BY pv.policy_id, pv.effective_from DESC, pv.version DESC`,
  );
  return { terms: terms.rows, titles: titles.rows };
}
