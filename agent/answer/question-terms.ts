// What a question asks about, as weighted terms: concept phrases ("send back" is one idea, the
// return) and the remaining content words, each weighted by how rare it is in the knowledge base.
// A sentence answers the question to the extent it (or its headings) covers these terms.
import { englishRank } from "../../kb/text/rarity.ts";
import { withoutDates, type PurchaseDate } from "../time-travel/dates.ts";
import { idfOf, type TermStats } from "../../kb/terms.ts";
import { conceptSpans, KIND_CONCEPTS, stemsForConcept } from "../../kb/text/concepts.ts";
import { STOPWORDS, stem, tokenize } from "../../kb/text/terms.ts";
import { onlyPointsBack } from "../../kb/text/sentences.ts";
import { tagged } from "../../kb/text/pos.ts";
import { namesOf } from "../verify/facts.ts";
import { ANSWER } from "../../config/limits.ts";
import { isFillerWord } from "./filler.ts";
import { memoByText } from "../../kb/text/memo.ts";
import { negatedAt } from "../../kb/text/negation.ts";

export type QuestionTerm = {
  key: string;
  /** How the customer said it, for messages ("Walmart"). */
  label: string;
  stems: string[];
  concepts: string[];
  weight: number;
  /** A concept named by a phrase ("how long", "money back") rather than a single word. */
  phrase: boolean;
  /** Said in the negative ("it's not faulty"): the customer is not asking about it. */
  negated: boolean;
  /** A specific name the knowledge base knows but rarely uses ("Target", "Gold"): the answer must be about it. */
  focus: boolean;
  /** The knowledge base uses none of its words ("boat", "insurance" in a KB without either). */
  unknown: boolean;
};

/** Shared between turns (memoised by text): read-only. */
export type TextFeatures = {
  readonly stems: ReadonlySet<string>;
  readonly concepts: ReadonlySet<string>;
  readonly conceptsByStem: ReadonlyMap<string, readonly string[]>;
};

const INTERROGATIVES = new Set(["how", "what", "when", "which", "where", "who"]);

/** Words that make a phrase about something else than its noun: "other stores", "another retailer". */
const POINTS_AWAY = new Set(["other", "another", "different"]);

/** Whether the knowledge base names a concept in any of its wordings. */
export function knowsConcept(concept: string, stats: TermStats): boolean {
  return stemsForConcept(concept).some((phrase) => phrase.every((s) => (stats.df.get(s) ?? 0) > 0 || STOPWORDS.has(s)));
}

/** Numbers are checked as quantities (answer-kind.ts), not as words: "one" is no topic. */
const NUMBER_WORDS = new Set(
  "zero one two three four five six seven eight nine ten eleven twelve first second third once twice pair dozen half".split(" "),
);
const isContent = (token: string) => !STOPWORDS.has(token) && !NUMBER_WORDS.has(token) && token.length > 1 && !/^\d/.test(token);

/** Names used by more than this share of the chunks (the company's own brand) qualify nothing. */
const FOCUS_MAX_SHARE = 0.15;
/** Weight of a phrase made only of question words ("how long"): the answer kind does that work. */
const QUESTION_PHRASE_WEIGHT = 0.4;
/** A word the KB never uses but whose concept Keel knows still matters ("money back"). */
const KNOWN_CONCEPT_WEIGHT = 0.8;
/** A word the KB never uses and Keel cannot relate to anything in it ("boat insurance", "wifi"):
 *  what is asked about is missing, so it weighs as much as a rare known word. */
const UNKNOWN_TOPIC_WEIGHT = 1.0;
/** The item a question is about ("lamp", "drone") is context: policies speak of categories. */
const PRODUCT_CONCEPTS = new Set(["furniture", "electronics", "apparel"]);
const FILLER_WEIGHT = 0.15;

/** The content stems and concepts of a text, memoised: policy sentences are read again every turn. */
export const featuresOf: (text: string) => TextFeatures = memoByText(readFeatures);

