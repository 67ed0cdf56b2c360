// A correction for each sentence of an agent's draft that the policies do not back: the policy
// sentence that governs it, and the agent's own sentence with the wrong figure put right when that
// alone makes it true ("within 90 days" → "within 30 days"), checked again before it is offered.
// Otherwise the governing sentence itself is the suggestion; with no governing sentence, none.
import { checkClaim, type Passage } from "../../agent/verify/claims.ts";
import { comparable, quantitiesOf, sameQuantity } from "../../agent/verify/facts.ts";
import type { CheckedClaim } from "../../agent/verify/reasons.ts";

/** A checked draft sentence as the console shows it. */
export type CheckedSentence = {
  text: string;
  supported: boolean;
  verdict: CheckedClaim["verdict"];
  /** The policy sentence that backs it, or for a flagged one the sentence that governs it. */
  evidence: string | null;
  source: CheckedClaim["source"] | null;
  /** For a flagged sentence: what to write instead, true to the policies; null when no policy
   *  says anything about it (then it should not be stated as a fact). */
  correction: string | null;
};

/** The claim with each figure the governing sentence states differently replaced by the policy's,
 *  or null when a figure has no single counterpart there (no guessing between two). */
export function withPolicyFigures(claim: string, governing: string): string | null {
  const policy = quantitiesOf(governing);
  let fixed = claim;
  let changed = false;
  for (const q of quantitiesOf(claim)) {
    if (policy.some((p) => sameQuantity(p, q))) continue;
    const counterparts = policy.filter((p) => comparable(p, q));
    const distinct = [...new Map(counterparts.map((p) => [p.text, p])).values()];
    if (distinct.length !== 1) continue;
    fixed = fixed.replace(q.text, distinct[0]!.text);
    changed = true;
  }
  return changed ? fixed : null;
}

export function correctionOf(claim: CheckedClaim, passages: Passage[]): string | null {
  if (claim.supported || !claim.evidence) return null;
  const fixed = withPolicyFigures(claim.text, claim.evidence);
  if (fixed && checkClaim(fixed, passages, { synonyms: true }).supported) return fixed;
  return claim.evidence;
}

export function checkedSentences(claims: CheckedClaim[], passages: Passage[]): CheckedSentence[] {
  return claims.map((c) => ({
    text: c.text,
    supported: c.supported,
    verdict: c.verdict,
    evidence: c.evidence,
    source: c.source ?? null,
    correction: correctionOf(c, passages),
  }));
}
