// converse: a greeting, thanks, "yes", "no" or "ok" gets a short reply in kind and an invitation
// to ask, with nothing looked up and nothing cited. It neither counts as a refusal nor replaces the
// answer a later pushback is measured against.
import { socialReply } from "../reply/compose.ts";
import type { State, Update } from "../state.ts";

export function converse(state: State): Update {
  const text = socialReply(state.social ?? "ack", { answered: Boolean(state.lastAnswer), offeredPerson: state.refusalStreak > 0 });
  return {
    reply: { outcome: "clarify", text, citations: [], escalation: null, handoff: null },
    transcript: [{ role: "keel", text, outcome: "clarify" }],
    // "No" to the offer of a person ends the offer: a later "yes" is not a request for one.
    ...(state.social === "no" && state.refusalStreak > 0 ? { refusalStreak: 0 } : {}),
  };
}
