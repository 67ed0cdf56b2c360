// Spelling tolerance against the knowledge base's own vocabulary: a question word the KB never
// uses, that is no English word either, and that lies one or two edits from a word the KB does
// use, is that word ("pacakges" → package, "responce" → response). Applied before anything is
// called unknown, so a typo never makes an answerable question look out of scope.
import { englishRank, englishWordsStarting } from "../../kb/text/rarity.ts";
import { STOPWORDS, stem } from "../../kb/text/terms.ts";
import { unitOfWord } from "../verify/facts.ts";
import { memoByObject, memoByText } from "../../kb/text/memo.ts";

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions), stopping early past `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const prev2 = new Array<number>(b.length + 1).fill(0);
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2]! + 1);
      cur.push(d);
      rowMin = Math.min(rowMin, d);
    }
    if (rowMin > max) return max + 1;
    prev2.splice(0, prev2.length, ...prev);
    prev = cur;
  }
  return prev[b.length]!;
}

/** Edits allowed for a word of this length: none for short words, where one edit makes another word. */
function allowedEdits(word: string): number {
  return word.length >= 8 ? 2 : word.length >= 4 ? 1 : 0;
}

/** The English word a misspelt word stands for ("diffrence" → difference, "seperate" → separate):
 *  the nearest in edits, the commoner of equally near ones; null for a word English lists, or one
 *  too far from every word. Typos keep their first letter, so only words sharing it are tried. */
export function englishSpelling(word: string): string | null {
  return nearestEnglish(word)?.word ?? null;
}

/** englishSpelling's word with its distance in edits, read once per word: a scan of every English
 *  word with the typo's first letter is too dear to repeat for each turn that says it. */
const nearestCache = new Map<string, { word: string; d: number } | null>();
function nearestEnglish(word: string): { word: string; d: number } | null {
  const hit = nearestCache.get(word);
  if (hit !== undefined) return hit;
  const max = allowedEdits(word);
  let best: { word: string; d: number } | null = null;
  if (max && /^[a-z]+$/.test(word) && englishRank(word) === Number.POSITIVE_INFINITY) {
    for (const w of englishWordsStarting(word[0]!)) {
      if (Math.abs(w.length - word.length) > max) continue;
      const d = editDistance(word, w, best ? best.d - 1 : max);
      if (d <= max && (!best || d < best.d)) best = { word: w, d };
      if (best?.d === 1) break;
    }
  }
  if (nearestCache.size < 50_000) nearestCache.set(word, best);
  return best;
}

/** A word written short ("appt", "acct", "approx") stands for the KB's commonest word that begins
 *  with its first two letters, holds all its letters in order and is longer by two or more. */
function abbreviated(word: string, df: Map<string, number>): string | null {
  if (word.length < 3 || word.length > 6) return null;
  let best: { stem: string; df: number } | null = null;
  for (const [s, count] of df) {
    if (s.length < word.length + 2 || !s.startsWith(word.slice(0, 2)) || !inOrder(word, s)) continue;
    if (!best || count > best.df) best = { stem: s, df: count };
  }
  return best?.stem ?? null;
}
function inOrder(letters: string, word: string): boolean {
  let at = 0;
  for (const c of letters) {
    at = word.indexOf(c, at) + 1;
    if (!at) return false;
  }
  return true;
}

/** The KB stem a misspelt word stands for, or null. `df` is the KB's vocabulary (stem → chunks).
 *  An English word nearer to it than any KB word is what was meant instead (englishSpelling). */
export function correctSpelling(word: string, df: Map<string, number>, extra: Iterable<string> = NONE): string | null {
  // Read once per word, vocabulary and extra words: every turn that says the word would scan the
  // vocabulary again.
  let byExtra = corrections.get(df);
  if (!byExtra) corrections.set(df, (byExtra = new WeakMap()));
  let seen = byExtra.get(extra);
  if (!seen) byExtra.set(extra, (seen = new Map()));
  const hit = seen.get(word);
  if (hit !== undefined) return hit;
  const found = readCorrection(word, df, extra);
  if (seen.size < 20_000) seen.set(word, found);
  return found;
}
const NONE: readonly string[] = [];
const corrections = new WeakMap<Map<string, number>, WeakMap<Iterable<string>, Map<string, string | null>>>();

function readCorrection(word: string, df: Map<string, number>, extra: Iterable<string>): string | null {
  const max = allowedEdits(word);
  if (!max || !/^[a-z]+$/.test(word) || englishRank(word) !== Number.POSITIVE_INFINITY) return null;
  const own = stem(word);
  const short = abbreviated(word, df);
  if (short) return short;
  // Stems are compared, so a stem is judged by its own length: one edit turns the three letters
  // left of "faffing" ("faf") into another short stem.
  const edits = Math.min(max, allowedEdits(own));
  if (!edits) return null;
  let best: { stem: string; d: number; df: number } | null = null;
  const consider = (candidate: string, count: number) => {
    if (Math.abs(candidate.length - own.length) > edits) return;
    const d = editDistance(own, candidate, edits);
    if (d <= edits && (!best || d < best.d || (d === best.d && count > best.df))) best = { stem: candidate, d, df: count };
  };
  for (const [s, count] of df) if (/^[a-z]/.test(s)) consider(s, count);
  for (const w of extra) consider(stem(w), Number.MAX_SAFE_INTEGER);
  const found = best as { stem: string; d: number } | null;
  if (!found) return null;
  const english = nearestEnglish(word);
  if (english && stem(english.word) !== found.stem && english.d < found.d) return null;
  return found.stem;
}

/** A unit of time written short ("15 mins", "2 hrs") is the unit's own word, as a stem, when the KB
 *  uses that word and not the short form. */
export function unitWordFor(word: string, vocabulary: Map<string, number>): string | null {
  const unit = unitOfWord(word);
  if (!unit || unit === "business_day") return null;
  const s = stem(unit);
  return s !== stem(word) && vocabulary.get(s) ? s : null;
}

/** A word no dictionary lists that is two words the KB uses run together ("suncream" → sun cream,
 *  "nightbus" → night bus): both parts English words of three letters or more and no stop words;
 *  of several splits, the one whose rarer part the KB uses most. Read once per word and vocabulary
 *  (a new vocabulary, as each change of the KB brings, is read afresh). */
export function compoundParts(word: string, vocabulary: Map<string, number>): readonly [string, string] | null {
  return splitsIn(vocabulary)(word);
}
const splitsIn = memoByObject((vocabulary: Map<string, number>) => memoByText((word) => readParts(word, vocabulary), 20_000));
function readParts(word: string, vocabulary: Map<string, number>): readonly [string, string] | null {
  if (word.length < 6 || !/^[a-z]+$/.test(word) || englishRank(word) !== Number.POSITIVE_INFINITY) return null;
  let best: { parts: [string, string]; df: number } | null = null;
  for (let i = 3; i <= word.length - 3; i++) {
    const parts: [string, string] = [word.slice(0, i), word.slice(i)];
    if (parts.some((p) => STOPWORDS.has(p) || englishRank(p) === Number.POSITIVE_INFINITY)) continue;
    const df = Math.min(...parts.map((p) => vocabulary.get(stem(p)) ?? 0));
    if (df > 0 && (!best || df > best.df)) best = { parts, df };
  }
  return best?.parts ?? null;
}
