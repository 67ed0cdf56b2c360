// Small numbers spelled out ("five" is "5"), which no stemmer or lemmatizer joins to their digits
// (irregular verb forms are read by kb/text/terms.ts's stem(), with wink-lemmatizer). Maps, not object literals: a customer's
// "constructor" or "__proto__" must never look up something of Object.prototype.
const NUMBERS = new Map<string, string>(
  Object.entries({
    one: "1",
    single: "1",
    two: "2",
    three: "3",
    four: "4",
    five: "5",
    six: "6",
    seven: "7",
    eight: "8",
    nine: "9",
    ten: "10",
    twelve: "12",
  }),
);

/** A small number spelled out, as digits ("five" → "5"), or undefined. */
export function spelledNumber(word: string): string | undefined {
  return NUMBERS.get(word);
}
