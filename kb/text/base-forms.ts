// Word forms the stemmer leaves apart from the word they mean: irregular past forms ("paid" is
// "pay") and small numbers spelled out ("five" is "5"). Maps, not object literals: a customer's
// "constructor" or "__proto__" must never look up something of Object.prototype.
const IRREGULAR = new Map<string, string>(Object.entries({
  paid: "pay", bought: "buy", sold: "sell", sent: "send", got: "get", gotten: "get", gave: "give", given: "give",
  kept: "keep", took: "take", taken: "take", told: "tell", spent: "spend", left: "leave", lost: "lose", found: "find",
  held: "hold", brought: "bring", chose: "choose", chosen: "choose", wrote: "write", written: "write", broke: "break",
  broken: "break", made: "make", met: "meet", ran: "run", came: "come", went: "go", gone: "go", saw: "see", seen: "see",
}));

const NUMBERS = new Map<string, string>(Object.entries({
  one: "1", single: "1", two: "2", three: "3", four: "4", five: "5", six: "6", seven: "7", eight: "8", nine: "9", ten: "10", twelve: "12",
}));

/** The verb an irregular past form belongs to ("paid" → "pay"), or undefined. */
export function irregularBase(word: string): string | undefined {
  return IRREGULAR.get(word);
}

/** A small number spelled out, as digits ("five" → "5"), or undefined. */
export function spelledNumber(word: string): string | undefined {
  return NUMBERS.get(word);
}
