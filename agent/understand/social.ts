// What a message does when it asks nothing: greets, thanks, agrees, declines or acknowledges.
// "hi", "Thanks Jonas!", "yes please" and "ok" are conversation, not questions to look up — a
// lookup would refuse them ("I can't find anything about jonas") or, after an answer, take them
// for pushback. These are closed-class words of English conversation, not vocabulary a knowledge
// base could supply, so they are listed here; anything else in the message makes it a question.
import { z } from "zod";

export const socialActSchema = z.enum(["greeting", "thanks", "yes", "no", "ack"]);
export type SocialAct = z.infer<typeof socialActSchema>;

/** Each act's words; a message is that act when every word of it is one of them (or a name). */
const WORDS: Record<SocialAct, string[]> = {
  greeting: ["hi", "hello", "hey", "hiya", "howdy", "greetings", "good", "morning", "afternoon", "evening", "there", "yo"],
  thanks: [
    "thanks",
    "thank",
    "thx",
    "ty",
    "cheers",
    "you",
    "so",
    "very",
    "much",
    "a",
    "lot",
    "appreciate",
    "it",
    "that",
    "great",
    "perfect",
    "awesome",
    "helpful",
    "bye",
    "goodbye",
  ],
  // "yes, a human please" answers the offer of a person as plainly as "yes please".
  yes: [
    "yes",
    "yeah",
    "yep",
    "yup",
    "sure",
    "please",
    "ok",
    "okay",
    "go",
    "ahead",
    "do",
    "it",
    "that",
    "would",
    "be",
    "great",
    "y",
    "a",
    "person",
    "human",
    "someone",
    "real",
  ],
  no: ["no", "nope", "nah", "not", "now", "thanks", "thank", "you", "i'm", "im", "fine", "good", "that's", "all"],
  ack: ["ok", "okay", "k", "got", "it", "understood", "cool", "alright", "right", "i", "see", "makes", "sense", "noted", "fine", "great"],
};
/** The word that decides between acts that share words ("ok" alone acknowledges; "yes" agrees). */
const LEADING: Record<SocialAct, string[]> = {
  greeting: ["hi", "hello", "hey", "hiya", "howdy", "greetings", "morning", "afternoon", "evening", "yo"],
  thanks: ["thanks", "thank", "thx", "ty", "cheers", "appreciate", "bye", "goodbye"],
  yes: ["yes", "yeah", "yep", "yup", "sure", "please", "y"],
  no: ["no", "nope", "nah"],
  ack: ["ok", "okay", "k", "got", "understood", "cool", "alright", "noted", "see"],
};
const ORDER: SocialAct[] = ["thanks", "no", "yes", "greeting", "ack"];
/** Longer than this, a message says more than a social act. */
const MAX_WORDS = 8;

/** The social act a message is, or null when it asks or says anything else. One capitalised word
 *  that belongs to no act ("Thanks Jonas!", "Hi Sam") is taken for a name. */
export function socialActOf(message: string): SocialAct | null {
  const words = message.match(/[\p{L}\p{N}'’]+/gu) ?? [];
  if (!words.length || words.length > MAX_WORDS || (/\?/.test(message) && !/^\W*(?:hi|hello|hey)\b/i.test(message))) return null;
  const lower = words.map((w) => w.toLowerCase().replace(/’/g, "'"));
  for (const act of ORDER) {
    const allowed = new Set(WORDS[act]);
    const strangers = words.filter((_, i) => !allowed.has(lower[i]!));
    const isName = strangers.length === 1 && /^\p{Lu}\p{Ll}+$/u.test(strangers[0]!) && words.length > 1;
    if ((strangers.length === 0 || isName) && lower.some((w) => LEADING[act].includes(w))) return act;
  }
  return null;
}
