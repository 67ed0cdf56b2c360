// The checkable facts inside a sentence: quantities with their units, and names. A claim is
// only as good as these: "within 60 days" is not supported by a passage that says 30.
import { englishRank } from "../../kb/text/rarity.ts";
import { memoByText } from "../../kb/text/memo.ts";
import { moneyInFigures, NUMBER_WORDS_PATTERN, numberWordValue } from "../../kb/text/numbers.ts";
import { STOPWORDS, stem } from "../../kb/text/terms.ts";
import { isMeasureNoun, isPersonNoun } from "../../kb/text/synonyms.ts";
/** `of`: what a bare number counts, read from the word after it ("200 miles" → mile, "5GB" → gb). */
export type Quantity = { unit: QuantityUnit; value: number; text: string; of?: string; bound?: Bound };
/** A figure said as a limit: "up to 10" is a most, "at least 2" a least; a range's ends are both. */
export type Bound = "most" | "least";
export type QuantityUnit =
  "money" | "percent" | "minute" | "day" | "hour" | "week" | "month" | "year" | "business_day" | "date" | "calendar_year" | "count";

/** Words that stand for a number only here: "a day", "a single bag", "twice a year". */
const ARTICLE_NUMBERS = new Map<string, number>([
  ["a", 1],
  ["an", 1],
  ["single", 1],
  ["twice", 2],
]);

const UNIT_WORDS: [RegExp, QuantityUnit][] = [
  [/^business[- ]days?$|^working[- ]days?$/, "business_day"],
  [/^days?$|^nights?$/, "day"],
  [/^hours?$|^hrs?$/, "hour"],
  [/^minutes?$|^mins?$/, "minute"],
  [/^weeks?$/, "week"],
  [/^months?$/, "month"],
  [/^years?$|^yrs?$/, "year"],
];

/** The unit of time a word names ("nights" → day, "working days" → business_day, "mins" →
 *  minute), if any. */
export const unitOfWord = (word: string) => UNIT_WORDS.find(([re]) => re.test(word.toLowerCase()))?.[1];

const NUMBER = String.raw`(\d+(?:,\d{3})*(?:\.\d+)?|${NUMBER_WORDS_PATTERN}|a|an|single)`;
const RANGE = String.raw`${NUMBER}(?:\s*(?:-|–|to)\s*${NUMBER})?`;
const QUANTITY = new RegExp(
  String.raw`(?:([$£€¥₹])\s?(\d+(?:,\d{3})*(?:\.\d{1,2})?))|(?:\b(\d+(?:\.\d+)?)\s?(%|percent\b))|(?:\b(\d{4}-\d{2}-\d{2})\b)|(?:\b${RANGE}[- ]?(?:full\s+|whole\s+)?((?:business|working)[- ]days?|days?|nights?|hours?|hrs?|minutes?|mins?|weeks?|months?|years?|yrs?)\b)|(?:\b(\d+(?:\.\d+)?)\s?(?:p|¢|pence|cents?)(?![\w-]|\.m\b))|(?:\b(\d+(?:,\d{3})*(?:\.\d+)?)(?:\b|(?=[A-Za-z])))`,
  "gi",
);

function toNumber(word: string | undefined): number | null {
  if (!word) return null;
  const w = word.toLowerCase();
  const spelled = numberWordValue(w) ?? ARTICLE_NUMBERS.get(w);
  if (spelled !== undefined) return spelled;
  const n = Number(w.replace(/,/g, ""));
  return Number.isFinite(n) ? n : null;
}

const MOST_BEFORE =
  /\b(?:up to|(?:no|not|never) more than|at most|maximum(?: of)?|max(?:imum)?|within|(?<!\b(?:no|not|never) )(?:fewer|less) than|under|no later than)\s*$/i;
const LEAST_BEFORE =
  /\b(?:at least|(?:no|not|never) less than|(?:no|not|never) fewer than|minimum(?: of)?|min(?:imum)?|(?<!\b(?:no|not|never) )more than|over)\s*$/i;

/** A limit written after its figure: "18 or over", "ages 8 and up", "children 12 and under". */
const LEAST_AFTER = /^\s*(?:\+|(?:or|and) (?:over|older|above|more|up(?:wards)?)\b)/i;
const MOST_AFTER = /^\s*(?:(?:or|and) (?:under|younger|below|less|fewer)\b)/i;

