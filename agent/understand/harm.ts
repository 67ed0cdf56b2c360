// Someone hurting or threatening to hurt the customer or a person with them, whoever it is (a
// partner, a stranger, a member of staff) and however the blow is named: the verb is read with
// WordNet (kb/text/synonyms.ts isHarmVerb: kinds of hitting, injuring or killing) rather than from a
// list, and the one who acts must be a person ("the storm hit us" is weather, "they hit me with a
// fee" is a bill).
import { isHarmVerb, isPersonNoun } from "../../kb/text/synonyms.ts";

/** Who may be hurt: the customer, the people they speak of, or "my"/"our" and a kind of person. */
const VICTIM = String.raw`(me|us|him|her|them|(?:my|our)\s+(\w+))\b(?!\s+with\b)`;

/** "He threatened to punch me", "she's threatening that she'll hit my son", "he said he'd stab us". */
const THREAT = new RegExp(
  String.raw`\b(?:threaten(?:s|ed|ing)?\s+(?:(?:me|us|him|her|them)\s+)?(?:to|that\s+(?:he|she|they)(?:'d|'ll|\s+would|\s+will))|(?:said|says|told\s+(?:me|us))\s+(?:that\s+)?(?:he|she|they)(?:'d|'ll|\s+would|\s+will|\s+(?:was|is|were|are)\s+going\s+to|\s+gonna))\s+(\w+)\s+${VICTIM}`,
  "gi",
);

/** "The driver punched me", "he's kicked my son again": one word before the verb names who acted,
 *  after any of a few auxiliaries and adverbs. */
const ACT = new RegExp(
  String.raw`\b(\w+)(?:'s|\s+(?:has|had|just|keeps|kept|always|was|is|been|again|then|actually|literally|nearly|almost|tried\s+to))*\s+(\w+)\s+${VICTIM}`,
  "gi",
);

const PRONOUN_ACTORS = new Set(["he", "she", "they", "someone", "somebody", "ex"]);

const victim = (bare: string | undefined, noun: string | undefined) => Boolean(bare && (!noun || isPersonNoun(noun)));

/** Whether a message says that a person hurt, or threatened to hurt, someone. */
export function speaksOfHarm(text: string): boolean {
  for (const m of text.matchAll(THREAT)) if (isHarmVerb(m[1]!) && victim(m[2], m[3])) return true;
  // Matches may overlap ("the bin men punched me"): each position is tried in turn.
  ACT.lastIndex = 0;
  for (let m = ACT.exec(text); m; m = ACT.exec(text)) {
    const actor = m[1]!.toLowerCase();
    if ((PRONOUN_ACTORS.has(actor) || isPersonNoun(actor)) && isHarmVerb(m[2]!) && victim(m[3], m[4])) return true;
    ACT.lastIndex = m.index + 1;
  }
  return false;
}
