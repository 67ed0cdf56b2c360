// Removes who the customer says they are (name, age, origin, gender, disability) from the text
// used to find and compose an answer, so two customers asking the same thing get the same reply.
import { onlyPointsBack } from "../../kb/text/sentences.ts";
import { STOPWORDS } from "../../kb/text/terms.ts";
/** A courtesy frame around a request ("I would be very grateful if you could tell me …"): read as
 *  the plain request it is (a "please" and the verb of telling), in whatever register it was written. */
const COURTESY_FRAME =
  /\bI\s+(?:should|would|'d)\s+be\s+(?:most\s+|very\s+|extremely\s+|so\s+)?grateful\s+if\s+you\s+(?:could|would|might)\s+(?:kindly\s+|please\s+)?(?:inform\s+me\s+(?:of|about|whether|if)|tell\s+me|let\s+me\s+know|advise\s+me\s+(?:of|on|whether|if)?|confirm)\s*/giu;
/** A request to be told whether something holds ("Would you please advise me if …", "Can you let
 *  me know if …"): only the something is asked, as plainly as "is there …" asks it. */
const WHETHER_FRAME =
  /\b(?:(?:could|can|would|will)\s+you|please)\s+(?:kindly\s+|please\s+)?(?:confirm|advise(?:\s+me)?|tell\s+me|let\s+me\s+know|clarify|inform\s+me)\s+(?:(?:of|on|about|as\s+to)\s+)?(?:whether|if)\s+/giu;
const PERSONA_PATTERNS: RegExp[] = [
  // A letter's opening ("Dear Northgate team,"): how the customer writes, not what they ask.
  /^\s*(?:dear\s+[^,\n]{1,40}?|to whom it may concern)\s*[,:\n]\s*/i,
  // A greeting, with the one word that may address Keel by it ("Hello dear,", "Hi Sam!").
  /\b(?:hi|hello|hey|good (?:morning|afternoon|evening))\b(?:\s+[\p{L}'’-]+(?=[,!]))?[,!.]?\s*/giu,
  /\b(?:my name is|my name's|this is|i am|i'm)\s+(?:mr\.?|mrs\.?|ms\.?|dr\.?\s+)?[A-Z][\p{L}'-]+(?:\s+[A-Z][\p{L}'-]+)?\s*(?=[,.;!]|\s+and\b|\s*$)[,.;!]?\s*/gu,
  // "Kim here," / "Eleanor here." — a name introducing itself.
  /(?<![\p{L}'-])[A-Z][\p{L}'-]+(?:\s+[A-Z][\p{L}'-]+){0,2}\s+here\s*[,.;!—–-]\s*/gu,
  /\b(?:i am|i'm)\s+(?:a |an )?\d{1,3}[- ](?:years?|yrs?)[- ]old(?:\s+\w+)?[,.;]?\s*/gi,
  /\b(?:i am|i'm)\s+\d{1,3}\b[,.;]?\s*/gi,
  /\b(?:as )?an? \d{1,3}[- ]year[- ]old\s+\w+[,.;]?\s*/gi,
  /\b(?:i am|i'm)\s+(?:originally\s+)?from\s+[A-Z][\p{L}'-]+(?:\s+[A-Z][\p{L}'-]+)?[,.;]?\s*/gu,
  /\b(?:as an?|i am an?|i'm an?)\s+(?:(?:single|retired|young|elderly|older|disabled|deaf|blind|pregnant|immigrant|veteran|trans|gay|muslim|christian|jewish|hindu|black|white|asian|latina|latino|hispanic|nigerian|mexican|indian|chinese|german|french|polish|american|british)\s+)*(?:woman|man|mother|father|mom|mum|dad|grandmother|grandfather|grandma|grandpa|student|person|lady|guy|senior|immigrant|wheelchair user|retiree|nonbinary person)\b[,.;]?\s*/gi,
  /\b(?:i am|i'm|i use a)\s+(?:deaf|blind|disabled|visually impaired|hard of hearing|in a wheelchair|wheelchair user|autistic)\b(?:\s+and\b)?[,.;]?\s*/gi,
  /\b(?:i'm|i am|she's|he's|they're)\s+(?:a\s+)?(?:woman|man|female|male|nonbinary)\b[,.;]?\s*/gi,
];

/** A sentence that introduces the customer ("Hello, my name is Ingrid and I use a wheelchair.") and asks nothing. */
const INTRODUCTION =
  /^(?:(?:hi|hello|hey|good (?:morning|afternoon|evening))\b(?:\s+[\p{L}'’-]+(?=[,!]))?[,!.]?\s*)?(?:[\p{L}'-]+ here[,;]?\s+)?(?:my name is|my name's|i am|i'm|as an?|being an?|i was born|i come from|i live in)\b/iu;
/** "This is Kim." introduces; "This is frustrating — my order…" does not: a name follows. */
const THIS_IS_NAME =
  /^(?:(?:hi|hello|hey|good (?:morning|afternoon|evening))\b[,!.]?\s*)?(?:[Tt]his is|THIS IS)\s+\p{Lu}[\p{L}'-]*(?:\s+\p{Lu}[\p{L}'-]*)?\s*(?:[,.;!]|$|\s+(?:and|from|here)\b)/u;

/** The end of a sentence, not the dot of a title before a name ("St. Anne's", "Dr. Okafor"). */
const SENTENCE_END = /(?<=[.!])(?<!\b(?:St|Dr|Mr|Mrs|Ms|Mt|Jr|Sr|Fr|Rev|Prof)\.)\s+/;

/** "im", "Im" and "I’m" as chat writes them: "I'm" (an upper-case "IM" stays a message). */
const IM = /\b(?:[Ii]m|[Ii]’m|[Ii]am)\b/g;

/** Chat spellings of common words ("wat time r u open", "2nite"), read as the words they stand
 *  for, so a texter is read as a letter writer is. Lower case and standing alone only: "U-Haul" and
 *  "R&D" stay names. */
const CHAT_SPELLINGS: Record<string, string> = {
  u: "you",
  ur: "your",
  r: "are",
  n: "and",
  wat: "what",
  wot: "what",
  wut: "what",
  pls: "please",
  plz: "please",
  thx: "thanks",
  b4: "before",
  "2nite": "tonight",
  "2day": "today",
  "2moro": "tomorrow",
  cuz: "because",
  coz: "because",
  ppl: "people",
  abt: "about",
  wanna: "want to",
  gonna: "going to",
  l8: "late",
  l8r: "later",
  // A question word's "'s" typed without its apostrophe: "whats" for "what's".
  ...Object.fromEntries(["what", "how", "where", "when", "who"].map((w) => [`${w}s`, `${w}'s`])),
};
const CHAT_WORD = new RegExp(`(?<![\\w&'’-])(?:${Object.keys(CHAT_SPELLINGS).join("|")})(?![\\w&'’-])`, "g");

/** A letter's closing, then only a name: "Yours faithfully, Ann Lee", "Kind regards, Tom", "Thanks in advance!". */
const VALEDICTION =
  /(?:^|(?<=[\s.!?]))(?:yours\s+(?:faithfully|sincerely|truly)|(?:with\s+)?(?:kind|kindest|best|warm|warmest)\s+(?:regards|wishes)|regards|sincerely|many\s+thanks|thanks\s+in\s+advance|thank\s+you\s+in\s+advance)\s*[,.!]?(?<name>(?:\s+\S+){0,4})\s*$/i;
const NAME_WORD = /^\p{Lu}[\p{L}.'-]*[.!]?$/u;

function withoutValediction(text: string): string {
  const m = VALEDICTION.exec(text);
  if (!m) return text;
  const name = m.groups!.name!.trim();
  return !name || name.split(/\s+/).every((w) => NAME_WORD.test(w)) ? text.slice(0, m.index) : text;
}

/** Two lower-case content words or more: a sentence that names something besides the customer
 *  ("I'm keen on the yearly plan"), not only a name or an age ("I am Ines", "I'm 72 and retired"). */
const namesSomething = (sentence: string) =>
  (sentence.match(/(?<![\p{L}'’-])\p{Ll}[\p{L}'’-]*/gu) ?? []).filter((w) => !STOPWORDS.has(w) && w.length > 1).length >= 2;

export function stripPersona(text: string): string {
  // Whole introductions go first; what remains is trimmed of persona phrases inside questions.
  let out = withoutValediction(text)
    .replace(IM, "I'm")
    .replace(CHAT_WORD, (w) => CHAT_SPELLINGS[w]!)
    .split(SENTENCE_END)
    // An introduction that the next sentence only points back to ("I'm keen on …. What would that
    // involve?") says what is asked about, not only who asks.
    .filter(
      (sentence, i, all) =>
        !((INTRODUCTION.test(sentence.trim()) || THIS_IS_NAME.test(sentence.trim())) && !sentence.includes("?")) ||
        (all[i + 1] !== undefined && onlyPointsBack(all[i + 1]!) && namesSomething(sentence)),
    )
    .join(" ");
  for (const re of PERSONA_PATTERNS) out = out.replace(re, " ");
  out = out.replace(COURTESY_FRAME, " Please tell me ").replace(WHETHER_FRAME, " ");
  return out
    .replace(/\s{2,}/g, " ")
    .replace(/^[\s,.;!]+/, "")
    .trim();
}
