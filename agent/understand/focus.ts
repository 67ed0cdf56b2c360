// What to look up for a message: its question, when the message asks one that stands on its own.
// Sentences around it ("Hola, I am Carlos, my English is not so good.", "I'm 70 and retired.")
// describe the customer or set a mood; they must not change which policy answers, or two
// customers asking the same thing would get different answers. A question that points back
// ("Can I return it?") keeps its context.
import { STOPWORDS, tokenize } from "../../kb/text/terms.ts";

const POINTS_BACK = /\b(?:it|this|that|these|those|them|they|one|ones|there|its|their|same)\b/i;
/** A question needs this many content words to stand on its own. */
const MIN_CONTENT_WORDS = 3;

export function focusOf(message: string): string {
  const sentences = message.split(/(?<=[.!?])\s+/).map((s) => s.trim()).filter(Boolean);
  const questions = sentences.filter((s) => s.endsWith("?"));
  if (!questions.length || questions.length === sentences.length) return message;
  const asked = questions.join(" ");
  if (POINTS_BACK.test(asked)) return message;
  const content = tokenize(asked).filter((t) => !STOPWORDS.has(t) && t.length > 1);
  return content.length >= MIN_CONTENT_WORDS ? asked : message;
}

/** "I'm Victoria and I'm a corporate lawyer.", "Hi, I am 72 and retired.": who the customer is,
 *  not something that happened. Words in it ("lawyer", "disability") are no event to escalate. */
const SELF_DESCRIPTION = /^\s*(?:(?:hi|hello|hey|good (?:morning|afternoon|evening))\b[,!.]?\s*)?(?:i'm|i am|i’m|my name is|my name's|this is)\b/i;
/** What turns a self-description into an event: intent, action or something done to them. */
const EVENT = /\b(?:will|going to|gonna|'ll|want to|contact(?:ing)?|sue|suing|report(?:ing)?|call(?:ing)?|having|getting|being|been|died|passed|hurt|injured|scared|afraid|threat\w*)\b/i;

export function withoutSelfDescriptions(message: string): string {
  return message
    .split(/(?<=[.!?])\s+/)
    .filter((s) => s.trim().endsWith("?") || !SELF_DESCRIPTION.test(s) || EVENT.test(s))
    .join(" ");
}
