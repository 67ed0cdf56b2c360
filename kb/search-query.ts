// What a search asks for, the same whichever path serves it (the database or the in-memory read
// model): the full-text query of the question's words and the query vector, both weighed by the
// KB's term statistics.
import { LEXICAL, LEXICAL_MATCH_BUDGET } from "../config/limits.ts";
import type { Embedder } from "./embed/embedder.ts";
import { idfOf, type TermStats } from "./terms.ts";
import { conceptsOf, wordsForConcept } from "./text/concepts.ts";
import { STOPWORDS, stem, tokenize } from "./text/terms.ts";

/** An OR-query of the question's content words widened with the words of the concepts it names. */
export function lexicalQuery(text: string, stats?: TermStats): string {
  const words = lexicalWords(text);
  if (!stats || stats.chunks < LEXICAL.pruneFromChunks) return [...words].join(" | ");
  // In a large KB a word found in many chunks matches thousands of rows that all need ranking,
  // while telling little apart: keep the rarer words (the vectors still see every word).
  const byRarity = [...words].map((w) => ({ w, share: (stats.df.get(stem(w)) ?? 0) / stats.chunks })).sort((a, b) => a.share - b.share);
  const kept = byRarity.filter((x) => x.share <= LEXICAL.maxShare).slice(0, LEXICAL.maxWords);
  // Each matching chunk costs a ranking: past the budget the full-text half would grow with the KB
  // and outweigh the index-served vector half. The rarest word always stays.
  let matches = 0;
  const budgeted = (kept.length ? kept : byRarity.slice(0, LEXICAL.fallbackWords)).filter(
    (x, i) => (matches += x.share * stats.chunks) <= LEXICAL_MATCH_BUDGET || i === 0,
  );
  return budgeted.map((x) => x.w).join(" | ");
}

function lexicalWords(text: string): Set<string> {
  const words = new Set(tokenize(text).filter((t) => !STOPWORDS.has(t) && /^[a-z0-9]+$/.test(t)));
  for (const c of new Set(conceptsOf(text))) for (const w of wordsForConcept(c)) words.add(w);
  return words;
}

/** The stems whose statistics a search of `text` reads: the lexical query's and the embedder's. */
export function searchTerms(embedder: Embedder, text: string): string[] {
  return [...new Set([...(embedder.termsOf?.(text) ?? []), ...[...lexicalWords(text)].map(stem)])];
}

/** Weighs the query by how rare its terms are in the KB, when the embedder supports it. */
export async function embedQuery(embedder: Embedder, query: string, stats: TermStats): Promise<number[]> {
  if (!embedder.termsOf || !embedder.embedQueryWeighted) return embedder.embedQuery(query);
  return embedder.embedQueryWeighted(query, (t) => idfOf(stats, t));
}
