// answer: drafts a reply only from retrieved passages — extractively offline, or by the chat
// model when one is configured (falling back to the offline draft if the model fails).
import { composeAnswer } from "../answerability/compose.ts";
import { answerRequest, composeWithModel } from "../answer/model.ts";
import type { AgentDeps } from "../deps.ts";
import { verifyWhileStreaming } from "../verify/streamed.ts";
import type { State, Update } from "../state.ts";

export function makeAnswer(deps: AgentDeps) {
  return async function answer(state: State): Promise<Update> {
    if (deps.chat && state.hits.length) {
      const request = answerRequest(deps, state.query, state.hits);
      // Audited whether or not the call succeeds: the payload left Keel either way.
      const exposures = [...state.exposures, request.exposure];
      // On a socket turn, sentences are verified and shown while the model is still writing.
      const sink = deps.sentenceSink?.(state.conversationId) ?? null;
      const streamed = sink ? verifyWhileStreaming(deps, state.hits, sink) : null;
      try {
        const draft = await composeWithModel(deps, request, streamed?.take);
        if (!streamed) return { draft, exposures };
        const verdicts = await streamed.settle();
        return {
          draft: { ...draft, sentences: draft.sentences.map((s, i) => ({ ...s, judged: verdicts.get(i) ?? false })) },
          exposures: [...exposures, ...streamed.exposures],
          ...(streamed.error ? { modelError: streamed.error } : {}),
        };
      } catch (err) {
        streamed?.stop();
        const reason = `${(err as Error).name}: ${(err as Error).message}`.slice(0, 300);
        deps.log("warn", "chat model failed; answering offline", { conversation: state.conversationId, reason });
        return { ...offlineDraft(deps, state), modelError: reason, exposures: [...exposures, ...(streamed?.exposures ?? [])] };
      }
    }
    return offlineDraft(deps, state);
  };
}

/** The answerability model's draft; a product the KB does not have is named in the refusal. */
function offlineDraft(deps: AgentDeps, state: State): Update {
  const draft = composeAnswer(state.reading!, state.hits, state.binding, deps.answerability);
  return { draft, unknownSpecifics: draft.unknown ?? [] };
}
