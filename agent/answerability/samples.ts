// The sample questions a policy's owner listed for it (front matter `questions:`, which the widget
// also offers as suggestions) asked again in nearly the same words: the owner has said which
// document answers them, so the answer comes from that document, and is never refused for want of
// words in common with it.
import { contentStems } from "../../kb/text/terms.ts";
import type { SampleQuestion } from "./lexicon.ts";

/** How alike a question must be to a sample question (shared content stems over all of theirs). */
const SAME_QUESTION = 0.8;

export type AskedSample = SampleQuestion & { similarity: number };

/** The sample question the text asks again, the most alike first, or null. */
export function askedSample(text: string, samples: readonly SampleQuestion[]): AskedSample | null {
  const mine = new Set(contentStems(text));
  if (!mine.size) return null;
  let best: AskedSample | null = null;
  for (const s of samples) {
    const shared = s.stems.filter((x) => mine.has(x)).length;
    const similarity = shared / (mine.size + s.stems.length - shared);
    if (similarity >= SAME_QUESTION && (!best || similarity > best.similarity)) best = { ...s, similarity };
  }
  return best;
}