function readFeatures(text: string): TextFeatures {
  const tokens = tokenize(text);
  const all = tokens.map(stem);
  const stems = new Set(tokens.filter(isContent).map(stem));
  const concepts = new Set<string>();
  const conceptsByStem = new Map<string, string[]>();
  for (const span of conceptSpans(all)) {
    concepts.add(span.concept);
    for (let i = span.start; i < span.start + span.length; i++) conceptsByStem.set(all[i]!, [...(conceptsByStem.get(all[i]!) ?? []), span.concept]);
  }
  return { stems, concepts, conceptsByStem };
}

/** When the customer did something ("last week", "12 days ago") is their situation, not the topic. */
/** "the minute I press pay" asks when, like "as soon as" or "right after". */
const AS_SOON_AS = /\b(?:the (?:moment|minute|second|instant)|as soon as|right after|right when)\b/gi;
const WHEN_IT_HAPPENED =
  /\b(?:last|this past|earlier this) (?:week|month|year|night|time|spring|summer|fall|autumn|winter)\b|\b(?:\d+|a|an|one|two|three|few|couple(?: of)?) (?:days?|weeks?|months?|years?|hours?) ago\b|\byesterday\b|\btoday\b|\btonight\b/gi;

/** The sentences that ask: a complaint around a question ("Your app keeps crashing.") asks nothing.
 *  A sentence asks when it ends with a question mark or opens as a question does ("how long does
 *  the voucher last"). Read once per text: a turn asks it of the query and of every unit scored. */
export const askingPart = memoByText((message: string): string => {
  const sentences = message.split(/(?<=[.!?])\s+/);
  const asks = sentences.map((s) => s.trim().endsWith("?") || QUESTION_OPENING.test(s.trim()));
  // A question that only points back asks about the sentence before it ("My standing order
  // bounced. Is there a fee for that?").
  asks.forEach((a, i) => {
    if (a && i > 0 && onlyPointsBack(sentences[i]!) && asksOfIt(sentences[i]!)) asks[i - 1] = true;
  });
  const asked = sentences.filter((s, i) => asks[i]);
  return asks.some(Boolean) ? asked.join(" ") : message;
});
/** A question that asks something of what it points back to: it names a thing ("any fee on it?")
 *  or asks how, what or when. One that names nothing and asks only yes or no ("That's right, isn't
 *  it?", "Is that fair?") weighs the sentence before it instead: the premise reading takes that. */
