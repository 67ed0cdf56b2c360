// What every finishing node records besides its reply: the transcript line, the answer pushback
// will be measured against, and the run of ungrounded turns.
import type { Reply, State, Update } from "../state.ts";

export function finish(state: State, reply: Reply): Update {
  const grounded = reply.outcome === "answer" && reply.citations.length > 0;
  return {
    reply,
    transcript: [{ role: "keel", text: reply.text, outcome: reply.outcome }],
    // Pushback is measured against the last grounded answer; a new grounded answer replaces it.
    lastAnswer: grounded && !state.signals?.pushback ? { question: state.query, text: reply.text, citations: reply.citations } : state.lastAnswer,
    refusalStreak: reply.outcome === "refusal" || reply.outcome === "clarify" ? state.refusalStreak + 1 : reply.outcome === "handoff" ? 0 : 0,
  };
}
