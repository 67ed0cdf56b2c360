// The checkable facts inside a sentence: quantities with their units, and names. A claim is
// only as good as these: "within 60 days" is not supported by a passage that says 30.
import { englishRank } from "../../kb/text/rarity.ts";
export type Quantity = { unit: QuantityUnit; value: number; text: string };
export type QuantityUnit = "money" | "percent" | "minute" | "day" | "hour" | "week" | "month" | "year" | "business_day" | "date" | "count";

const WORD_NUMBERS: Record<string, number> = {
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  fourteen: 14,
  fifteen: 15,
  twenty: 20,
  thirty: 30,
  forty: 40,
  "forty-five": 45,
  fifty: 50,
  sixty: 60,
  ninety: 90,
  hundred: 100,
  a: 1,
  an: 1,
  single: 1,
  twice: 2,
};

const UNIT_WORDS: [RegExp, QuantityUnit][] = [
  [/^business[- ]days?$|^working[- ]days?$/, "business_day"],
  [/^days?$|^nights?$/, "day"],
  [/^hours?$|^hrs?$/, "hour"],
  [/^minutes?$|^mins?$/, "minute"],
  [/^weeks?$/, "week"],
  [/^months?$/, "month"],
  [/^years?$|^yrs?$/, "year"],
];

const NUMBER = String.raw`(\d+(?:,\d{3})*(?:\.\d+)?|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fourteen|fifteen|twenty|thirty|forty(?:-five)?|fifty|sixty|ninety|hundred|a|an|single)`;
const RANGE = String.raw`${NUMBER}(?:\s*(?:-|–|to)\s*${NUMBER})?`;
const QUANTITY = new RegExp(
  String.raw`(?:([$£€¥₹])\s?(\d+(?:,\d{3})*(?:\.\d{1,2})?))|(?:\b(\d+(?:\.\d+)?)\s?(%|percent\b))|(?:\b(\d{4}-\d{2}-\d{2})\b)|(?:\b${RANGE}[- ]?(?:full\s+|whole\s+)?((?:business|working)[- ]days?|days?|nights?|hours?|hrs?|minutes?|mins?|weeks?|months?|years?|yrs?)\b)|(?:\b(\d+(?:\.\d+)?)\s?(?:p|¢|pence|cents?)(?![\w-]))|(?:\b(\d+(?:,\d{3})*(?:\.\d+)?)\b)`,
  "gi",
);

function toNumber(word: string | undefined): number | null {
  if (!word) return null;
  const w = word.toLowerCase();
  if (w in WORD_NUMBERS) return WORD_NUMBERS[w]!;
  const n = Number(w.replace(/,/g, ""));
  return Number.isFinite(n) ? n : null;
}

/** Quantities in a text, ranges expanded to both ends ("5–7 business days" → 5 and 7). */
export function quantitiesOf(text: string): Quantity[] {
  const out: Quantity[] = [];
  for (const m of text.matchAll(QUANTITY)) {
    const [whole, , money, pct, , date, lo, hi, unitWord, minor, bare] = m;
    if (money) out.push({ unit: "money", value: toNumber(money)!, text: whole });
    // Pence and cents ("53.21p per day", "99¢") are amounts of money, in hundredths.
    else if (minor) out.push({ unit: "money", value: Number(minor) / 100, text: whole });
    else if (pct) out.push({ unit: "percent", value: Number(pct), text: whole });
    else if (date) out.push({ unit: "date", value: Date.parse(date), text: whole });
    else if (unitWord) {
      const unit = UNIT_WORDS.find(([re]) => re.test(unitWord.toLowerCase()))?.[1] ?? "count";
      for (const n of [lo, hi]) {
        const v = toNumber(n);
        // "a day" is a duration of one; but "a" alone is no number worth checking.
        if (v !== null) out.push({ unit, value: v, text: whole });
      }
    } else if (bare) {
      const v = toNumber(bare);
      // Years written alone ("in 2025") and list numbering are not counts.
      if (v !== null && !(v >= 1900 && v <= 2100)) out.push({ unit: "count", value: v, text: whole });
    }
  }
  return out;
}

/** Same amount of time, whatever the unit ("2 weeks" = "14 days"). Business days stay apart. */
export function normalisedDays(q: Quantity): number | null {
  const perUnit: Partial<Record<QuantityUnit, number>> = { day: 1, week: 7, month: 30, year: 365 };
  const f = perUnit[q.unit];
  return f === undefined ? null : q.value * f;
}

/** Same length of a short time, whatever the unit ("an hour" = "60 minutes"). */
function normalisedMinutes(q: Quantity): number | null {
  return q.unit === "minute" ? q.value : q.unit === "hour" ? q.value * 60 : null;
}

export function sameQuantity(a: Quantity, b: Quantity): boolean {
  const da = normalisedDays(a);
  const db = normalisedDays(b);
  if (da !== null && db !== null) return da === db;
  const ma = normalisedMinutes(a);
  const mb = normalisedMinutes(b);
  if (ma !== null && mb !== null) return ma === mb;
  return a.unit === b.unit && a.value === b.value;
}

/** Quantities of comparable kinds (both durations, both money…), so one can contradict the other. */
export function comparable(a: Quantity, b: Quantity): boolean {
  if (normalisedDays(a) !== null && normalisedDays(b) !== null) return true;
  if (normalisedMinutes(a) !== null && normalisedMinutes(b) !== null) return true;
  return a.unit === b.unit && a.unit !== "count";
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
export function namesOf(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/\b([A-Z][a-zA-Z]+(?:[A-Z][a-z]+)*)\b/g)) {
    const before = text.slice(0, m.index);
    // A sentence's first word is capitalised anyway: it is a name only when it is no English word.
    if (NOT_NAMES.has(m[1]!) || (SENTENCE_START.test(before) && englishRank(m[1]!) !== Number.POSITIVE_INFINITY)) continue;
    out.push(m[1]!);
  }
  return out;
}
