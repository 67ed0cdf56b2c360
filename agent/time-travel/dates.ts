// The date a customer's question is about, when they name one ("I bought this on 3 March"):
// Keel then answers under the policies in force on that date. Only a past date tied to a
// purchase or delivery counts; "within two weeks" or "next week" are not dates of a purchase.
import * as chrono from "chrono-node";
import { splitSentences } from "../../kb/text/sentences.ts";

const PURCHASE =
  /\b(?:bought|buy|purchased?|ordered|order(?:ed)? was placed|placed (?:my|the|an|this) order|got (?:it|this|them|one)|received|delivered|arrived|paid)\b/i;

const iso = (d: Date) => d.toISOString().slice(0, 10);

export type PurchaseDate = { date: string; text: string };

function* purchaseDates(message: string, today: string): Generator<PurchaseDate> {
  const ref = new Date(`${today}T12:00:00Z`);
  for (const { text: sentence } of splitSentences(message)) {
    if (!PURCHASE.test(sentence)) continue;
    for (const result of chrono.parse(sentence, ref, { forwardDate: false })) {
      const d = result.start.date();
      // "3 March" with no year means the last 3 March, not the next one.
      if (!result.start.isCertain("year") && d.getTime() > ref.getTime()) d.setFullYear(d.getFullYear() - 1);
      if (d.getTime() > ref.getTime()) continue;
      // A duration ("30 days") parses as a date relative to today; a purchase date is named.
      if (/\bwithin\b|\bfor\b|\bin \d/i.test(result.text)) continue;
      yield { date: iso(d), text: result.text };
    }
  }
}

/** Every purchase date the message names, read once per turn against the turn's own date. */
export function namedPurchaseDates(message: string, today: string): PurchaseDate[] {
  return [...purchaseDates(message, today)];
}

/** The text without the purchase dates found in it: when something happened is the customer's
 *  situation (it picks the policy version), not what they ask about. */
export function withoutDates(text: string, dates: readonly PurchaseDate[]): string {
  let out = text;
  for (const { text: named } of dates) out = out.replace(named, " ");
  return out;
}
