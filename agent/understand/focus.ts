// What to look up for a message: the message without the sentences that only say who the customer
// is ("Hola, I am Carlos.", "I'm 68 and retired."), so two customers asking the same thing get the
// same answer. What happened to them stays ("My phone says no signal.", "I bought a lamp last
// week."): it is often what the question is about, and the question reading weighs it below the
// question itself.
import { STOPWORDS, tokenize } from "../../kb/text/terms.ts";
import { onlyPointsBack } from "../../kb/text/sentences.ts";
import { PLACEHOLDERS } from "../guard/redact.ts";

/** A sentence that only hands over personal data ("My card is [CARD].") says who the customer is,
 *  not what they ask: the same question with or without it must get the same answer. */
const PERSONAL_DATA = new RegExp(
  `${Object.values(PLACEHOLDERS)
    .map((p) => p.replace(/[[\]]/g, "\\$&"))
    .join("|")}|•{2,}\\s?\\d`,
);

export function focusOf(message: string): string {
  const sentences = sentencesOf(message);
  const keep = sentences.map((s) => isQuestion(s) || (!saysOnlyWho(s) && !PERSONAL_DATA.test(s)));
  // A question that only points back ("What would that involve?") asks about the sentence before
  // it, even one that begins by saying who the customer is ("I'm keen on …").
  sentences.forEach((s, i) => {
    if (i > 0 && keep[i] && onlyPointsBack(s) && !PERSONAL_DATA.test(sentences[i - 1]!)) keep[i - 1] = true;
  });
  const kept = sentences.filter((_, i) => keep[i]).join(" ");
  return tokenize(kept).some((t) => !STOPWORDS.has(t) && t.length > 1) ? kept : message;
}

/** "I'm Helga and I'm a tax lawyer.", "Hi, I am 72 and retired.": who the customer is,
 *  not something that happened. Words in it ("lawyer", "disability") are no event to escalate. */
const SELF_DESCRIPTION =
  /^\s*(?:(?:hi|hello|hey|good (?:morning|afternoon|evening)|\p{L}+(?=[,!]))\b[,!.]?\s*)?(?:i'm|i am|i’m|my name is|my name's|this is)\b/iu;
/** What turns a self-description into an event: intent, action or something done to them. */
const EVENT =
  /\b(?:will|going to|gonna|'ll|want to|contact(?:ing)?|sue|suing|report(?:ing)?|call(?:ing)?|having|getting|being|been|died|passed|hurt|injured|scared|afraid|threat\w*)\b/i;

const sentencesOf = (message: string) => message.split(/(?<=[.!?])\s+/);
const isQuestion = (sentence: string) => sentence.trim().endsWith("?");
const saysOnlyWho = (sentence: string) => SELF_DESCRIPTION.test(sentence) && !EVENT.test(sentence);

export function withoutSelfDescriptions(message: string): string {
  return sentencesOf(message)
    .filter((s) => isQuestion(s) || !saysOnlyWho(s))
    .join(" ");
}
