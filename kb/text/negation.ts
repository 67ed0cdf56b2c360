// Where a question negates a word ("it's not faulty", "isn't really broken"): one reader for every
// place that weighs a question's words, so they agree on what the customer ruled out.

/** Negators of a state. A question's "can't"/"don't" negate its verb ("can't I return it?") and
 *  ask about the thing all the same, so they are not here. */
const NEGATORS = new Set(["not", "isn't", "wasn't", "aren't", "weren't", "never", "no", "without"]);
/** Words that may stand between the negator and the word it negates ("not really faulty"). */
const HEDGES = new Set(["really", "actually", "even", "at", "all", "been"]);

/** Whether the token at `i` is negated: a negator right before it, or one hedge word before. */
export function negatedAt(tokens: readonly string[], i: number): boolean {
  return NEGATORS.has(tokens[i - 1] ?? "") || (NEGATORS.has(tokens[i - 2] ?? "") && HEDGES.has(tokens[i - 1] ?? ""));
}
