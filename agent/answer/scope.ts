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

export function unknownSpecifics(question: string, stats: TermStats): string[] {
  const found = new Set<string>();
  for (const word of tokenize(askingPart(question))) {
    const w = word.replace(/'s$/, "");
    if (STOPWORDS.has(w) || EVERYDAY.has(w) || isFillerWord(w) || w.length < 3 || /\d/.test(w)) continue;
    if (stats.df.get(stem(w))) continue;
    const concepts = conceptsOf(w);
    // A word Keel relates to a topic is out of scope only when the KB names that topic nowhere.
    if (concepts.length) {
      if (!concepts.some((c) => knowsConcept(c, stats))) found.add(w);
      continue;
    }
    if (englishRank(w) > SCOPE.everydayWordRank) found.add(w);
  }
  return [...found];
}
