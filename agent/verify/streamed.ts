// Verification while a model answer streams: each sentence is checked as soon as the model has
// written it — the deterministic check against its cited passage, then the model's judgement of
// that one claim — and the sentences that pass go to the customer in order. The verify node then
// trusts these verdicts instead of judging again; a sentence that fails is never shown.
import type { SearchHit } from "../../kb/search.ts";
import { judgeRequest, judgeWithModel } from "../answer/model.ts";
import type { AgentDeps, SentenceSink } from "../deps.ts";
import type { DraftSentence, Exposure } from "../state.ts";
import { checkClaim } from "./claims.ts";
import { passagesOf } from "./premise-check.ts";

export type StreamedVerification = {
  /** Give it each sentence as the model finishes it, with its index in the model's answer. */
  take(sentence: DraftSentence, index: number): void;
  /** Waits for every pending judgement; the model's verdict per answer index. */
  settle(): Promise<Map<number, boolean>>;
  /** What was sent to the model for the judgements (for the audit). */
  exposures: Exposure[];
  /** The answer was abandoned (the model failed): show nothing more. */
  stop(): void;
  /** A judgement call that failed (the deterministically checked sentence is kept, as in verify). */
  error: string | null;
};

export function verifyWhileStreaming(deps: AgentDeps, hits: SearchHit[], sink: SentenceSink): StreamedVerification {
  const byChunk = new Map(hits.map((h) => [h.chunkId, h]));
  const verdicts = new Map<number, boolean>();
  const exposures: Exposure[] = [];
  let shown = 0;
  let stopped = false;
  let inOrder: Promise<void> = Promise.resolve();
  const state: StreamedVerification = {
    exposures,
    error: null,
    take(sentence, index) {
      const hit = byChunk.get(sentence.chunkId);
      const check = checkClaim(sentence.text, hit ? passagesOf([hit]) : []);
      const judged: Promise<boolean> = check.supported ? judgeOne(check.evidence ?? sentence.citation.quote) : Promise.resolve(false);
      // Judgements run in parallel; sentences are shown strictly in the order the model wrote them.
      inOrder = inOrder.then(async () => {
        const ok = await judged;
        verdicts.set(index, ok);
        if (ok && !stopped) sink({ index: shown++, text: sentence.text });
      });

      async function judgeOne(quote: string): Promise<boolean> {
        if (!deps.chat) return true;
        const request = judgeRequest(deps, [{ text: sentence.text, quote }]);
        exposures.push(request.exposure);
        try {
          return (await judgeWithModel(deps, request))[0] === true;
        } catch (err) {
          state.error = `judge: ${(err as Error).message}`.slice(0, 300);
          return true;
        }
      }
    },
    stop() {
      stopped = true;
    },
    async settle() {
      await inOrder;
      return verdicts;
    },
  };
  return state;
}
