// clarify: two policies fit a short question equally well; ask which is meant.
import { clarifyText } from "../reply/compose.ts";
import type { State, Update } from "../state.ts";
import { finish } from "./finish.ts";

export function clarify(state: State): Update {
  return finish(state, { outcome: "clarify", text: clarifyText(state), citations: [], escalation: null, handoff: null });
}
