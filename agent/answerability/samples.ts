// The sample questions a policy's owner listed for it (front matter `questions:`, which the widget
// also offers as suggestions) asked again in nearly the same words: the owner has said which
// document answers them, so the answer comes from that document, and is never refused for want of
// words in common with it.
import { jaccard } from "../../kb/text/jaccard.ts";
import { contentStems, NEGATION_WORDS } from "../../kb/text/terms.ts";
import { answerKindOf } from "../answer/answer-kind.ts";

/** A policy's sample question: its content stems, the kind of answer it asks for ("how long" → a
 *  duration) and whether it asks in the negative ("Which items can't be returned?"). */
export type SampleQuestion = { policy: string; stems: string[]; kind: string; negated: boolean; /** As the owner wrote it. */ text?: string };

/** What kind of answer a question asks for, and whether it asks in the negative. */
export function questionShape(text: string): { kind: string; negated: boolean } {
  return { kind: answerKindOf(text).kind, negated: text.search(NEGATION_WORDS) !== -1 || /n't\b/i.test(text) };
}

/** Indefinite pronouns a sample question asks with ("How long do I have to swap something?"):
 *  the thing a customer names instead ("…swap a scarf?") stands in their place. */
const INDEFINITE = new Set(["something", "anything", "everything"].map((w) => contentStems(w)[0]).filter(Boolean));

/** How alike a question is to a sample question whose indefinite pronoun it fills with one word of
 *  its own, the rest said alike, and that word; null when the sample has no such pronoun or more than
 *  one word differs. */
function inPlaceOfPronoun(mine: string[], sample: string[]): { similarity: number; stem: string } | null {
  const rest = sample.filter((s) => !INDEFINITE.has(s));
  if (rest.length === sample.length || !rest.length) return null;
  const extra = [...new Set(mine)].filter((s) => !rest.includes(s));
  if (extra.length !== 1) return null;
  return {
    similarity: jaccard(
      mine.filter((s) => s !== extra[0]),
      rest,
    ),
    stem: extra[0]!,
  };
}

/** How alike a question must be to a sample question (shared content stems over all of theirs). */
const SAME_QUESTION = 0.8;

/** `filled`: the stem the customer said in place of the sample's "something" ("scarf"). */
export type AskedSample = SampleQuestion & { similarity: number; filled?: string };

/** The sample question the text asks again, the most alike first, or null. */
export function askedSample(text: string, samples: readonly SampleQuestion[]): AskedSample | null {
  const mine = contentStems(text);
  if (!mine.length) return null;
  const shape = questionShape(text);
  let best: AskedSample | null = null;
  for (const s of samples) {
    // The same words asked for another kind of answer, or in the negative, are another question:
    // "How long do I have to return an item?" is not "Which items can't be returned?".
    if (s.kind !== shape.kind || s.negated !== shape.negated) continue;
    const plain = jaccard(mine, s.stems);
    const filled = inPlaceOfPronoun(mine, s.stems);
    const similarity = Math.max(plain, filled?.similarity ?? 0);
    if (similarity >= SAME_QUESTION && (!best || similarity > best.similarity))
      best = { ...s, similarity, ...(filled && filled.similarity > plain && { filled: filled.stem }) };
  }
  return best;
}