/** How old someone or something is, as a count of years of age, so "my 6-year-old" meets "ages 8
 *  and up" and "I'm 17" meets "must be 18 or over" on one scale. */
export const AGE_OF = stem("age");
const AGE_AFTER_YEARS = /^[- ]old\b/i;
/** Only an age is older or younger, whatever the figure is said of ("riders 21 or older"). */
const OLDER_OR_YOUNGER_AFTER = /^\s*(?:or|and) (?:older|younger)\b/i;
/** A bare number said of a person ("I'm 17", "aged 70", "she turned 5") or held to a limit of age
 *  ("must be 18 or over"). */
const AGE_BEFORE = /(?:\baged?|\b(?:i'?m|i am|he'?s|she'?s|they'?re|is|are|be|turn(?:s|ed|ing)?))\s+$/i;
const AGE_LIMIT_AFTER = /^\s*(?:\+|(?:or|and) (?:over|older|under|younger)\b)/i;
/** A limit set on a kind of person ("adults over 60", "riders under 10"): said of people, the
 *  figure is their age. WordNet says which nouns name people. */
const PEOPLE_OVER_OR_UNDER = /\b([A-Za-z]+)\s+(?:over|under|above|below|older than|younger than)\s+$/i;
function isAge(q: Quantity, before: string, after: string): boolean {
  if (q.unit === "year") return AGE_AFTER_YEARS.test(after);
  if (q.unit !== "count") return false;
  if (OLDER_OR_YOUNGER_AFTER.test(after)) return true;
  // (A verb may follow: "children under 3 travel free"; a measure may not: "riders under 95 kg".)
  const people = PEOPLE_OVER_OR_UNDER.exec(before)?.[1];
  const measured = /^\s?([A-Za-z]+)/.exec(after)?.[1];
  if (people && isPersonNoun(people) && !(measured && isMeasureNoun(measured))) return true;
  if (q.of !== undefined && q.of !== AGE_OF) return false;
  return (
    /\baged?\s+$/i.test(before) ||
    (AGE_BEFORE.test(before) &&
      (AGE_LIMIT_AFTER.test(after) || !/^\s*[A-Za-z]/.test(after) || /^\s+(?:but|and|so|now|next|this|last|years?)\b/i.test(after)))
  );
}

/** What the checker reads besides: a year written alone, and counts spelled out ("three bikes"). */
export type QuantityOptions = { years?: boolean; spelled?: boolean };

/** Quantities in a text, ranges expanded to both ends ("5–7 business days" → 5 and 7), each marked
 *  as a limit when it is said as one ("up to 10 DVDs", "at least 2 nights", "aged 4 to 15"). `years`:
 *  a year written alone ("opened before 2020") counts too, as a calendar year; `spelled`: so do
 *  counts written in words. */
export function quantitiesOf(text: string, options: QuantityOptions = {}): readonly Readonly<Quantity>[] {
  return (options.years ? (options.spelled ? readAll : readYears) : options.spelled ? readSpelled : readPlain)(text);
}
const readAll = memoByText((text) => readQuantities(text, { years: true, spelled: true }));
const readYears = memoByText((text) => readQuantities(text, { years: true }));
const readSpelled = memoByText((text) => readQuantities(text, { spelled: true }));
const readPlain = memoByText((text) => readQuantities(text, {}));

function readQuantities(written: string, options: QuantityOptions): Quantity[] {
  // "ninety-five pounds" is read as the "£95" it is.
  const text = moneyInFigures(written);
  const out = quantitiesIn(text, options);
  for (let i = 0; i < out.length; i++) {
    const q = out[i]!;
    const next = out[i + 1];
    // A range's two ends share their text: the first is the least, the second the most.
    if (next && next.text === q.text && next.value !== q.value) {
      q.bound = "least";
      next.bound = "most";
      i++;
      continue;
    }
    // Two bare numbers joined as a range ("aged 4 to 15", "between 2 and 5"): the second counts
    // what the first does.
    if (next && q.unit === "count" && next.unit === "count" && /^\s*(?:-|–|to|and)\s*$/.test(text.slice(q.at + q.text.length, next.at))) {
      q.bound = "least";
      next.bound = "most";
      // An age range's ends are both ages ("aged 3 to 12 pay…").
      if (q.of === AGE_OF || next.of === AGE_OF) q.of = next.of = AGE_OF;
      next.of ??= q.of;
      q.of ??= next.of;
      i++;
      continue;
    }
    const before = text.slice(0, q.at);
    const after = text.slice(q.at + q.text.length);
    if (MOST_BEFORE.test(before) || MOST_AFTER.test(after)) q.bound = "most";
    else if (LEAST_BEFORE.test(before) || LEAST_AFTER.test(after)) q.bound = "least";
    if (isAge(q, before, after)) {
      q.unit = "count";
      q.of = AGE_OF;
    }
  }
  return out.map(({ at: _at, ...q }) => q);
}

