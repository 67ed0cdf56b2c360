// Why the grounding checker decided as it did, as data: the checker and the premise checks route on
// `kind`, and the English a reader sees ("says 15%, not 20%") is rendered from it by renderReason,
// where a verdict leaves the agent (a grounding's claims, a premise's recorded reason).
import { z } from "zod";
import { claimCheckSchema, type ClaimCheck } from "../../protocol/answers.ts";

/** Why one clause is supported, contradicted or unsupported. */
const clauseReasonSchema = z.discriminatedUnion("kind", [
  /** Supported: the share of the claim's words the best sentence covers (0..1). */
  z.object({ kind: z.literal("covered"), share: z.number() }),
  /** A figure of the claim stated otherwise: the claim's "90 days" against the passage's "30 days". */
  z.object({ kind: z.literal("figure"), claimed: z.string(), stated: z.array(z.string()).min(1) }),
  /** Figures bound to other neighbours: the passage pairs the 3-year plan with $109.99, not $79.99. */
  z.object({ kind: z.literal("pairing"), anchor: z.string(), stated: z.string(), claimed: z.string() }),
  /** More than one of something against the passage's count of one ("only once", "a single"). */
  z.object({ kind: z.literal("count"), stated: z.string() }),
  /** A "no" on one side only: the crudest sign of disagreement. */
  z.object({ kind: z.literal("negation"), saysNo: z.enum(["claim", "passage"]) }),
  /** The passage states the opposite of the claim's words ("free" against "costs"). */
  z.object({ kind: z.literal("opposite"), span: z.string() }),
  /** A rule allows this only for one of a list's values, and the claim names another (pending, not processed). */
  z.object({ kind: z.literal("excluded"), allowed: z.string(), named: z.string() }),
  /** Figures or names of the claim that no passage contains. */
  z.object({ kind: z.literal("not-in-sources"), missing: z.array(z.string()).min(1) }),
  /** Every figure and name is in the passages, but no sentence states the claim. */
  z.object({ kind: z.literal("unstated") }),
]);
export type ClauseReason = z.infer<typeof clauseReasonSchema>;

/** A sentence of several clauses is judged by its worst clause: `clause` is that clause's text. */
export const claimReasonSchema = z.discriminatedUnion("kind", [
  clauseReasonSchema,
  z.object({ kind: z.literal("clause"), clause: z.string(), why: clauseReasonSchema }),
]);
export type ClaimReason = z.infer<typeof claimReasonSchema>;

/** The checker's verdict on one claim: the wire's ClaimCheck with its reason as data. */
export const checkedClaimSchema = claimCheckSchema.omit({ reason: true }).extend({ why: claimReasonSchema });
export type CheckedClaim = z.infer<typeof checkedClaimSchema>;

/** The reason in the words a reader sees (the console, the turn's record). */
export function renderReason(why: ClaimReason): string {
  switch (why.kind) {
    case "covered":
      return `covered ${Math.round(why.share * 100)}%`;
    case "figure":
      return `says ${why.stated.join(", ")}, not ${why.claimed}`;
    case "pairing":
      return `pairs ${why.anchor} with ${why.stated}, not ${why.claimed}`;
    case "count":
      return `says ${why.stated}`;
    case "negation":
      return why.saysNo === "claim" ? "the passage does not say no" : "the passage says no";
    case "opposite":
      return "the passage says the opposite";
    case "excluded":
      return `the passage allows this only for ${why.allowed}, not ${why.named}`;
    case "not-in-sources":
      return `not in the sources: ${why.missing.join(", ")}`;
    case "unstated":
      return "no passage says this";
    case "clause":
      return `"${why.clause}": ${renderReason(why.why)}`;
  }
}

/** The verdict as it crosses the wire: the reason rendered, in the wire's field order. */
export function claimCheckOf(check: CheckedClaim): ClaimCheck {
  const { why, alsoContradicting, ...rest } = check;
  return {
    text: rest.text,
    supported: rest.supported,
    verdict: rest.verdict,
    evidence: rest.evidence,
    reason: renderReason(why),
    source: rest.source,
    ...(alsoContradicting ? { alsoContradicting } : {}),
  };
}

/** A disagreement by a "no" in one sentence and not the other: too crude to stand on its own. */
export const isBareNo = (why: ClaimReason | undefined): boolean => why?.kind === "negation";

/** A disagreement about how much or how many: a customer acts on the figure, so it needs no margin. */
export const isByFigure = (why: ClaimReason): boolean => why.kind === "figure" || why.kind === "pairing" || why.kind === "count";

/** Whether two disagreements put something else in place of the same value of the claim ("not
 *  10%"): the same figure, or the same count said against it. */
export function correctsSameValue(a: ClaimReason, b: ClaimReason): boolean {
  if (a.kind === "count" || b.kind === "count") return a.kind === "count" && b.kind === "count" && a.stated === b.stated;
  const value = correctedValue(a);
  return value !== null && value === correctedValue(b);
}

/** The claim's value that a disagreement says is not so: "20%" in "says 15%, not 20%". */
function correctedValue(why: ClaimReason): string | null {
  if (why.kind === "figure" || why.kind === "pairing") return why.claimed;
  if (why.kind === "excluded") return why.named;
  return null;
}
