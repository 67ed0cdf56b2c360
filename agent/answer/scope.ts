// Finds what a question asks about that the knowledge base has never mentioned, where it names a
// kind of policy ("bereavement refund", "refund in bitcoin", "lifetime returns"). Answering the
// general policy there would imply the special one exists — the classic invented-policy failure.
import { conceptsOf } from "../../kb/text/concepts.ts";
import { STOPWORDS, stem, tokenize } from "../../kb/text/terms.ts";
import type { TermStats } from "../../kb/terms.ts";

/** Prepositions that attach a qualifier to a policy word: "refund in crypto", "pay with bitcoin". */
const ATTACHING = new Set(["in", "with", "via", "using", "through", "as", "for"]);
/** Words that qualify nothing: time, people, politeness and filler a KB need not contain. */
const EVERYDAY = new Set(
  `yesterday today tomorrow week weekend month year ago last next recently soon now already again still maybe
   mom dad mother father wife husband son daughter kid kids child children friend family sister brother grandma grandpa
   hi hello thanks thank please sorry ok okay yes yeah sure guys folks team store shop website online app
   lot lots bit thing things stuff something anything everything one ones new old used big small nice good bad great
   first second third few many much`.split(/\s+/).filter(Boolean),
);

type Token = { word: string; stem: string; isConcept: boolean; isStop: boolean };

export function unknownSpecifics(question: string, stats: TermStats): string[] {
  const tokens: Token[] = tokenize(question).map((w) => ({
    word: w,
    stem: stem(w),
    isConcept: conceptsOf(w).length > 0,
    isStop: STOPWORDS.has(w),
  }));
  const isUnknown = (t: Token) =>
    !t.isStop && !t.isConcept && !EVERYDAY.has(t.word) && !/\d/.test(t.word) && t.word.length > 2 && !stats.df.get(t.stem);
  const found = new Set<string>();
  tokens.forEach((t, i) => {
    if (!isUnknown(t)) return;
    const next = tokens[i + 1];
    const prev = tokens[i - 1];
    const prev2 = tokens[i - 2];
    // "bereavement refund": an unknown word directly before a policy word.
    if (next?.isConcept) found.add(t.word);
    // "refund in bitcoin", "returns for life": a policy word, a preposition, then the unknown word.
    else if (prev && ATTACHING.has(prev.word) && prev2?.isConcept) found.add(t.word);
  });
  return [...found];
}
