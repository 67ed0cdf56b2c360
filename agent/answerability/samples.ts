// The sample questions a policy's owner listed for it (front matter `questions:`, which the widget
// also offers as suggestions) asked again in nearly the same words: the owner has said which
// document answers them, so the answer comes from that document, and is never refused for want of
// words in common with it.
import { jaccard } from "../../kb/text/jaccard.ts";
import { contentStems } from "../../kb/text/terms.ts";
import type { SampleQuestion } from "./lexicon.ts";

/** How alike a question must be to a sample question (shared content stems over all of theirs). */
const SAME_QUESTION = 0.8;

export type AskedSample = SampleQuestion & { similarity: number };

/** The sample question the text asks again, the most alike first, or null. */
export function askedSample(text: string, samples: readonly SampleQuestion[]): AskedSample | null {
  const mine = contentStems(text);
  if (!mine.length) return null;
  let best: AskedSample | null = null;
  for (const s of samples) {
    const similarity = jaccard(mine, s.stems);
    if (similarity >= SAME_QUESTION && (!best || similarity > best.similarity)) best = { ...s, similarity };
  }
  return best;
}