/** Whether a figure keeps within a limit of the same kind ("8 DVDs" within "up to 10 DVDs"). */
export function withinBound(q: Quantity, limit: Quantity): boolean {
  if (!limit.bound || q.bound || !comparable(q, limit)) return false;
  const [a, b] = onOneScale(q, limit) ?? [q.value, limit.value];
  return limit.bound === "most" ? a <= b : a >= b;
}

function quantitiesIn(text: string, options: QuantityOptions): (Quantity & { at: number })[] {
  const out: (Quantity & { at: number })[] = [];
  for (const m of text.matchAll(QUANTITY)) {
    const [whole, , money, pct, , date, lo, hi, unitWord, minor, bare] = m;
    if (money) {
      // "$50k", "£1.5m": thousands and millions written short.
      const scale = MAGNITUDE.exec(text.slice(m.index! + whole.length));
      const written = scale ? whole + scale[0] : whole;
      const per = periodAfter(text.slice(m.index! + written.length));
      const value = toNumber(money)! * (scale ? MAGNITUDES[scale[1]!.toLowerCase()]! : 1);
      out.push({ at: m.index!, unit: "money", value, text: written, ...(per && { of: per }) });
    }
    // Pence and cents ("53.21p per day", "99¢") are amounts of money, in hundredths.
    else if (minor) out.push({ at: m.index!, unit: "money", value: Number(minor) / 100, text: whole });
    else if (pct) out.push({ at: m.index!, unit: "percent", value: Number(pct), text: whole });
    else if (date) out.push({ at: m.index!, unit: "date", value: Date.parse(date), text: whole });
    else if (unitWord) {
      const unit = unitOfWord(unitWord) ?? "count";
      // "$250 a month", "seven days a week", "three times a year": the "a" is "per", the period of the
      // figure before it, not a duration of one.
      if (!hi && /^an?$/i.test(lo ?? "") && RATE_BEFORE.test(text.slice(0, m.index!))) continue;
      for (const n of [lo, hi]) {
        const v = toNumber(n);
        // "a day" is a duration of one; but "a" alone is no number worth checking.
        if (v !== null) out.push({ at: m.index!, unit, value: v, text: whole });
      }
    } else if (bare) {
      const v = toNumber(bare);
      if (v === null) continue;
      // Years written alone ("in 2025") are not counts; read as years when asked for.
      if (/^\d{4}$/.test(bare) && v >= 1900 && v <= 2100) {
        if (options.years) out.push({ at: m.index!, unit: "calendar_year", value: v, text: whole });
        continue;
      }
      const of = countedNoun(text.slice(m.index! + whole.length)) ?? labelBefore(text.slice(0, m.index!));
      // An ordinal ("the 15th") is a position, not an amount.
      if (of && ORDINAL_SUFFIX.test(of)) continue;
      out.push({ at: m.index!, unit: "count", value: v, text: whole, ...(of && { of }) });
    }
  }
  // A count spelled out ("three bikes", "two guests") counts what follows it; "one of" counts nothing.
  for (const m of options.spelled ? text.matchAll(SPELLED_COUNT) : []) {
    const of = countedNoun(text.slice(m.index! + m[1]!.length));
    if (!of || out.some((q) => q.at === m.index)) continue;
    out.push({ at: m.index!, unit: "count", value: numberWordValue(m[1]!)!, text: m[1]!, of });
  }
  // A fraction of a unit of time ("half an hour", "a quarter of an hour", "half a year") is so many
  // of the next smaller unit, not one of the unit it names; a fortnight is 14 days.
  for (const m of text.matchAll(FRACTION_OF_TIME)) {
    const [whole, fraction, unit] = m;
    const at = m.index!;
    const [value, smaller] = fraction ? fractionOf(fraction, unit!) : [14, "day" as const];
    for (let i = out.length - 1; i >= 0; i--) if (out[i]!.at >= at && out[i]!.at < at + whole.length) out.splice(i, 1);
    out.push({ at, unit: smaller, value, text: whole });
  }
  // "a half-hour induction", "every quarter hour".
  for (const m of text.matchAll(PART_OF_HOUR)) {
    if (out.some((q) => q.at <= m.index! && m.index! < q.at + q.text.length)) continue;
    out.push({ at: m.index!, unit: "minute", value: FRACTIONS[m[1]!.toLowerCase()]! * 60, text: m[0] });
  }
  out.sort((a, b) => a.at - b.at);
  return out;
}

