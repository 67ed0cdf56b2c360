// respond: a grounded answer, with any premise corrections first.
import { answerText, citationsOf } from "../reply/compose.ts";
import type { State, Update } from "../state.ts";
import { finish } from "./finish.ts";

export function respond(state: State): Update {
  const sentences = state.draft?.sentences ?? [];
  return finish(state, {
    outcome: "answer",
    text: answerText(state),
    citations: citationsOf(sentences, state.premises),
    escalation: null,
    handoff: null,
  });
}
