// Spans of months a rule is tiered by ("in the first 12 months", "months 13 to 24", "in the
// third year") and the month a customer means ("if I cancel during year three" is not read; "in
// my third year" and "after 8 months" are): a customer's own time is answered by the tier it falls
// in, as an $800 laptop is by the "$500 to $999.99" row.

import { memoByText } from "../../kb/text/memo.ts";

export type Span = { from: number; to: number };

const ORDINALS: Record<string, number> = { first: 1, second: 2, third: 3, fourth: 4, fifth: 5, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4, "5th": 5 };
const NTH_PERIOD = /\b(first|second|third|fourth|fifth|1st|2nd|3rd|4th|5th)\s+(year|month)\b/gi;
const FIRST_N = /\bfirst\s+(\d+)\s+(years?|months?)\b/gi;
const MONTHS_FROM_TO = /\bmonths?\s+(\d+)\s*(?:to|-|–|through)\s*(\d+)\b/gi;
const AFTER_N = /\b(?:after|more than|over)\s+(\d+)\s+(years?|months?)\b/gi;

/** Months in one of a period word ("year", "months"). */
const monthsIn = (word: string) => (/^years?$/i.test(word) ? 12 : 1);

/** "the third year" → months 25–36, "the first 6 months" → 1–6, "months 13 to 24" → 13–24,
 *  "after 8 months" → from 9 on (a customer's: the ninth). Months are counted from the start (1 is the first). */
export function monthSpans(text: string, side: "rule" | "customer" = "rule"): Span[] {
  const out: Span[] = [];
  for (const m of text.matchAll(NTH_PERIOD)) {
    const [n, per] = [ORDINALS[m[1]!.toLowerCase()]!, monthsIn(m[2]!)];
    out.push({ from: (n - 1) * per + 1, to: n * per });
  }
  for (const m of text.matchAll(FIRST_N)) out.push({ from: 1, to: Number(m[1]) * monthsIn(m[2]!) });
  for (const m of text.matchAll(MONTHS_FROM_TO)) out.push({ from: Number(m[1]), to: Number(m[2]) });
  for (const m of text.matchAll(AFTER_N)) {
    // A rule's "after 8 months" is every month from the ninth; a customer's is the ninth.
    const from = Number(m[1]) * monthsIn(m[2]!) + 1;
    out.push({ from, to: side === "rule" ? Number.POSITIVE_INFINITY : from });
  }
  return out;
}

/** The customer's spans, read once per question (it is asked of every unit). */
const customerSpans = memoByText((question: string) => monthSpans(question, "customer"));

/** 1 when the customer's month falls in a span the sentence names, -1 when the sentence names
 *  spans and it falls in none, 0 when either names none. */
export function spanFit(question: string, sentence: string): number {
  const asked = customerSpans(question);
  if (!asked.length) return 0;
  const tiers = monthSpans(sentence);
  if (!tiers.length) return 0;
  const within = asked.some((a) => tiers.some((t) => a.from >= t.from && a.to <= t.to));
  return within ? 1 : -1;
}
