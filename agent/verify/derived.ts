// Amounts an answer works out rather than quotes: "14 pounds at $1.75 a pound comes to $24.50",
// "each of the ten classes works out to $15", "12 months at $55 less 10% is $594". Such a figure is
// supported when one step of arithmetic (or a product and then a percentage) over the sources'
// figures gives it, and the step starts from a figure the conversation itself states — the
// question's, or another of the answer's. A figure changed on its own ("within 60 days" for 30)
// has no such anchor, so it is still checked against the sources like any other.
import { FRACTIONS, sameQuantity, type Quantity, type QuantityUnit } from "./facts.ts";
import { NUMBER_WORDS_PATTERN, numberWordValue } from "../../kb/text/numbers.ts";

type Q = Readonly<Quantity>;

/** Money rounds to the cent; other figures to a hundredth. */
const TOLERANCE = 0.006;
const close = (a: number, b: number) => Math.abs(a - b) <= TOLERANCE + 1e-9 * Math.max(Math.abs(a), Math.abs(b));

/** A factor that says nothing: multiplying or dividing by it is no step. */
const trivial = (v: number) => v === 0 || v === 1;

/** What a product or quotient of two figures is measured in, when the result's unit is `unit`:
 *  money times a count (or a length of time) is money; money over money is a count. */
function multipliesTo(unit: QuantityUnit, a: Q, b: Q): boolean {
  if (a.unit === "percent" || b.unit === "percent") return false;
  if (unit === "count") return (a.unit === "count" && b.unit === "count") || (a.unit === "money" && b.unit === "money");
  // One operand carries the result's unit, the other counts it (never money times money).
  return (a.unit === unit && b.unit !== "money") || (b.unit === unit && a.unit !== "money");
}

/** Sums and differences keep the unit of both operands. */
const addsTo = (unit: QuantityUnit, a: Q, b: Q) => a.unit === unit && b.unit === unit && unit !== "percent" && unit !== "date";

function steps(a: Q, b: Q, unit: QuantityUnit): number[] {
  const out: number[] = [];
  if (multipliesTo(unit, a, b) && !trivial(a.value) && !trivial(b.value)) out.push(a.value * b.value, a.value / b.value, b.value / a.value);
  if (addsTo(unit, a, b)) out.push(a.value + b.value, Math.abs(a.value - b.value));
  return out;
}

/** Numbers said in words anywhere in the conversation ("four kayaks", "for us three"),
 *  as counts an amount may be worked out from, whatever they count. */
const NUMBER_WORD = new RegExp(String.raw`\b(?:${NUMBER_WORDS_PATTERN})\b`, "gi");
export function countsInWords(text: string): Q[] {
  return [...text.matchAll(NUMBER_WORD)]
    .map((m) => ({ unit: "count" as const, value: numberWordValue(m[0])!, text: m[0] }))
    .filter((q) => !trivial(q.value));
}

/** Shares said in words of an amount ("half the weekday rate", "a third of the fee"), as the
 *  percentages they are; a part of a unit of time ("half an hour") is a duration, read elsewhere. */
const SHARE_IN_WORDS =
  /\b(half|(?:a|one) third|(?:a|one) quarter|two thirds|three quarters)\s+(?!an?\s+(?:hour|day|year)\b)(?:of\s+)?(?:the|a|an|its|their|your|our|this|that)\b/gi;
export function sharesIn(text: string): Q[] {
  return [...text.matchAll(SHARE_IN_WORDS)].map((m) => {
    const said = m[1]!.toLowerCase().replace(/^(?:a|one) /, "");
    return { unit: "percent" as const, value: FRACTIONS[said]! * 100, text: m[1]! };
  });
}

/** Whether `q` follows from the sources' figures (`stated`) by one step that uses a figure of the
 *  conversation (`anchors`: the question's and the answer's other figures), optionally followed by
 *  a percentage the sources give ("less 10%", "plus 20%"). */
export function isDerived(q: Q, anchors: readonly Q[], stated: readonly Q[]): boolean {
  // Prices, totals and savings: a count or a time worked out from small numbers ("every 10 rooms"
  // from "2 free rooms" and "20", "60 minutes" from "90" and "30") is too often a coincidence to
  // count as support.
  if ((q.unit !== "money" && q.unit !== "percent") || q.bound) return false;
  if (stated.some((s) => sameQuantity(q, s))) return false;
  // A total of two amounts the sources charge for one thing each ("€32 a day" and "€5 a day" come to
  // "€37 for the day"): added, never subtracted, and only amounts charged by the same period.
  const money = stated.filter((s) => s.unit === "money" && !s.bound);
  for (let i = 0; i < money.length; i++)
    for (let j = i + 1; j < money.length; j++)
      if (money[i]!.of === money[j]!.of && !sameQuantity(money[i]!, money[j]!) && close(money[i]!.value + money[j]!.value, q.value)) return true;
  const percents = stated.filter((s) => s.unit === "percent").map((s) => s.value / 100);
  const withPercent = (v: number) => [v, ...percents.flatMap((p) => [v * (1 - p), v * (1 + p)])];
  // A share of an amount the sources give, at a rate they give ("a 30% deposit" on "$620" is $186;
  // "half the weekday rate" of "$65" is $32.50): one step, both figures stated, the anchor being
  // the sources' own pairing of the two.
  if (q.unit === "money" && money.some((m) => percents.some((p) => close(m.value * p, q.value) || close(m.value * (1 - p), q.value)))) return true;
  for (const a of anchors) {
    if (a === q || sameQuantity(a, q)) continue;
    // The customer's amount less, plus or at a rate the sources give ("55% of €80 in credit" is €44).
    if (
      q.unit === a.unit &&
      percents.some((p) => close(a.value * (1 - p), q.value) || close(a.value * (1 + p), q.value) || close(a.value * p, q.value))
    )
      return true;
    for (const b of [...stated, ...anchors]) {
      if (b === a || b === q) continue;
      if (steps(a, b, q.unit).some((v) => withPercent(v).some((w) => close(w, q.value)))) return true;
    }
  }
  return false;
}
