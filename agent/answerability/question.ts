// A question read once against the knowledge base: its content terms with weights (how rare each
// is in the KB), spelling corrected to the KB's vocabulary, the concepts they name, which are
// negated or only said around the question, the kind of fact asked for and whether it is a
// yes/no question. Every unit of the KB is then scored against this one reading.
import { idfOf, type TermStats } from "../../kb/terms.ts";
import { conceptSpans } from "../../kb/text/concepts.ts";
import { STOPWORDS, stem, tokenize } from "../../kb/text/terms.ts";
import { withoutDates, type PurchaseDate } from "../time-travel/dates.ts";
import { answerKindOf } from "../answer/answer-kind.ts";
import { askingPart } from "../answer/question-terms.ts";
import { isFillerWord } from "../answer/filler.ts";
import { z } from "zod";
import { compoundParts, correctSpelling, englishSpelling, unitWordFor } from "./spelling.ts";
import { englishRank } from "../../kb/text/rarity.ts";
import { phraseSynonyms, synonymsOf } from "../../kb/text/synonyms.ts";
import { tagged } from "../../kb/text/pos.ts";
import { negatedAt } from "../../kb/text/negation.ts";

/** Synonyms this common ("be", "get") match everything: left out. */
const COMMON_SYNONYM_RANK = 100;

export const termSchema = z.object({
  stem: z.string(),
  /** How the customer wrote it. */
  word: z.string(),
  /** Rarity in the KB (idf), or UNKNOWN_WEIGHT for a word the KB never uses; 0 when negated. */
  weight: z.number(),
  known: z.boolean(),
  /** Read as a KB word it misspells. */
  corrected: z.boolean(),
  concepts: z.array(z.string()),
  /** Stems of WordNet synonyms the knowledge base uses ("yearly" → annual). */
  synonyms: z.array(z.string()),
  /** Said only around the question ("Ugh, third time asking."), not in what is asked. */
  aside: z.boolean(),
});
export type Term = z.infer<typeof termSchema>;

export const questionReadingSchema = z.object({
  text: z.string(),
  terms: z.array(termSchema),
  kind: z.object({
    kind: z.enum(["duration", "clock", "money", "percent", "count", "distance", "measure", "list", "contact", "other"]),
    strict: z.boolean(),
    label: z.string(),
  }),
  yesNo: z.boolean(),
  /** Lower-cased tokens. */
  tokens: z.array(z.string()),
  /** How many chunks use each stem the question could be matched on, and how many chunks there are. */
  stats: z.object({ chunks: z.number(), df: z.record(z.string(), z.number()) }),
  /** The purchase dates named in the message (found once, by guard): not part of what is asked. */
  dates: z.array(z.object({ date: z.string(), text: z.string() })).default(() => []),
  /** The sample question of a policy (front matter `questions:`) this one asks again (samples.ts). */
  sample: z
    .object({ policy: z.string(), stems: z.array(z.string()), similarity: z.number() })
    .nullable()
    .default(null),
});
export type QuestionReading = z.infer<typeof questionReadingSchema>;

/** A word the KB never uses weighs by how rare it is in English: "bereavement" or "layaway" may
 *  be what is asked about and missing, while "extra" or "nowhere" a small KB just never needed. */
export const UNKNOWN_WEIGHT = 1;

/** How much a word can say about a topic, from how common it is in everyday English: "take",
 *  "go" or "make" ask about nothing however rarely a KB uses them; "deposit" or "mortgage" do. */
function topicality(word: string): number {
  const rank = englishRank(word);
  return Number.isFinite(rank) ? Math.min(1, Math.max(0.1, (Math.log10(rank + 1) - 1.5) / 2)) : 1;
}
function unknownWeight(word: string): number {
  const rank = englishRank(word);
  return Number.isFinite(rank) ? UNKNOWN_WEIGHT * Math.min(1, Math.max(0.1, (Math.log10(rank + 1) - 2) / 3)) : UNKNOWN_WEIGHT;
}
/** A word said around the question, not in what it asks, weighs this share of its weight. */
export const ASIDE_WEIGHT = 0.4;
const FILLER_WEIGHT = 0.15;
const NUMBER_WORDS = new Set(
  "zero one two three four five six seven eight nine ten eleven twelve first second third once twice pair dozen half".split(" "),
);
const YES_NO_START =
  /^(?:(?:so|and|but|ok|okay|hi|hello|hey|also)[,\s]+)*(?:can|could|do|does|did|is|are|was|were|will|would|should|may|might|must|have|has|am|isn't|aren't|doesn't|don't|won't|can't)\b/i;
