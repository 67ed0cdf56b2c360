// Finds what a question asks about that the knowledge base has never mentioned and that is too
// specific to be small talk ("bereavement", "layaway", "Walmart", "USDC"), or a topic Keel knows
// but the knowledge base never names in any of its words ("warranty" in a KB without one).
// Answering the nearest general policy there would imply the special one exists: the classic
// invented-policy failure.
import { conceptsOf, stemsForConcept } from "../../kb/text/concepts.ts";
import { englishRank } from "../../kb/text/rarity.ts";
import { STOPWORDS, stem, tokenize } from "../../kb/text/terms.ts";
import type { TermStats } from "../../kb/terms.ts";
import { SCOPE } from "../../config/limits.ts";
import { isFillerWord } from "./filler.ts";
import { askingPart, knowsConcept } from "./question-terms.ts";

/** Short forms and chat words the frequency list lacks but that qualify nothing. */
const EVERYDAY = new Set(
  `jan feb mar apr jun jul aug sep sept oct nov dec mon tue wed thu fri sat sun let lol pls plz thx ty ok okay yeah
   hey btw asap tho gonna wanna gotta kinda sorta online website app email`.split(/\s+/).filter(Boolean),
);


/** Every stem the knowledge base would need for the concepts a text names (for term statistics). */
export function conceptStemsOf(text: string): string[] {
  return [...new Set(conceptsOf(text))].flatMap((c) => stemsForConcept(c).flat());
}

/** Known content words a question needs besides an unknown one for that one to be a detail. */
const DETAIL_CONTEXT_WORDS = 4;

const PREPOSITIONS = new Set(["on", "in", "at", "from", "near", "by", "with", "inside", "outside", "behind", "under", "over", "into", "onto", "above", "beside"]);
const DETERMINERS = new Set(["a", "an", "the", "my", "our", "your", "this", "that", "his", "her", "their"]);

/** A preposition opens the noun phrase the word stands in: "on a brick fireplace wall". */
function inPrepositionalPhrase(words: string[], i: number): boolean {
  for (let j = i - 1; j >= Math.max(0, i - 4); j--) {
    if (PREPOSITIONS.has(words[j]!)) return true;
    if (STOPWORDS.has(words[j]!) && !DETERMINERS.has(words[j]!)) return false;
  }
  return false;
}

export function unknownSpecifics(question: string, stats: TermStats): string[] {
  const found = new Set<string>();
  const words = tokenize(askingPart(question));
  const known = (w: string) => Boolean(stats.df.get(stem(w)));
  const isContent = (w: string) => !STOPWORDS.has(w) && !isFillerWord(w) && w.length > 2;
  const knownContent = words.filter((w) => isContent(w) && known(w)).length;
  words.forEach((word, i) => {
    const w = word.replace(/'s$/, "");
    if (STOPWORDS.has(w) || EVERYDAY.has(w) || isFillerWord(w) || w.length < 3 || /\d/.test(w)) return;
    if (known(w)) return;
    // "mount my TV on a brick fireplace wall": a word qualifying a noun the policies use, inside a
    // phrase of place or circumstance, in a question they otherwise cover, is a detail of the
    // customer's situation, not a service ("have an annual fee" is what is asked).
    const next = words[i + 1];
    if (next && isContent(next) && known(next) && knownContent >= DETAIL_CONTEXT_WORDS && inPrepositionalPhrase(words, i)) return;
    const concepts = conceptsOf(w);
    // A word Keel relates to a topic is out of scope only when the KB names that topic nowhere.
    if (concepts.length) {
      if (!concepts.some((c) => knowsConcept(c, stats))) found.add(w);
      return;
    }
    if (englishRank(w) > SCOPE.everydayWordRank) found.add(w);
  });
  return [...found];
}
