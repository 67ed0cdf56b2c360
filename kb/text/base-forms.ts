// Numbers spelled out ("five" is "5"), which no stemmer or lemmatizer joins to their digits
// (irregular verb forms are read by kb/text/terms.ts's stem(), with wink-lemmatizer); the words
// themselves come from numbers.ts.
import { numberWordValue } from "./numbers.ts";

/** A number spelled out, as digits ("five" → "5", "single" → "1"), or undefined. */
export function spelledNumber(word: string): string | undefined {
  const value = word === "single" ? 1 : word.includes(" ") ? null : numberWordValue(word);
  return value === null ? undefined : String(value);
}