const WHEN_IT_HAPPENED =
  /\b(?:last|this past|earlier this) (?:week|month|year|night)\b|\b(?:\d+|a|an|one|two|three|few|couple(?: of)?) (?:days?|weeks?|months?|years?|hours?) ago\b|\byesterday\b|\btoday\b/gi;

/** Contractions typed without their apostrophe ("doesnt", "cant"): stop words like the ones they
 *  spell, unless the knowledge base uses the word or English commonly does ("well", "ill", "hell"). */
const BARE_CONTRACTIONS = new Set([...STOPWORDS].filter((w) => w.includes("'")).map((w) => w.replace(/'/g, "")));
const COMMON_WORD_RANK = 5000;
const isBareContraction = (t: string) => BARE_CONTRACTIONS.has(t) && englishRank(t) >= COMMON_WORD_RANK;

/** Each word's part of speech where it is first said (lower-cased word → Universal tag). */
function partsOfSpeech(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const t of tagged(text)) {
    const w = t.word.toLowerCase().replace(/[’‘]/g, "'");
    if (!out.has(w)) out.set(w, t.pos);
  }
  return out;
}

export const isContentToken = (t: string) => !STOPWORDS.has(t) && !NUMBER_WORDS.has(t) && t.length > 1 && !/^\d/.test(t) && !isIdentifier(t);
/** Letters around a run of digits ("w2378156"): an order or account number, not a word of the question. */
const isIdentifier = (t: string) => /[a-z]/.test(t) && /\d{3,}/.test(t);
/** A code of digits and letters ("5g", "4k", "h2o") is a term when the knowledge base uses it: a
 *  figure with its unit ("30days", "2gb") is a number, and no KB names it as a word. */
const isCode = (t: string) => /^\d+[a-z][a-z\d]*$/.test(t);

/** A figure typed against its unit ("a 4kg box", "100ml") reads as the two words the knowledge base
 *  writes apart ("4 kg"), when it uses the unit and not the joined form; a code it uses as one word
 *  ("5G") stays whole. */
export function unitsApart(text: string, known: (stem: string) => boolean): string {
  return text.replace(/\b(\d+(?:\.\d+)?)([a-z]{2,})\b/gi, (whole, figure: string, unit: string) =>
    !known(stem(whole.toLowerCase())) && known(stem(unit.toLowerCase())) ? `${figure} ${unit}` : whole,
  );
}

/** What a content word the KB never uses was meant as: the KB word it misspells or shortens, else
 *  the English word it misspells (`english`), as a stem; null when neither. */
function respelled(word: string, vocabulary: Map<string, number>): { stem: string; english: string | null } | null {
  const fix = unitWordFor(word, vocabulary) ?? correctSpelling(word, vocabulary, STOPWORDS);
  if (fix) return { stem: fix, english: null };
  const english = englishSpelling(word);
  return english ? { stem: stem(english), english } : null;
}

/** The KB words a text's misspelt or shortened words stand for ("pacakge" → package, "appt" →
 *  appointment, "diffrence" → difference), as stems: what a search looks for besides the words typed. */
export function kbCorrections(text: string, vocabulary: Map<string, number>): string[] {
  const out = new Set<string>();
  for (const t of tokenize(text)) {
    if (!isContentToken(t) || vocabulary.get(stem(t))) continue;
    const parts = compoundParts(t, vocabulary);
    if (parts) {
      for (const p of parts) out.add(stem(p));
      continue;
    }
    // A typo of an English word counts only when the KB uses that word ("diffrence").
    const meant = respelled(t, vocabulary);
    if (meant && (!meant.english || vocabulary.get(meant.stem))) out.add(meant.stem);
  }
  return [...out];
}

/** Words the KB writes apart, typed as one ("suncream"), read as the KB writes them. */
function apart(tokens: string[], vocabulary: Map<string, number> | undefined): string[] {
  if (!vocabulary) return tokens;
  return tokens.flatMap((t) => (isContentToken(t) && !vocabulary.get(stem(t)) && compoundParts(t, vocabulary)) || [t]);
}

const STOP_STEMS = new Set([...STOPWORDS].map(stem));

/** `dates`: the purchase dates guard found in the message, left out of what is asked. */
export function readQuestion(
  asked: string,
  stats: TermStats,
  vocabulary?: Map<string, number>,
  dates: readonly PurchaseDate[] = [],
): QuestionReading {
  const question = unitsApart(asked, (w) => (stats.df.get(w) ?? vocabulary?.get(w) ?? 0) > 0);
  const asking = askingPart(question);
  // A word is asked when any form of it is ("…can be repaired … Will you pay for the repair?").
  const askedStems = new Set(apart(tokenize(asking), vocabulary).map(stem));
  const cleaned = withoutDates(question, dates).replace(WHEN_IT_HAPPENED, " ");
  const tokens = apart(tokenize(cleaned), vocabulary);
  const stems = tokens.map(stem);
  const corrected = new Set<number>();
  const spelled = new Map<number, string>();
  if (vocabulary) {
    tokens.forEach((t, i) => {
      if (!isContentToken(t) || stats.df.get(stems[i]!) || vocabulary.get(stems[i]!)) return;
      // A typo of an English word the KB does not use weighs as that word and matches its stem.
      const meant = respelled(t, vocabulary);
      if (!meant) return;
      stems[i] = meant.stem;
      corrected.add(i);
      if (meant.english) spelled.set(i, meant.english);
    });
  }
  const spans = conceptSpans(stems);
  const tags = partsOfSpeech(cleaned);
  const terms = new Map<string, Term>();
  tokens.forEach((t, i) => {
    const s = stems[i]!;
    const df = stats.df.get(s) ?? vocabulary?.get(s) ?? 0;
    if (
      !(isContentToken(t) || ((isCode(t) || isIdentifier(t)) && df > 0)) ||
      STOPWORDS.has(s) ||
      terms.has(s) ||
      (df === 0 && isBareContraction(t)) ||
      // A typo of a stop word ("befor", "untill") is that stop word.
      (corrected.has(i) && STOP_STEMS.has(s))
    )
      return;
    const known = df > 0;
    const negated = negatedAt(tokens, i);
    const aside = asking !== question && !askedStems.has(stem(t));
    const word = spelled.get(i) ?? t;
    const base = known ? idfOf(vocabulary && !stats.df.get(s) ? { chunks: stats.chunks, df: vocabulary } : stats, s) : unknownWeight(word);
    const weight = negated ? 0 : (isFillerWord(word) ? FILLER_WEIGHT : base * topicality(word)) * (aside ? ASIDE_WEIGHT : 1);
    const concepts = spans.filter((x) => i >= x.start && i < x.start + x.length).map((x) => x.concept);
    const synonyms = [
      ...new Set(
        [...synonymsOf(word, tags.get(t)), ...phraseSynonyms(tokens, i)]
          .filter((w) => !STOPWORDS.has(w) && englishRank(w) >= COMMON_SYNONYM_RANK)
          .map(stem),
      ),
    ].filter((x) => x !== s && (vocabulary?.get(x) ?? stats.df.get(x) ?? 0) > 0);
    terms.set(s, { stem: s, word: t, weight, known, corrected: corrected.has(i), concepts, synonyms, aside });
  });
  return {
    text: question,
    terms: [...terms.values()],
    kind: answerKindOf(asking),
    yesNo: YES_NO_START.test(asking.trim()),
    tokens,
    stats: { chunks: stats.chunks, df: Object.fromEntries(stats.df) },
    dates: [...dates],
    sample: null,
  };
}
