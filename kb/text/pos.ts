// Parts of speech from wink-nlp's English model (wink-eng-lite-web-model): whether a stretch of
// text holds a verb, so a clause ("the plan costs $20 a month", "the courier collects the
// duties") is told from a noun phrase ("the exchange window") without a hand-kept list of verbs.
// The model loads once per process (~60 ms) on first use.
import winkNLP, { type WinkMethods } from "wink-nlp";
import model from "wink-eng-lite-web-model";

let nlp: WinkMethods | null = null;

function tagger(): WinkMethods {
  if (!nlp) nlp = winkNLP(model, ["pos"]);
  return nlp;
}

/** The part-of-speech tag of each token (Universal POS: NOUN, VERB, AUX, …), with the token. */
export function tagged(text: string): { word: string; pos: string }[] {
  const n = tagger();
  const doc = n.readDoc(text);
  const words = doc.tokens().out() as string[];
  const tags = doc.tokens().out(n.its.pos) as string[];
  return words.map((word, i) => ({ word, pos: tags[i]! }));
}

/** Whether the text holds a verb or an auxiliary: a clause rather than a bare noun phrase. */
export function hasVerb(text: string): boolean {
  return tagged(text).some((t) => t.pos === "VERB" || t.pos === "AUX");
}

/** A clause's subject, as written: the words before its first verb or auxiliary (or the first
 *  word `isVerb` takes for one, where the tagger reads "costs" as a noun), after a leading phrase
 *  that opens on a preposition or a conjunction and ends at a comma ("For products up to $500, a
 *  2-year plan costs…" → "a 2-year plan"); the whole text when it holds no verb. */
export function subjectOf(text: string, isVerb: (word: string) => boolean = () => false): string {
  let tags = tagged(text);
  const comma = tags.findIndex((t) => t.word === ",");
  if (comma > 0 && (tags[0]!.pos === "ADP" || tags[0]!.pos === "SCONJ")) tags = tags.slice(comma + 1);
  // A participle that opens a noun phrase ("curved stairlifts", "our registered users") modifies it.
  const modifies = (i: number) =>
    /(?:ed|en)$/i.test(tags[i]!.word) &&
    (tags[i + 1]?.pos === "NOUN" || tags[i + 1]?.pos === "PROPN") &&
    (i === 0 || tags[i - 1]!.pos === "DET" || tags[i - 1]!.pos === "PRON" || tags[i - 1]!.pos === "ADJ");
  const at = tags.findIndex((t, i) => (t.pos === "VERB" || t.pos === "AUX" || isVerb(t.word)) && !modifies(i));
  return (at < 0 ? tags : tags.slice(0, at)).map((t) => t.word).join(" ");
}

/** The parts of speech of the words after the last one `isWord` picks ("per", "week" after "van"
 *  in "the van per week": ADP, NOUN), in order; none when nothing follows. Lets a caller tell a
 *  noun that ends a phrase from one that begins a compound ("your card fees"). */
export function tagsAfter(text: string, isWord: (lowerWord: string) => boolean): { word: string; pos: string }[] {
  const tags = tagged(text);
  for (let i = tags.length - 2; i >= 0; i--) if (isWord(tags[i]!.word.toLowerCase())) return tags.slice(i + 1);
  return [];
}