const PART_OF_HOUR = /\b(half|quarter)[- ]hour(?:ly)?\b/gi;

const FRACTION_OF_TIME = /\b(?:(?:a|one)\s+)?(three[- ]quarters|half|quarter|third)\s+(?:of\s+)?an?\s+(hour|day|year)\b|\b(?:a\s+)?fortnight\b/gi;
/** Parts of a whole said in words, as shares of one. */
export const FRACTIONS: Record<string, number> = { half: 1 / 2, quarter: 1 / 4, third: 1 / 3, "two thirds": 2 / 3, "three quarters": 3 / 4 };
const SMALLER: Record<string, [QuantityUnit, number]> = { hour: ["minute", 60], day: ["hour", 24], year: ["month", 12] };
function fractionOf(fraction: string, unit: string): [number, QuantityUnit] {
  const [smaller, per] = SMALLER[unit.toLowerCase()]!;
  return [FRACTIONS[fraction.toLowerCase().replace("-", " ")]! * per, smaller];
}

/** A figure just before ("$15", "3 times", "seven days", "twice"), with "more", "extra" or "each" between. */
const RATE_BEFORE =
  /(?:\d[\d,.]*[a-z%]*|\b(?:once|twice|times?|days?|nights?|hours?|minutes?|weeks?|months?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve))\s+(?:(?:more|extra|each|only)\s+)?$/i;
const ORDINAL_SUFFIX = /^(?:st|nd|rd|th)$/;
/** A magnitude written on to an amount ("$50k", "$1.5m", "$2bn"). */
const MAGNITUDE = /^(k|m|mn|bn)\b/i;
const MAGNITUDES: Record<string, number> = { k: 1e3, m: 1e6, mn: 1e6, bn: 1e9 };
const SPELLED_COUNT = new RegExp(String.raw`\b(${NUMBER_WORDS_PATTERN})\b(?=\s+[a-z])`, "gi");

const PERIOD_ADVERBS: Record<string, QuantityUnit> = {
  daily: "day",
  nightly: "day",
  hourly: "hour",
  weekly: "week",
  monthly: "month",
  yearly: "year",
  annually: "year",
};
/** The period an amount of money is charged for ("$10 per month", "$4 a week", "$120/year", "$9
 *  monthly"), as a unit of time, so "$10 per week" is not "$10 per month". */
function periodAfter(after: string): string | undefined {
  const m = /^\s*(?:(?:more|extra)\s+)?(?:(?:per|a|an|each|every|\/)\s*([a-z]+(?:[- ]days?)?)|([a-z]+ly))\b/i.exec(after);
  const word = (m?.[1] ?? m?.[2])?.toLowerCase();
  if (!word) return undefined;
  return PERIOD_ADVERBS[word] ?? unitOfWord(word);
}

