// What the knowledge base itself knows, for reading a question against it: every term it uses
// (with how many chunks use it) and the titles of its policies. Read once per change of the KB
// and shared by every turn: a question's misspellings are corrected to these words, and the
// product it names is bound to one of these titles.
import type pg from "pg";
import { questionShape, type SampleQuestion } from "./samples.ts";
import { CHUNK_COUNT_TERM } from "../../kb/terms.ts";
import { readVocabulary, vocabularyGeneration } from "../../kb/vocabulary.ts";
import { cachedUnder, keyedCache } from "../../kb/keyed-cache.ts";
import { contentStems } from "../../kb/text/terms.ts";

/** A customer document's title (staff documents are left out: lexicon.titles). */
export type KbTitle = { policy: string; title: string };
export type KbLexicon = { chunks: number; df: Map<string, number>; titles: KbTitle[]; staffPolicies: Set<string>; samples: SampleQuestion[] };

const cache = keyedCache<KbLexicon>();

async function load(pool: pg.Pool): Promise<KbLexicon> {
  const { terms, titles } = await readVocabulary(pool);
  const df = new Map(terms.map((r) => [r.term, r.df]));
  const chunks = df.get(CHUNK_COUNT_TERM) ?? 0;
  df.delete(CHUNK_COUNT_TERM);
  return {
    chunks,
    df,
    // Products a customer may be told about: a staff document is never a product to bind, nor a
    // candidate to ask about ("Internal: …" beside "International …").
    titles: titles.filter((r) => r.audience !== "staff").map((r) => ({ policy: r.policy_id, title: r.title })),
    staffPolicies: new Set(titles.filter((r) => r.audience === "staff").map((r) => r.policy_id)),
    samples: titles.flatMap((r) =>
      (Array.isArray(r.questions) ? r.questions : [])
        .filter((q): q is string => typeof q === "string")
        .map((q) => ({ policy: r.policy_id, stems: [...new Set(contentStems(q))], ...questionShape(q), text: q }))
        .filter((q) => q.stems.length > 0),
    ),
  };
}

export async function kbLexicon(pool: pg.Pool): Promise<KbLexicon> {
  return cachedUnder(cache, pool, await vocabularyGeneration(pool), () => load(pool));
}
