// Turns text into comparable terms (lower-cased, stemmed, stop words removed) for the offline
// embedder, the lexical query and the grounding checker: one notion of "the same word" everywhere.
import { createRequire } from "node:module";
import { stemmer } from "stemmer";
import { englishRank } from "./rarity.ts";

/** wink-lemmatizer (WordNet's exception lists and rules): the verb a form belongs to, irregular
 *  ones included ("paid" → "pay", "sent" → "send", "left" → "leave"), which the stemmer alone
 *  leaves apart. */
const lemmatizer = createRequire(import.meta.url)("wink-lemmatizer") as { verb: (word: string) => string };

export const STOPWORDS = new Set(
  `a about above after again against all am an and any are aren't as at be because been before being below between both but by
  can can't cannot could couldn't did didn't do does doesn't doing don't down during each few for from further had hadn't has hasn't
  have haven't having he he'd he'll he's her here here's hers herself him himself his how how's i i'd i'll i'm i've if in into is
  isn't it it's its itself let's me more most mustn't my myself no nor not of off on once only or other ought our ours ourselves
  out over own same shan't she she'd she'll she's should shouldn't so some such than that that's the their theirs them themselves
  then there there's these they they'd they'll they're they've this those through to too under until up very was wasn't we we'd
  we'll we're we've were weren't what what's when when's where where's which while who who's whom why why's with won't would
  wouldn't you you'd you'll you're you've your yours yourself yourselves whether hi hello hey hiya howdy please thanks thank just also get got
  really still want wanted like need would could might may will shall tell know
  much many long often soon`
    .split(/\s+/)
    .filter(Boolean),
);

/** Words that a negation flips; kept out of STOPWORDS' effect by the checker, which needs them. */
export const NEGATIONS = new Set([
  "no",
  "not",
  "never",
  "cannot",
  "can't",
  "won't",
  "don't",
  "doesn't",
  "isn't",
  "aren't",
  "without",
  "none",
  "nor",
  "non",
]);

/** The negations as a pattern over raw text (a claim's "never" is checked, not looked up). */
export const NEGATION_WORDS = new RegExp(`\\b(?:${[...NEGATIONS].join("|")})\\b`, "gi");

const TOKEN = /[a-z0-9]+(?:'[a-z]+)?/g;

/** Lower-cased word tokens, apostrophes kept inside words ("don't"); hyphenated words are also
 *  added joined, after the rest, unless `joined` is false (then the tokens are the words in order). */
export function tokenize(text: string, options: { joined?: boolean } = {}): string[] {
  const lower = text.toLowerCase().replace(/[’‘]/g, "'");
  const tokens: string[] = lower.match(TOKEN) ?? [];
  if (!lower.includes("-") || options.joined === false) return tokens;
  // A hyphenated word is also its joined form: "Wi-Fi" meets "wifi", "e-mail" meets "email".
  for (const m of lower.matchAll(HYPHENATED)) tokens.push(m[0].replace(/-/g, ""));
  return tokens;
}

const HYPHENATED = /\b[a-z]+(?:-[a-z]+)+\b/g;

/** The figures a text states, as its tokens with digits ("35", "90"; "$34.99" is "34" and "99"). */
export const figuresOf = (text: string): string[] => tokenize(text).filter((t) => /\d/.test(t));

/** Bump when tokenize() or stem() change what a word becomes: the offline embedder's id carries
 *  it, so vectors and term counts written before are re-embedded (kb/reports/reindex.ts).
 *  2: possessives and "-uses" plurals stem as their word. 3: hyphenated words also as joined.
 *  4: irregular verb forms stem as their verb. 5: not when the verb is far rarer than the word ("rent"). */
export const STEM_REVISION = 5;

const stemCache = new Map<string, string>();
export function stem(word: string): string {
  let s = stemCache.get(word);
  if (s === undefined) {
    // A possessive is its word: "husband's" is "husband".
    const w = word.replace(/'s$/, "");
    s = /^\d/.test(w) ? w : stemmer(latinPlural(verbOf(w)));
    if (stemCache.size < 50_000) stemCache.set(word, s);
  }
  return s;
}

/** Verbs this common ("go", "get", "make", "take") say little, and their forms often mean
 *  something else ("my parcel is gone" is lost, "have we got to…" is must): their forms stay apart. */
const MEANINGFUL_VERB_RANK = 150;

/** A form read as the verb it belongs to, so "paid" and "pay" meet; where the lemma stems as the
 *  word does (regular forms), nothing changes. A word far commoner than the verb it could be a form
 *  of is a word of its own: "rent" is not a form of "rend", nor "ground" of "grind". */
function verbOf(word: string): string {
  if (!/^[a-z]+$/.test(word)) return word;
  const lemma = lemmatizer.verb(word);
  if (lemma === word || englishRank(lemma) < MEANINGFUL_VERB_RANK) return word;
  return englishRank(lemma) > OWN_WORD_RATIO * englishRank(word) ? word : lemma;
}
/** How much rarer than the word its lemma may be and still be what the word is a form of. */
const OWN_WORD_RATIO = 4;

/** A verb's past form ("ordered", "bought", "got"), as the lemmatizer reads it. */
export function isPastTense(word: string): boolean {
  if (!/^[a-z]+$/.test(word)) return false;
  const lemma = lemmatizer.verb(word);
  return lemma !== word && (word.endsWith("ed") || !/(?:s|ing)$/.test(word));
}

/** "statuses" → "status": the stemmer leaves "-us" plurals a letter apart from their singular
 *  ("status" → "statu", "statuses" → "status"), so they are stemmed as the singular. */
const COMMON_SINGULAR_RANK = 20_000;
function latinPlural(word: string): string {
  return word.endsWith("uses") && englishRank(word.slice(0, -2)) < COMMON_SINGULAR_RANK ? word.slice(0, -2) : word;
}

/** Stems of the content words of a text, in order. */
export function contentStems(text: string): string[] {
  const out: string[] = [];
  for (const t of tokenize(text)) {
    if (STOPWORDS.has(t) || (t.length < 2 && !/\d/.test(t))) continue;
    out.push(stem(t));
  }
  return out;
}