function asksOfIt(sentence: string): boolean {
  const opening = /^\s*([a-z]+)/i.exec(sentence)?.[1]?.toLowerCase() ?? "";
  return INTERROGATIVES.has(opening) || tagged(sentence).some((t) => t.pos === "NOUN" || t.pos === "PROPN");
}
/** How a question opens without its question mark. */
const QUESTION_OPENING = /^(?:how|what|what's|when|where|which|who|why|can|could|do|does|is|are|will|would|should)\b/i;

/** Weight of a word said only around the question ("Ugh, third time asking.", "My courier never
 *  rang the bell."): it may set the scene, but the answer must fit what is asked. */
const AROUND_QUESTION_WEIGHT = 0.4;

/** `dates`: purchase dates named in the question (found once per turn), left out of what is asked. */
export function questionTerms(question: string, stats: TermStats, dates: readonly PurchaseDate[] = []): QuestionTerm[] {
  const terms = allTerms(question, stats, dates);
  const asking = askingPart(question);
  if (asking === question) return terms;
  const asked = new Set(allTerms(asking, stats, dates).map((t) => t.key));
  return terms.map((t) => (asked.has(t.key) ? t : { ...t, weight: t.weight * AROUND_QUESTION_WEIGHT }));
}

function allTerms(question: string, stats: TermStats, dates: readonly PurchaseDate[]): QuestionTerm[] {
  const tokens = tokenize(withoutDates(question, dates).replace(WHEN_IT_HAPPENED, " ").replace(AS_SOON_AS, " when "));
  const all = tokens.map(stem);
  const spans = conceptSpans(all);
  const inPhrase = new Set<number>();
  const terms = new Map<string, QuestionTerm>();
  for (const span of spans.filter((s) => s.length > 1)) {
    for (let i = span.start; i < span.start + span.length; i++) inPhrase.add(i);
    const key = `c:${span.concept}`;
    if (terms.has(key)) continue;
    const words = tokens.slice(span.start, span.start + span.length);
    const content = words.filter(isContent).map(stem);
    const known = content.filter((s) => stats.df.get(s));
    // A "how many …" opening says what kind of answer is wanted (answer-kind.ts does that work), not
    // what it is about: matching it must not stand in for the topic ("return").
    const asks = words.some((w) => INTERROGATIVES.has(w));
    const weight = asks
      ? QUESTION_PHRASE_WEIGHT
      : known.length
        ? known.reduce((a, s) => a + idfOf(stats, s), 0) / known.length
        : content.length
          ? KNOWN_CONCEPT_WEIGHT
          : QUESTION_PHRASE_WEIGHT;
    // "other stores" is not "our store": a word that points away stays part of the phrase's wording.
    const stems = [...content, ...words.filter((w) => POINTS_AWAY.has(w))];
    terms.set(key, {
      key,
      label: words.join(" "),
      stems,
      concepts: [span.concept],
      weight,
      phrase: true,
      focus: false,
      negated: negatedAt(tokens, span.start),
      // An idiom for a concept ("money back") is known when the KB names the concept at all.
      unknown: content.length > 0 && !known.length && !knowsConcept(span.concept, stats),
    });
  }
  // Short all-capital words are abbreviations ("TV", "UK"), not names.
  const names = new Set(
    namesOf(question)
      .filter((n) => !/^[A-Z]{2,3}$/.test(n))
      .map((n) => stem(n.toLowerCase())),
  );
  tokens.forEach((token, i) => {
    if (inPhrase.has(i) || !isContent(token)) return;
    const s = all[i]!;
    if (terms.has(s)) return;
    const concepts = spans.filter((x) => x.start === i && x.length === 1).map((x) => x.concept);
    const df = stats.df.get(s) ?? 0;
    const weight =
      isFillerWord(token) || isEverydayVerb(token, concepts)
        ? FILLER_WEIGHT
        : isBoughtItem(tokens, i) && df <= ITEM_MAX_DF
          ? ANSWER.unknownWordWeight
          : df
            ? idfOf(stats, s)
            : concepts.length && concepts.every((c) => PRODUCT_CONCEPTS.has(c))
              ? ANSWER.unknownWordWeight
              : concepts.length
                ? KNOWN_CONCEPT_WEIGHT
                : UNKNOWN_TOPIC_WEIGHT;
    const focus = names.has(s) && df > 0 && df / Math.max(1, stats.chunks) <= FOCUS_MAX_SHARE;
    const negated = negatedAt(tokens, i);
    // A word the KB never uses is still in scope when the KB says the same thing in other words
    // ("chat" when the policy speaks of "the conversation"); an instance of a kind it names is not.
    const unknown = df === 0 && !concepts.some((c) => !KIND_CONCEPTS.has(c) && knowsConcept(c, stats));
    // "Can I rent furniture…?": an action the policies never name is what is asked, however well
    // the rest of the question matches.
    const asked = unknown && !concepts.length && isAskedAction(tokens, i) ? ASKED_ACTION_WEIGHT : weight;
    terms.set(s, { key: s, label: token, stems: [s], concepts, weight: negated ? 0 : asked, phrase: false, focus, negated, unknown });
  });
  return [...terms.values()];
}

/** Weight of an action the question asks about ("can I engrave…") when the KB never names it: as
 *  much as the rest of a short question together. */
const ASKED_ACTION_WEIGHT = 2.5;
const ASKING = new Set(["can", "could", "may", "do", "will", "would", "should"]);
const ASKER = new Set(["i", "you", "we"]);
const ASIDE = new Set(["still", "also", "just", "ever", "even"]);

/** The verb right after "can I", "do you", "could we" (an adverb between allowed). */
function isAskedAction(tokens: string[], i: number): boolean {
  let j = i - 1;
  while (j >= 0 && ASIDE.has(tokens[j]!)) j--;
  return j >= 1 && ASKER.has(tokens[j]!) && ASKING.has(tokens[j - 1]!);
}

/** The most common English words ("see", "get", "want") name no topic, however rarely the
 *  policies happen to use them; a word Keel relates to a topic ("time") is not one of them. */
const EVERYDAY_RANK = 150;
function isEverydayVerb(token: string, concepts: string[]): boolean {
  return !concepts.length && englishRank(token) < EVERYDAY_RANK;
}

/** "return a kettle", "bought my lamp": the item is the customer's situation; policies speak of
 *  categories. An item the policies name more than this often is a rule's subject, not context. */
const ITEM_MAX_DF = 2;
const ITEM_VERBS = /^(?:return|returning|returned|bought|buy|buying|purchased|ordered|exchange|exchanging|send|sending|sent|ship|shipped|got)$/;
const DETERMINERS = /^(?:a|an|my|the|this|that|these|those|our|some|new)$/;
function isBoughtItem(tokens: string[], i: number): boolean {
  let j = i - 1;
  // "return a kettle", "bought my new lamp", "send the jacket back", "exchange a delivered kettle"
  while (j >= 0 && j >= i - 3 && (DETERMINERS.test(tokens[j]!) || tokens[j] === "back" || /^\w{3,}ed$/.test(tokens[j]!))) j--;
  return j < i - 1 && j >= 0 && ITEM_VERBS.test(tokens[j]!);
}

/** A sentence read in place: its own words, its section's headings, and the policy's title. */
export type SentenceContext = { own: TextFeatures; section: TextFeatures; title: TextFeatures };

/** How well one term is covered: in the sentence itself, in its section heading, in the policy
 *  title (which every sentence of the policy shares, so it tells them apart least), or only by a
 *  related word. */
function termMatch(t: QuestionTerm, at: SentenceContext): number {
  const conceptIn = (f: TextFeatures) => t.concepts.some((c) => f.concepts.has(c));
  const literalIn = (f: TextFeatures) => (t.phrase ? t.stems.length > 0 && t.stems.every((s) => f.stems.has(s)) : f.stems.has(t.key));
  if (literalIn(at.own) || (t.phrase && conceptIn(at.own))) return 1;
  if (literalIn(at.section) || (t.phrase && conceptIn(at.section))) return 0.8;
  // A name is matched by itself only: a gift card is a payment method, but it is not Klarna.
  if (t.focus) return literalIn(at.title) ? 0.5 : 0;
  if (conceptIn(at.own)) return 0.6;
  if (literalIn(at.title) || (t.phrase && conceptIn(at.title))) return 0.5;
  return conceptIn(at.section) ? 0.45 : conceptIn(at.title) ? 0.3 : 0;
}

export function matchQuestion(terms: QuestionTerm[], at: SentenceContext): { coverage: number; matched: Set<string> } {
  let total = 0;
  let got = 0;
  const matched = new Set<string>();
  for (const t of terms) {
    if (t.negated) continue;
    const m = termMatch(t, at);
    total += t.weight;
    got += t.weight * m;
    if (m >= 0.5) matched.add(t.key);
  }
  return { coverage: total ? got / total : 0, matched };
}

/** Share of the question's weight a section heading names: the section that is about the question. */
export function headingCoverage(terms: QuestionTerm[], heading: TextFeatures): number {
  let total = 0;
  let got = 0;
  for (const t of terms) {
    if (t.negated) continue;
    total += t.weight;
    const literal = t.phrase ? t.stems.length > 0 && t.stems.every((s) => heading.stems.has(s)) : heading.stems.has(t.key);
    if (literal || t.concepts.some((c) => heading.concepts.has(c))) got += t.weight;
  }
  return total ? got / total : 0;
}

/** Whether a heading is about something the customer said does not apply ("it's not faulty"). */
export function namesNegated(terms: QuestionTerm[], heading: TextFeatures): boolean {
  return terms.some(
    (t) =>
      t.negated &&
      (t.phrase ? t.concepts.some((c) => heading.concepts.has(c)) : heading.stems.has(t.key) || t.concepts.some((c) => heading.concepts.has(c))),
  );
}
