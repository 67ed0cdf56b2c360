// A bare "Yes." or "No." is a claim about the question it answers: "Can I return an opened
// tablet?" answered "Yes." claims that I can return an opened tablet; "No, it isn't." claims the
// opposite. The checker reads such an answer together with its question.
const AUXILIARY =
  /^(?:(?:so|and|but|ok|okay|hi|hello|hey|also|quick question)[,:\s]+)*(can|could|do|does|did|is|are|was|were|will|would|should|may|might|must|have|has|am)\b\s*/i;
const ANSWER_START = /^\s*(yes|yeah|yep|sure|correct|right|no|nope|not really)\b[\s,.!—–-]*/i;
/** A reply that only echoes the question's verb ("you can", "it isn't", "they do"). */
const ECHO =
  /^(?:(?:you|it|they|we|i|that|this|there|he|she)\s+)?(?:can(?:not|'t)?|could(?:n't)?|do(?:n't)?|does(?:n't)?|is(?:n't)?|are(?:n't)?|will|won't|would(?:n't)?|should(?:n't)?|may|might|must|have|has(?:n't)?|am)?(?:\s+not)?\s*[.!]?\s*$/i;

const COURTESY =
  /^(?:(?:i'?m |i am )?(?:sorry|afraid(?: not| so)?)|unfortunately(?: not)?|of course|certainly|absolutely|definitely|not at all|that(?:'s| is) (?:right|correct))\b[\s,.!—–-]*(?=$|[a-z])/i;

/** A no said with an apology or a qualifier before what the answer goes on to say: "Sorry, no —",
 *  "Unfortunately not —", "I'm afraid not;", or "Not <a few words> —" ("Not on weekdays —", "Not
 *  for one night, I'm afraid;"). The yes-or-no group is left empty: it is a no. */
const NOT_PHRASE = String.raw`not\b[^—–;:.!?]{1,40}?`;
const NO_LEAD = new RegExp(
  String.raw`^\s*(?:(?:(?:i'?m |i am )?(?:sorry|afraid)|unfortunately)[,\s]+(?:no|not)\b|(?:i'?m |i am )?afraid not\b|${NOT_PHRASE}(?:,\s*(?:i'?m |i am )?(?:afraid|sorry))?(?=\s*[—–;]))()?[\s,.!—–;-]*`,
  "i",
);

/** "No, not all at once —": the qualifier of a no, before what the answer goes on to say. */
const NOT_QUALIFIER = new RegExp(String.raw`^${NOT_PHRASE}(?=\s*[—–;])[\s—–;-]*`, "i");

export type YesNoReading = { polarity: "yes" | "no"; claim: string; rest: string };

/** The question's proposition, affirmed or denied, when the answer opens with yes or no. */
export function readYesNo(question: string, answer: string): YesNoReading | null {
  const asked =
    question
      .split(/(?<=[.!?])\s+/)
      .filter((s) => s.trim().endsWith("?"))
      .pop() ?? question;
  // The question may follow what the customer says first in the same sentence ("Me and two friends
  // want to ride — can I unlock three bikes?"): its last clause that opens with the verb is asked.
  const clause = [
    asked.trim(),
    ...asked
      .split(/\s[—–-]\s|[,;:]\s/)
      .map((c) => c.trim())
      .reverse(),
  ].find((c) => AUXILIARY.test(c));
  const aux = clause?.match(AUXILIARY);
  const start = answer.match(ANSWER_START) ?? answer.match(NO_LEAD);
  if (!clause || !aux || !start) return null;
  const polarity = start[1] === undefined || /^(?:no|nope|not)/i.test(start[1]) ? "no" : "yes";
  const body = clause.slice(aux[0].length).replace(/\?+\s*$/, "");
  const verb = aux[1]!.toLowerCase();
  const claim = polarity === "yes" ? `${verb} ${body}` : `${verb} not ${body}`;
  // "No, sorry.", "Yes, that's right.", "No, I'm afraid not.": courtesy around the yes or no claims nothing.
  const after = answer.slice(start[0].length).replace(COURTESY, "").replace(NOT_QUALIFIER, "");
  // "Yes, you can." adds nothing; "Yes — the fee is $95." adds a claim of its own.
  const rest = ECHO.test(after) ? "" : after;
  return { polarity, claim, rest };
}
