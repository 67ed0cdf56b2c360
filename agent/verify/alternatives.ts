// Values a policy lists as alternatives of one thing ("The status of an order can be: pending,
// processed, delivered, or cancelled") and rules that allow something only for one of them ("An
// order can only be modified if its status is 'pending'"). Together they decide a claim the words
// alone cannot: "you can change the address on processed orders" names another value of the very
// thing the rule restricts, so the rule contradicts it.
import { contentStems, stem, tokenize } from "../../kb/text/terms.ts";

/** One-word items of a list of three or more: "a, b, c, or d" (markup and quotes around items allowed). */
const ITEM = String.raw`[*_'"“‘]{0,2}[A-Za-z][A-Za-z-]*[*_'"”’]{0,2}`;
const LIST = new RegExp(String.raw`(?:${ITEM},\s+){2,}(?:(?:and|or)\s+)?${ITEM}(?=[\s.,;:!?)]|$)`, "g");

/** For each listed value's stem, the stems of the values listed beside it, and each stem's word. */
export type Alternatives = { siblings: Map<string, Set<string>>; words: Map<string, string> };

export function alternativesIn(texts: string[]): Alternatives {
  const out: Alternatives = { siblings: new Map(), words: new Map() };
  for (const text of texts) {
    for (const m of text.matchAll(LIST)) {
      const words = [...new Set(m[0].split(/,\s+(?:(?:and|or)\s+)?|\s+(?:and|or)\s+/).flatMap((i) => tokenize(i)))];
      const items = [...new Set(words.map(stem))];
      if (items.length < 3) continue;
      words.forEach((w) => out.words.set(stem(w), w));
      for (const item of items) {
        const siblings = out.siblings.get(item) ?? new Set<string>();
        for (const other of items) if (other !== item) siblings.add(other);
        out.siblings.set(item, siblings);
      }
    }
  }
  return out;
}

/** The words of the condition a rule's "only" sets: "can only be modified if its status is 'pending'"
 *  → its, status, pending. Read up to the end of the clause. */
const ONLY_CONDITION = /\bonly\b[^.;,]*?\b(?:if|when|while|for|on|in|with)\b([^.;,]*)/gi;

export function onlyConditionStems(text: string): Set<string> {
  return new Set([...text.matchAll(ONLY_CONDITION)].flatMap((m) => tokenize(m[1]!).map(stem)));
}

/** A value the claim names (processed) whose sibling (pending) is the only one the rule allows,
 *  while the claim names no value the rule allows: `{ named, allowed }`, or null. */
export function excludedValue(claimStems: string[], ruleText: string, alternatives: Alternatives): { named: string; allowed: string } | null {
  if (!alternatives.siblings.size) return null;
  const condition = onlyConditionStems(ruleText);
  if (!condition.size || claimStems.some((s) => condition.has(s) && alternatives.siblings.has(s))) return null;
  // A word the rule itself uses ("cancelled" in "can only be cancelled if…") is what the rule is
  // about, not a value it leaves out.
  const ruleStems = new Set(tokenize(ruleText).map(stem));
  for (const named of claimStems.filter((s) => !ruleStems.has(s))) {
    const allowed = [...(alternatives.siblings.get(named) ?? [])].find((s) => condition.has(s));
    if (allowed) return { named, allowed };
  }
  return null;
}

/** A rule's conditions: "…free if the item is defective or arrived damaged" → "the item is
 *  defective or arrived damaged"; read to the end of the clause. */
const CONDITION_CLAUSE = /\b(?:if|unless|provided(?: that)?|as long as|except|only (?:for|on|in|to|with|when|while))\b([^.;,]*)/gi;

/** Whether a claim states one of the rule's conditions: all the words of one alternative of it
 *  ("arrived damaged"), or a listed value the condition names ("I can cancel my pending order"
 *  under "…only be cancelled if its status is 'pending'"). "Card payments" does not state "if it
 *  is gift card". */
export function statesCondition(claim: string, rule: string, alternatives: Alternatives): boolean {
  const said = new Set(contentStems(claim));
  return [...rule.matchAll(CONDITION_CLAUSE)].some((m) =>
    m[1]!.split(/\bor\b/).some((option) => {
      const stems = contentStems(option);
      return stems.length > 0 && (stems.every((s) => said.has(s)) || stems.some((s) => said.has(s) && alternatives.siblings.has(s)));
    }),
  );
}
