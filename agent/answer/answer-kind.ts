// The kind of fact a question asks for ("how long" wants a duration, "how much" an amount, "how
// many" a number) and whether a sentence has it, including the customer's own figures: an $800
// laptop is answered by the "$500 to $999.99" row, not by the "$50 to $199.99" one.
import { comparable, quantitiesOf, sameQuantity, withinBound, type Quantity } from "../verify/facts.ts";
import { tagged } from "../../kb/text/pos.ts";
import { broaderNouns } from "../../kb/text/synonyms.ts";
import { spanFit } from "./time-spans.ts";
import { memoByText } from "../../kb/text/memo.ts";
import { ordinalsOf } from "../../kb/text/numbers.ts";

export type AnswerKind = {
  kind: "duration" | "clock" | "money" | "percent" | "count" | "distance" | "measure" | "list" | "contact" | "other";
  strict: boolean;
  label: string;
};

const DURATION_STRICT =
  /\bhow (?:often|long|soon|quickly|late|early|far (?:ahead|in advance|back)|many (?:days|weeks|months|hours|years|minutes|business days))\b|\b(?:what(?:'s| is)|when is) the (?:last day|deadline)\b|\bwhat(?:'s| is) (?:my|the) deadline\b|\bhow much time\b/i;
const DURATION_SOFT =
  /\bwhen\b|\bthe moment\b|\bor later\b|\bthe (?:latest|earliest|last (?:day|date|time))\b|\b(?:at )?what point\b|\bright away\b|\bdeadline\b|\bwindow\b|\bby what date\b|\buntil when\b|\bhow long\b|\bexpire|\bvalid\b|\bgood for\b/i;
/** "How much data can I add?" asks for an amount of that thing, not a price: "how much" before a
 *  noun and a verb. "How much is/does/for…", "how much a week is…" (a rate) and "how much X cost"
 *  stay prices. */
const HOW_MUCH_OF =
  /\bhow much (?!(?:is|are|was|were|does|do|did|will|would|should|could|can|for|to|it|they|this|that|time|longer|money|more|a|an|per|each|every)\b)(?:\w+ ){1,2}(?:can|could|do|does|did|will|would|is|are|may|should|am)\b(?!.*\b(?:cost|costs|charge|pay|price|fee)\b)/i;
const MONEY_STRICT =
  /\bhow much\b(?! (?:time|longer))|\bwhat(?:'s| is| are| does| do| would|'d)? (?:\w+ ){0,4}?(?:cost|costs|price|prices|fee|fees|charge|charges|minimum|discount|rate|fine|fines|deposit|excess|surcharge)\b|\bwhat(?:'s| is) the most money\b|\bwhat (?:discount|percent(?:age)?)\b/i;
const MONEY_SOFT = /\bcost\b|\bfees?\b|\bprice\b|\bcharge\b|\bpay\b|\bfree\b|\bminimum\b|\bspend\b|\bdeductible\b/i;
/** An amount or share off a price ("20% off", "money off"); not "drop off" or "one-off". */
const DISCOUNT = /\bdiscount\b|\bpercent|%|\b(?:\d[\d.,]*|money|much|anything|something|any|cash|pounds?|dollars?|euros?) off\b/i;
/** "Which countries…?", "what can I change…?": answered by the items a rule lists. */
const LIST =
  /\bwhich (?:\w+ ){0,2}?(?:countries|kinds|types|items|products|methods|reasons|options|ones|things)\b|\bwhich \w+(?:s|es) (?:can|could|do|does|are|will|would|should|is|may)\b|\bwhat (?:kinds?|types?|sorts?) of\b|\bwhat (?:are (?:the |some )?)?(?:reasons|options|methods|items|things|countries|ways|steps)\b|\bwhat can (?:I|you|we) (?!do\b)\w+\b/i;
/** "How far from a store…?" is answered by a distance ("within 50 miles"). */
const DISTANCE_STRICT =
  /\bhow far\b(?! (?:ahead|in advance|back))|\bhow (?:many|much) (?:miles|kilometers|kilometres|km)\b|\bwhat(?:'s| is) the (?:\w+ )?(?:radius|distance)\b/i;
/** "How wide is the door?", "the heaviest bag I can check": answered by a size or a weight. */
const MEASURE =
  /\bhow (?:wide|tall|high|big|large|heavy|deep|narrow)\b|\b(?:heaviest|biggest|largest|widest|tallest|highest|deepest)\b|\bmax(?:imum)? (?:size|weight|length|height|width|dimensions?)\b|\bweight limit\b|\bsize limit\b/i;
const MEASURE_UNIT =
  /\b\d+(?:\.\d+)?\s?(?:mm|cm|m|metres?|meters?|km|kg|kilos?|g|grams?|lbs?|pounds|oz|ml|l|litres?|liters?|ft|feet|foot|in|inches|sq ?ft|square (?:feet|metres|meters)|m2|m³|cubic)\b|\d+\s?(?:x|×)\s?\d+/i;
const COUNT_STRICT = /\bhow many\b(?! (?:days|weeks|months|hours|years|minutes|business days)\b)|\bis there a limit on how many\b|\bnumber of\b/i;

/** "Who should we phone about a leak?", "what's the number for the Leeds branch?": answered by a phone number or an address to write to. */
const CONTACT =
  /\bwho (?:do|should|can|could) (?:i|we) (?:ring|call|phone|contact|email)\b|\b(?:phone|telephone|contact|helpline|support) number\b|\bwhat(?:'s| is) the number\b|\bnumber (?:for|of) (?:the|your)\b/i;
const CLOCK_STRICT =
  /\bwhat (?:are|is) (?:your|the) (?:\w+ ){0,3}hours\b|\bwhat times? (?:do|does|are|is|will|can|could|should|must|would)\b(?! \w+ (?:zone|frame))|\bwhat times?\s*[?!.]*\s*$|\b(?:until|till|by|from|at) what time\b|\bwhen (?:are|is) (?:you|your|the) (?:\w+ ){0,2}(?:open|closed?)\b|\bopening hours\b/i;

/** "How much space…", "a request rate limit": the word that seemed to ask for money is followed by a
 *  noun, the thing whose amount is asked ("space", "limit"), by wink-nlp's part-of-speech tags. */
function amountOfNoun(question: string, money: RegExpMatchArray): boolean {
  if (PRICE_WORDS.test(question.slice(money.index! + money[0].length))) return false;
  const word = money[0].trim().split(/\s+/).pop()!.toLowerCase();
  const tags = tagged(question);
  const at = tags.findIndex((t) => t.word.toLowerCase() === word);
  const next = tags.slice(at + 1).find((t) => t.pos !== "ADJ" && t.pos !== "ADV");
  return at >= 0 && next?.pos === "NOUN";
}
const PRICE_WORDS = /\b(?:cost|costs|charge[sd]?|pay|price|fees?)\b/i;

export function answerKindOf(question: string): AnswerKind {
  if (CONTACT.test(question)) return { kind: "contact", strict: false, label: "number to call" };
  if (CLOCK_STRICT.test(question)) return { kind: "clock", strict: true, label: "opening hours" };
  if (DURATION_STRICT.test(question)) return { kind: "duration", strict: true, label: "time limit" };
  if (DISTANCE_STRICT.test(question)) return { kind: "distance", strict: true, label: "distance" };
  if (COUNT_STRICT.test(question)) return { kind: "count", strict: true, label: "number" };
  if (HOW_MUCH_OF.test(question)) return { kind: "count", strict: false, label: "amount" };
  const money = question.match(MONEY_STRICT);
  if (money && /^how much$|\brate$/i.test(money[0].trim()) && amountOfNoun(question, money)) return { kind: "count", strict: false, label: "amount" };
  // A discount is answered by a rate ("15% off"), not by the cap it applies up to.
  if (money)
    return DISCOUNT.test(question) ? { kind: "percent", strict: true, label: "discount rate" } : { kind: "money", strict: true, label: "amount" };
  // After the price: "How much is the biggest plan?" asks a price, not a size.
  if (MEASURE.test(question)) return { kind: "measure", strict: false, label: "size or weight" };
  if (LIST.test(question)) return { kind: "list", strict: false, label: "list" };
  if (DURATION_SOFT.test(question)) return { kind: "duration", strict: false, label: "time limit" };
  if (MONEY_SOFT.test(question) || namesKindOfCharge(question)) return { kind: "money", strict: false, label: "amount" };
  return { kind: "other", strict: false, label: "answer" };
}

/** Nouns WordNet files one step under a charge, a fee, a cost or a price ("surcharge", "levy",
 *  "toll", "fare", "tuition"): a question about one asks about an amount, as "fee" does. A payment is
 *  not one: a refund or a bonus is asked about as often for where it goes as for how much. */
const CHARGES = new Set(["charge", "fee", "cost", "price"]);
function namesKindOfCharge(question: string): boolean {
  return (question.toLowerCase().match(/[a-z]{4,}/g) ?? []).some((w) => broaderNouns(w).some((b) => CHARGES.has(b)));
}

const MONTH_DAY =
  /\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.? \d{1,2}\b/i;
const NUMBER_WORD = /\b(?:one|two|three|four|five|six|seven|eight|nine|ten|twelve|single|once|twice)\b/i;
const TIME_UNITS = new Set(["minute", "day", "business_day", "hour", "week", "month", "year", "date"]);

export function fitsAnswerKind(kind: AnswerKind, sentence: string): boolean {
  const qs = quantitiesOf(sentence);
  switch (kind.kind) {
    case "duration":
      if (
        qs.some((q) => TIME_UNITS.has(q.unit)) ||
        MONTH_DAY.test(sentence) ||
        /\b\d+ minutes?\b|\bimmediately\b|\bnever expire|\bno expiration\b|\bat (?:any|the) time\b/i.test(sentence)
      )
        return true;
      // "When…?" is also answered by an event: "when your order ships", "until the item ships".
      return !kind.strict && /\b(?:when|until|once|as soon as) (?:your|the|it|we|you|an?)\b/i.test(sentence);
    case "money":
      // "How much…?" wants an amount; a question whether anything is due is also answered by "free".
      return (
        qs.some((q) => q.unit === "money" || q.unit === "percent") ||
        (!kind.strict && /\bfree\b|\bno (?:fee|charge|cost|deductible)\b|\bnot charged\b|\bwithout (?:a |any )?(?:fee|charge)\b/i.test(sentence))
      );
    case "list":
      // "A, B, or C" and "A, B and C" list; "…called once, and will change…" joins two clauses.
      return (
        /(?:[\w'*]+(?: [\w'*]+){0,4}, ){2,}(?:[\w'*]+ ){0,4}(?:and|or) /.test(sentence) ||
        /[\w'*]+, [\w'*]+(?: [\w'*]+){0,3} (?:and|or) /.test(sentence) ||
        /\beither\b.+\bor\b/i.test(sentence) ||
        /:\s*\n\s*[-*]/.test(sentence)
      );
    case "measure":
      return MEASURE_UNIT.test(sentence);
    case "contact":
      return /\b\d[\d ()-]{6,}\d\b|\b[\w.+-]+@[\w-]+\.[\w.]+\b/.test(sentence);
    case "distance":
      return /\b\d+(?:\.\d+)?[- ]?(?:miles?|mi|kilometers?|kilometres?|km)\b/i.test(sentence);
    case "clock":
      return /\b\d{1,2}(?::\d\d)?\s?(?:a\.m\.|p\.m\.|am\b|pm\b)|\b\d{1,2}:\d\d\b|\b24\/7\b|\bnoon\b|\bmidnight\b|\bclosed\b|\bopen\b/i.test(sentence);
    case "percent":
      return qs.some((q) => q.unit === "percent") || /\$\d[\d,.]* off\b/i.test(sentence);
    case "count":
      return (
        qs.some((q) => q.unit === "count") ||
        NUMBER_WORD.test(sentence) ||
        /\bup to \d+\b|\bno limit\b|\bunlimited\b/i.test(sentence) ||
        (!kind.strict && /\d/.test(sentence))
      );
    default:
      return false;
  }
}

/** Ranges and open bounds of amounts in a sentence: "$500 to $999.99", "$25,000 or more". */
function moneyBounds(sentence: string): { lo: number; hi: number }[] {
  const out: { lo: number; hi: number }[] = [];
  const num = (s: string) => Number(s.replace(/,/g, ""));
  for (const m of sentence.matchAll(/\$(\d[\d,]*(?:\.\d+)?)\s*(?:-|–|to)\s*\$(\d[\d,]*(?:\.\d+)?)/g)) out.push({ lo: num(m[1]!), hi: num(m[2]!) });
  for (const m of sentence.matchAll(/\$(\d[\d,]*(?:\.\d+)?)\s*(?:or more|and (?:above|up|over)|\+)/g)) out.push({ lo: num(m[1]!), hi: Infinity });
  for (const m of sentence.matchAll(/\b(?:over|above|more than)\s*\$(\d[\d,]*(?:\.\d+)?)/g)) out.push({ lo: num(m[1]!), hi: Infinity });
  for (const m of sentence.matchAll(/\b(?:under|below|less than)\s*\$(\d[\d,]*(?:\.\d+)?)/g)) out.push({ lo: 0, hi: num(m[1]!) });
  return out;
}

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const MONTH_DAY_G = new RegExp(MONTH_DAY.source, "gi");

/** Month-day dates as day-of-year numbers ("Nov 15" → 319), in order of appearance; read once
 *  per text (the question's are asked of every unit). */
const daysOfYear = memoByText((text: string): number[] =>
  [...text.matchAll(MONTH_DAY_G)].map((m) => {
    const month = MONTHS.indexOf(m[0].slice(0, 3).toLowerCase());
    return month * 31 + Number(m[0].match(/\d+/)![0]);
  }),
);
const BETWEEN_DATES = new RegExp(`between (${MONTH_DAY.source}) and (${MONTH_DAY.source})`, "i");

/** A date the customer names falls inside a "between <date> and <date>" span of the sentence. */
function dateInSpan(question: string, sentence: string): boolean {
  const asked = daysOfYear(question);
  if (!asked.length) return false;
  const span = sentence.match(BETWEEN_DATES);
  if (!span) return false;
  const [lo, hi] = daysOfYear(span[0]);
  return lo !== undefined && hi !== undefined && asked.some((d) => d >= lo && d <= hi);
}

/** 1 when a sentence speaks to the customer's own figures (the same amount, or a range holding
 *  it), -1 when it only speaks to other amounts of the same kind, 0 when neither. */
export function quantityFit(question: string, sentence: string): number {
  if (dateInSpan(question, sentence)) return 1;
  const position = ordinalFit(question, sentence);
  if (position) return position;
  const span = spanFit(question, sentence);
  if (span) return span;
  const measured = measureFit(question, sentence);
  if (measured) return measured;
  const timed = timeFit(question, sentence);
  if (timed) return timed;
  const asked = quantitiesOf(question).filter((q) => q.unit === "money" || q.unit === "year" || q.unit === "percent");
  if (!asked.length) return 0;
  const have = quantitiesOf(sentence);
  const bounds = moneyBounds(sentence);
  let fit = 0;
  for (const q of asked) {
    const inRange = q.unit === "money" && bounds.some((b) => q.value >= b.lo && q.value <= b.hi);
    if (inRange || have.some((h) => sameQuantity(q, h))) fit = Math.max(fit, 1);
    else if (q.unit === "money" && bounds.length) fit = Math.min(fit, -1);
  }
  return fit;
}

/** The position the customer names ("the 4th go") against the sentence's: 1 when it names the
 *  same ("Fourth refill"), -1 when it names only others ("First refill"), else 0. */
function ordinalFit(question: string, sentence: string): number {
  const asked = ordinalsOf(question);
  if (!asked.length) return 0;
  const have = ordinalsOf(sentence);
  if (!have.length) return 0;
  return have.some((h) => asked.includes(h)) ? 1 : -1;
}

const TIME_UNITS_HELD = new Set(["minute", "hour", "day", "business_day", "week", "month", "year"]);
/** The customer's own length of time ("12 mins over", "after 10 days") against the sentence's
 *  limits and bands of time: 1 when one holds it ("11–20 minutes", "within 45 days", "over 2
 *  hours"), -1 when the sentence's only ones are bands with both ends that do not ("1–10 minutes":
 *  the row next to the customer's), 0 otherwise — a lone limit the customer is past may still be
 *  what answers ("returns within 30 days" to "it's been 40 days"). */
function timeFit(question: string, sentence: string): number {
  const asked = askedTimes(question);
  if (!asked.length) return 0;
  const limits = timeLimits(sentence);
  if (limits.some((l) => asked.some((q) => holds(l, q)))) return 1;
  return limits.length && limits.every((l) => l.upper && asked.some((q) => comparable(q, l.limit))) ? -1 : 0;
}
const askedTimes = (question: string) => quantitiesOf(question).filter((q) => TIME_UNITS_HELD.has(q.unit) && !q.bound);

/** A sentence's limits of time, each lower one with its upper end when a band says both ("11–20 minutes"). */
type TimeLimit = { limit: Readonly<Quantity>; upper: Readonly<Quantity> | null };
function timeLimits(sentence: string): TimeLimit[] {
  const have = quantitiesOf(sentence).filter((h) => TIME_UNITS_HELD.has(h.unit) && h.bound);
  const out: TimeLimit[] = [];
  for (let i = 0; i < have.length; i++) {
    const h = have[i]!;
    const upper = h.bound === "least" && have[i + 1]?.bound === "most" && have[i + 1]!.text === h.text ? have[++i]! : null;
    out.push({ limit: h, upper });
  }
  return out;
}
const holds = (l: TimeLimit, q: Quantity) => withinBound(q, l.limit) && (!l.upper || withinBound(q, l.upper));

/** Whether the customer's own figure falls in a band of the sentence with both ends ("11–20
 *  minutes", "$500 to $999.99", "months 13 to 24"): the row of a table of bands that answers them. */
export function heldInBand(question: string, sentence: string): boolean {
  if (spanFit(question, sentence) === 1) return true;
  const asked = quantitiesOf(question).filter((q) => q.unit === "money" && !q.bound);
  if (asked.some((q) => moneyBounds(sentence).some((b) => Number.isFinite(b.hi) && b.lo > 0 && q.value >= b.lo && q.value <= b.hi))) return true;
  const times = askedTimes(question);
  return times.length > 0 && timeLimits(sentence).some((l) => l.upper !== null && times.some((q) => holds(l, q)));
}

/** Whether a sentence states a length of time or an amount of the kind the customer gave that is
 *  not theirs and holds no band or limit of it ("…collected 45 minutes after closing" to "25
 *  minutes late"): beside the row the customer's figure picked, it answers another case. */
export function statesOtherFigure(question: string, sentence: string): boolean {
  const asked = quantitiesOf(question).filter((q) => !q.bound && (TIME_UNITS_HELD.has(q.unit) || q.unit === "money"));
  if (!asked.length) return false;
  const have = quantitiesOf(sentence).filter((h) => asked.some((q) => comparable(q, h)));
  return have.length > 0 && !have.some((h) => asked.some((q) => sameQuantity(q, h) || withinBound(q, h)));
}

/** The customer's own measure of a thing ("a box of 4.2 kg") against the sentence's
 *  figures of the same thing: 1 when a band or limit of them holds it ("3-5 kg", "up to 10 kg"),
 *  -1 when its bands or limits are all of other amounts ("1-2 kg"), 0 when it states none. */
function measureFit(question: string, sentence: string): number {
  // Units of measure, written short as they are ("kg", "cm", "ml", "GB"): a count of other things
  // ("the 10 session pack") is as often a name as the customer's own measure.
  const asked = quantitiesOf(question).filter((q) => q.unit === "count" && q.of && q.of.length <= 3 && !q.bound);
  if (!asked.length) return 0;
  const have = quantitiesOf(sentence).filter((h) => h.unit === "count" && asked.some((q) => q.of === h.of));
  if (!have.length) return 0;
  const holds = (q: Quantity) =>
    have.some((h, i) => {
      if (h.of !== q.of) return false;
      if (h.bound === "least" && have[i + 1]?.bound === "most" && have[i + 1]!.of === q.of)
        return q.value >= h.value && q.value <= have[i + 1]!.value;
      if (h.bound === "most" && have[i - 1]?.bound === "least") return false;
      return h.bound ? withinBound(q, h) : sameQuantity(q, h);
    });
  if (asked.some(holds)) return 1;
  // A figure said without a limit ("Maximum weight: 20 kg") is no band the customer's falls outside;
  // nor is a band that only a part of the sentence is said under ("Entry is $9 (free for under-4s)"):
  // the rest of it holds for everyone.
  if (!have.some((h) => h.bound)) return 0;
  const parts = sentence.split(/[;()]|\s[—–-]\s/).filter((p) => p.trim().split(/\s+/).length >= 3);
  const unbanded = parts.some((p) => !quantitiesOf(p).some((h) => h.bound && asked.some((q) => q.of === h.of)));
  return unbanded ? 0 : -1;
}

export type { Quantity };

const TIME_LIMIT_WORDS = /\b(?:expir(?:e|es|ed|y|ation)|forever|deadline|any ?time)\b/i;

/** "$9 a month", "£0.40 per day": a price by the period, not a length of time. */
const RATE_PERIOD = /([$£€]\s?\d[\d,.]*)\s*(?:a|an|per|each|every|\/)\s*(?:day|night|week|month|year|hour|minute)\b/gi;

/** The kind of fact a claim states ("lasts 48 hours" → a duration), to find the rule that governs it. */
export function claimKindOf(claim: string): AnswerKind {
  const units = quantitiesOf(claim.replace(RATE_PERIOD, "$1")).map((q) => q.unit);
  // "My $10 certificates never expire" is about how long they last, not about the $10.
  if (units.some((u) => TIME_UNITS.has(u)) || TIME_LIMIT_WORDS.test(claim)) return { kind: "duration", strict: true, label: "time limit" };
  if (units.includes("percent")) return { kind: "percent", strict: true, label: "rate" };
  if (units.includes("money")) return { kind: "money", strict: true, label: "amount" };
  return { kind: "other", strict: false, label: "answer" };
}
