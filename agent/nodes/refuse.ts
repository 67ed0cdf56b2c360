// refuse: say plainly what Keel cannot confirm, correct any premise it can, and offer a human.
import { citationsOf, refusalText } from "../reply/compose.ts";
import type { State, Update } from "../state.ts";
import { finish } from "./finish.ts";

export function refuse(state: State): Update {
  return finish(state, { outcome: "refusal", text: refusalText(state), citations: citationsOf([], state.premises), escalation: null, handoff: null });
}
