// The naive baseline: retrieve the top passage and answer with it. No refusal, no premise check,
// no verification, no handoff — what a plain retrieve-and-quote bot does. The scorecard runs it
// over the same cases, with the same retrieval (searchChunks on the same KB and embedder), so the
// difference shows what Keel's graph is for.
import type { Agent, TurnDetail } from "../../agent/create-agent.ts";
import type { TurnInput } from "../../protocol/turn-result.ts";
import { searchChunks } from "../../kb/search.ts";
import type { EvalKb } from "../knowledge-bases.ts";
import type { Subject } from "../scorecard.ts";

/** What it says when retrieval finds nothing at all (an empty KB): still an answer, never a refusal. */
export const NOTHING_FOUND = "Here is what I found.";

export function naiveAgent(kb: EvalKb): Agent {
  const turn = async (input: TurnInput): Promise<TurnDetail> => {
    const started = performance.now();
    const [top] = await searchChunks(kb.db.pool, kb.embedder, input.message, { limit: 1, ...(input.as_of ? { asOf: input.as_of } : {}) });
    const text = top ? `According to our ${top.title} policy (${top.section}): ${top.content}` : NOTHING_FOUND;
    return {
      result: {
        conversation: input.conversation,
        outcome: "answer",
        text,
        citations: top ? [{ policy: top.policy, title: top.title, version: top.version, section: top.section, quote: top.content }] : [],
        signals: { sycophancy: { detected: false, kinds: [], premises: [] }, escalation: null, injection: false },
        ms: Math.round(performance.now() - started),
      },
      handoff: null,
      grounding: null,
      turnId: 0,
      sentiment: null,
      topic: top?.title ?? "general",
    };
  };
  return { turn, suggest: turn, close: async () => undefined };
}

export const baselineSubject: Subject = { label: "baseline", agent: (kb) => naiveAgent(kb) };