/** With nothing counted after it, the word a number is the value of ("aged 18", "level 3"). */
function labelBefore(before: string): string | undefined {
  // The end of a contraction ("I'm 17") is no label.
  const word = /(?<![A-Za-z'’])([A-Za-z][A-Za-z-]*)\s+$/.exec(before)?.[1]?.toLowerCase();
  return word && !STOPWORDS.has(word) ? stem(word) : undefined;
}

/** The thing a bare number counts: a unit written on to it ("5GB", "3G") or the word after it
 *  ("200 miles", "4 suitcases"), in a form that ignores plurals; none for a function word ("3 to 5",
 *  "1 of each") or punctuation (list numbering). */
function countedNoun(after: string): string | undefined {
  const m = /^(\s?)([A-Za-z][A-Za-z-]*)/.exec(after);
  if (!m) return undefined;
  const word = m[2]!.toLowerCase();
  if (!m[1]) return word;
  // A verb after the number ("14 travelling alone") says what is done, not what is counted.
  return STOPWORDS.has(word) || /(?:ing|ed)$/.test(word) ? undefined : stem(word);
}

/** Same amount of time, whatever the unit ("2 weeks" = "14 days"). Business days stay apart. */
export function normalisedDays(q: Quantity): number | null {
  const perUnit: Partial<Record<QuantityUnit, number>> = { day: 1, week: 7, month: 30, year: 365 };
  const f = perUnit[q.unit];
  return f === undefined ? null : q.value * f;
}

const inMonths = (q: Quantity) => (q.unit === "month" ? q.value : q.unit === "year" ? q.value * 12 : null);

/** Same length of a short time, whatever the unit ("an hour" = "60 minutes", "a day" = "24 hours"). */
function normalisedMinutes(q: Quantity): number | null {
  return q.unit === "minute" ? q.value : q.unit === "hour" ? q.value * 60 : q.unit === "day" ? q.value * 1440 : null;
}

/** Two lengths of time on the one scale both can be read on: days when both are days or longer,
 *  minutes when both are a day or shorter ("3 days" against "a week", "1 day" against "48 hours");
 *  null when they are not both times. */
function onOneScale(a: Quantity, b: Quantity): [number, number] | null {
  // Months and years are read in months: "2 years" is "24 months", where days would make them 730 and 720.
  const [ma, mb] = [inMonths(a), inMonths(b)];
  if (ma !== null && mb !== null) return [ma, mb];
  const [da, db] = [normalisedDays(a), normalisedDays(b)];
  if (da !== null && db !== null) return [da, db];
  const [na, nb] = [normalisedMinutes(a), normalisedMinutes(b)];
  return na !== null && nb !== null ? [na, nb] : null;
}

export function sameQuantity(a: Quantity, b: Quantity): boolean {
  const times = onOneScale(a, b);
  if (times) return times[0] === times[1];
  // An amount charged per month is not the same amount per week.
  if (a.unit === "money" && b.unit === "money" && a.of !== undefined && b.of !== undefined && a.of !== b.of) return false;
  // "7 lb" is not "7 kg": units of measure are written short. Other words after a number may be
  // anything ("14 travelling", "14 flying"), so they set the same figure apart only as units do.
  if (a.of !== undefined && b.of !== undefined && a.of !== b.of && a.of.length <= 3 && b.of.length <= 3) return false;
  // "under 3" is not "aged 3 to 12": the same figure as opposite limits sets two groups apart.
  if (a.bound && b.bound && a.bound !== b.bound) return false;
  return a.unit === b.unit && a.value === b.value;
}

/** Quantities of comparable kinds (both durations, both money…), so one can contradict the other.
 *  Bare numbers compare only when they count the same thing ("250 miles" against "200 miles", not
 *  "3 returns" against "2 items"). */
export function comparable(a: Quantity, b: Quantity): boolean {
  if (onOneScale(a, b)) return true;
  if (a.unit === "count") return b.unit === "count" && a.of !== undefined && a.of === b.of;
  return a.unit === b.unit;
}

const SENTENCE_START = /(?:^|[.!?:]\s+|\n\s*(?:[-*+]\s+)?)$/;
const NOT_NAMES = new Set([
  "I",
  "I'm",
  "I'd",
  "I'll",
  "I've",
  "We",
  "You",
  "Our",
  "Your",
  "The",
  "A",
  "An",
  "If",
  "For",
  "Yes",
  "No",
  "Please",
  "This",
  "That",
  "It",
  "According",
]);

/** Capitalised words inside a sentence (brands, programs, tiers): "PayPal", "Gold", "Klarna", and a
 *  first word no English word list has ("Zelvo Pay Later…"). */
export const namesOf: (text: string) => readonly string[] = memoByText(readNames);

function readNames(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/\b([A-Z][a-zA-Z]+(?:[A-Z][a-z]+)*)\b/g)) {
    const before = text.slice(0, m.index);
    // A sentence's first word is capitalised anyway: it is a name only when it is no English word.
    if (NOT_NAMES.has(m[1]!) || (SENTENCE_START.test(before) && englishRank(m[1]!) !== Number.POSITIVE_INFINITY)) continue;
    out.push(m[1]!);
  }
  return out;
}
