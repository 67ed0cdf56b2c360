// English numbers written in words ("five", "fifteen", "ninety-five"), generated from the
// language's own number system rather than listed, and amounts of money written in words
// ("ninety-five pounds", "six pounds fifty", "fifteen pence", "a four-pound charge"). One reader
// serves the checker's figures (agent/verify/facts.ts) and the word forms that meet digits
// (base-forms.ts). Maps, not object literals: a customer's "constructor" must look up nothing.

const UNITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];
const TEENS = ["ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"];
const TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];

const VALUES = new Map<string, number>();
UNITS.forEach((w, i) => VALUES.set(w, i));
TEENS.forEach((w, i) => VALUES.set(w, 10 + i));
TENS.forEach((w, i) => {
  VALUES.set(w, 20 + 10 * i);
  // "ninety-five", "ninety five"
  for (let u = 1; u < 10; u++) {
    VALUES.set(`${w}-${UNITS[u]}`, 20 + 10 * i + u);
    VALUES.set(`${w} ${UNITS[u]}`, 20 + 10 * i + u);
  }
});
VALUES.set("hundred", 100);
// The one counting noun English uses as a number ("a dozen", "no more than a dozen").
VALUES.set("dozen", 12);

/** The value of a number written in words, from zero to ninety-nine, "dozen" and "hundred"; null otherwise. */
export function numberWordValue(word: string): number | null {
  return VALUES.get(word.toLowerCase().replace(/\s+/g, " ")) ?? null;
}

/** Positions in words up to the twelfth ("second" is 2); the rest add "-th" to their number. */
const ORDINAL_WORDS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh", "twelfth"];
/** Not a word's first half ("second-hand"), nor a day of the month (after "on the", before "of" or a month). */
const ORDINAL = new RegExp(
  String.raw`(?<!\bon\s+the\s+)\b(?:(\d{1,3})(?:st|nd|rd|th)|(${ORDINAL_WORDS.join("|")}))\b(?!-)(?!\s+(?:of\b|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec))`,
  "gi",
);

/** The positions a text names, as numbers ("the 4th go", "Fourth refill" → 4). */
export function ordinalsOf(text: string): number[] {
  return [...text.matchAll(ORDINAL)].map((m) => (m[1] ? Number(m[1]) : ORDINAL_WORDS.indexOf(m[2]!.toLowerCase()) + 1));
}

/** A regular-expression alternation (no groups) matching any number word, longest first, so
 *  "ninety-five" is read whole rather than as "ninety". */
export const NUMBER_WORDS_PATTERN = [...VALUES.keys()]
  .sort((a, b) => b.length - a.length)
  .map((w) => w.replace(/ /g, String.raw`\s+`))
  .join("|");

const NUM = String.raw`(\d+(?:\.\d+)?|${NUMBER_WORDS_PATTERN})`;
const SYMBOL: Record<string, string> = { pound: "£", dollar: "$", buck: "$", euro: "€" };
/** "ninety-five pounds", "six pounds fifty", "2 dollars and 50 cents", "a four-pound charge". */
const MAJOR = new RegExp(
  String.raw`\b${NUM}[-\s]+(pound|dollar|buck|euro)s?\b(?:\s+(?:and\s+)?${NUM}(?:\s+(?:pence|p|cents?))?\b(?![-\s]+(?:pound|dollar|euro|day|hour|week|month|year|minute)))?`,
  "gi",
);
/** "fifteen pence", "fifty cents" (in figures, "15 pence" is read as it stands). */
const MINOR = new RegExp(String.raw`\b(${NUMBER_WORDS_PATTERN})[-\s]+(?:pence|cents?)\b`, "gi");

const valueOf = (n: string) => (/^\d/.test(n) ? Number(n) : numberWordValue(n));

/** The text with amounts of money written in words put in figures ("ninety-five pounds" → "£95",
 *  "six pounds fifty" → "£6.50", "fifteen pence" → "15p"), so they are read as the amounts they are. */
export function moneyInFigures(text: string): string {
  if (!/pound|dollar|buck|euro|pence|cent/i.test(text)) return text;
  return text
    .replace(MAJOR, (whole, major: string, currency: string, minor: string | undefined) => {
      const a = valueOf(major);
      const b = minor === undefined ? 0 : valueOf(minor);
      if (a === null || b === null || b >= 100) return whole;
      const symbol = SYMBOL[currency.toLowerCase()]!;
      return `${symbol}${minor === undefined ? a : (a + b / 100).toFixed(2)}`;
    })
    .replace(MINOR, (whole, n: string) => {
      const v = valueOf(n);
      return v === null ? whole : `${v}p`;
    });
}
