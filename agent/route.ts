// Routing: pure decisions over the state — no I/O. After verification Keel responds, refuses,
// asks which policy is meant, or hands off to a human, and says why.
import { conceptsOf } from "../kb/text/concepts.ts";
import type { EscalationReason, State } from "./state.ts";

export type Route = "respond" | "refuse" | "clarify" | "handoff";

/** Pressure that warrants a human when money or safety is at stake. */
const ESCALATING_PRESSURE = new Set(["threat", "legal", "chargeback", "review", "social_media"]);
const HIGH_STAKES = new Set(["refund", "dispute", "payment", "compromise", "safety", "damaged", "lost", "fee", "price", "warranty", "protection"]);
/** Ungrounded turns in a row after which a human should take over. */
export const REFUSALS_BEFORE_HANDOFF = 2;

/** Something verified to say: answer sentences, or a cited correction of the customer's premise
 *  ("just confirm the student discount is 25%" is answered by the 10% rule). */
export function isGrounded(state: State): boolean {
  return Boolean(state.draft?.sentences.length) || state.premises.some((p) => p.verdict === "contradicted" && p.citation);
}

/** The reason to hand off this turn, or null. Order matters: the customer's own request first. */
export function escalationReason(state: State): EscalationReason | null {
  const s = state.signals;
  if (!s) return null;
  if (s.humanRequested) return "requested";
  if (s.sensitive.length) return "sensitive";
  const citedPolicies = new Set(state.draft?.sentences.map((x) => x.chunkId));
  if (state.hits.some((h) => citedPolicies.has(h.chunkId) && h.handoffRequired)) return "policy_requires";
  // Nothing to answer with, but the closest policy is one a person must handle (recalls, disputes):
  // a person, not a refusal.
  const nearest = state.draft?.nearest;
  if (!isGrounded(state) && nearest != null && state.hits.some((h) => h.chunkId === nearest && h.handoffRequired)) return "policy_requires";
  const topics = new Set(conceptsOf(state.query));
  const escalating = s.pressure.some((p) => ESCALATING_PRESSURE.has(p));
  if (escalating && [...topics].some((t) => HIGH_STAKES.has(t))) return "pressure";
  if (!isGrounded(state)) {
    // Nothing grounded to say to a customer who threatens a regulator, a lawsuit or a review: a
    // person, not a refusal that would read as a brush-off.
    if (escalating) return "pressure";
    if (state.modelError) return "model_error";
    if (state.refusalStreak >= REFUSALS_BEFORE_HANDOFF) return "repeated_refusal";
  }
  return null;
}

/** The question names a product several documents fit, and they answer it differently: ask
 *  which one is meant rather than guess (the answerability model decided there was an answer). */
export function isAmbiguous(state: State): boolean {
  return Boolean(state.draft?.clarify?.length);
}

/** A greeting, thanks or "ok" is answered in kind; everything else is looked up. */
export function routeAfterUnderstand(state: State): "converse" | "retrieve" {
  return state.social ? "converse" : "retrieve";
}

export function routeAfterVerify(state: State): Route {
  if (escalationReason(state)) return "handoff";
  if (isGrounded(state)) return "respond";
  return isAmbiguous(state) ? "clarify" : "refuse";
}
