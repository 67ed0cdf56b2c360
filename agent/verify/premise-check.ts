// Checks the customer's premises ("since refunds are allowed after 90 days…") against the
// passages retrieved for the question and for each premise.
import type { SearchHit } from "../../kb/search.ts";
import type { Citation, PremiseVerdict } from "../state.ts";
import type { Premise } from "../understand/premises.ts";
import type { TermStats } from "../../kb/terms.ts";
import { claimKindOf } from "../answer/answer-kind.ts";
import { composeExtractive } from "../answer/extractive.ts";
import { alternativesIn, statesCondition } from "./alternatives.ts";
import { alternativesOf, checkClaim, unitsOf, type Passage } from "./claims.ts";
import { isBareNo, renderReason, type CheckedClaim } from "./reasons.ts";

export function passagesOf(hits: SearchHit[]): Passage[] {
  return hits.map((h) => ({
    text: h.content,
    context: h.headingPath.join(" > "),
    source: { policy: h.policy, title: h.title, version: h.version, section: h.section },
  }));
}

/** A second correcting sentence, from the same policy as the first: another policy's rule is about
 *  something else (a claim about the refund window is not also corrected by an in-store pickup's
 *  holding period, nor a tariff's exit fee by a sibling tariff's). */
function alsoOf(check: CheckedClaim): { also?: Citation } {
  const also = check.alsoContradicting;
  if (!also?.source || (check.source && also.source.policy !== check.source.policy)) return {};
  return { also: { ...also.source, quote: also.evidence } };
}

/** Why the checker decided: as data for the routing below, and in words for the turn's record. */
function reasonOf(check: CheckedClaim): Pick<PremiseVerdict, "reason" | "why"> {
  return { reason: renderReason(check.why), why: check.why };
}

/** Words that make a rule hold only in some cases, or only up to a limit ("3.10% on balances up to
 *  $5,000" does not confirm "3.10% on any balance"). */
const CONDITION = /\b(?:if|unless|only|provided|as long as|except|up to|at most|at least|no more than|maximum|minimum)\b/i;

export function checkPremises(premises: Premise[], hits: SearchHit[]): PremiseVerdict[] {
  if (!premises.length) return [];
  const seen = new Set<number>();
  const units = unitsOf(passagesOf(hits.filter((h) => !seen.has(h.chunkId) && seen.add(h.chunkId))));
  return premises.map((p) => {
    const check = checkClaim(p.claim, units);
    // "Gift wrapping is free" is not what "Gift wrapping is free if the order is over $50"
    // says: support only under a condition the customer left out does not confirm their premise
    // ("I can cancel my pending order" states the condition of "…only if its status is 'pending'").
    if (
      check.verdict === "supported" &&
      CONDITION.test(check.evidence ?? "") &&
      !CONDITION.test(p.claim) &&
      !statesCondition(p.claim, check.evidence!, alternativesOf(units))
    ) {
      return {
        claim: p.claim,
        kind: p.kind,
        verdict: "unsupported" as const,
        citation: check.source ? { ...check.source, quote: check.evidence! } : null,
      };
    }
    return {
      claim: p.claim,
      kind: p.kind,
      verdict: check.verdict,
      citation: check.source && check.evidence && check.verdict !== "unsupported" ? { ...check.source, quote: check.evidence } : null,
      ...reasonOf(check),
      ...alsoOf(check),
    };
  });
}

/**
 * For a premise the passages do not support, the rule that governs what it is about: the same
 * composer that answers questions, asked for the kind of fact the premise states ("the link lasts
 * 24 hours" → the link's duration). When that rule contradicts the premise, it is the correction;
 * otherwise it is shown beside "I can't confirm that…" so the customer learns what does apply.
 */
/** Picks the sentence that governs a claim among passages (the answerability ranker's choice). */
export type RulePicker = (claim: string, hits: SearchHit[]) => { hit: SearchHit; text: string } | null;

export function governingRules(verdicts: PremiseVerdict[], hits: SearchHit[], stats: TermStats, pick?: RulePicker): PremiseVerdict[] {
  const alternatives = alternativesIn(hits.map((h) => h.content));
  return verdicts.map((v) => {
    // A correction by a figure, an opposite word or a rule's condition stands; one by a bare "no"
    // ("…cannot be combined with a promo code" for "the pensioner rate is 40% off") gives way to the
    // rule that governs the premise, when that rule disagrees too.
    if (v.verdict === "supported") return v;
    // A correction by a figure or an opposite stands unless the rule that governs the claim (the
    // ranker's choice) corrects it too: then that rule is the one quoted ("refunds within 60 days"
    // is corrected by the 30-day return window, not by a 14-day price adjustment).
    if (v.verdict === "contradicted" && !isBareNo(v.why)) {
      const governing = pick?.(v.claim, hits);
      if (!governing || governing.text === v.citation?.quote) return v;
      const hit = governing.hit;
      const check = checkClaim(v.claim, passagesOf([hit]), { alternatives });
      if (check.verdict !== "contradicted" || !check.source || !check.evidence || isBareNo(check.why)) return v;
      return { ...v, citation: { ...check.source, quote: check.evidence }, ...reasonOf(check), ...alsoOf(check) };
    }
    let rule: { chunkId: number; citation: Citation } | undefined;
    const picked = pick?.(v.claim, hits);
    if (picked)
      rule = {
        chunkId: picked.hit.chunkId,
        citation: {
          policy: picked.hit.policy,
          title: picked.hit.title,
          version: picked.hit.version,
          section: picked.hit.section,
          quote: picked.text,
        },
      };
    else if (!pick) {
      const draft = composeExtractive(v.claim, hits, stats, claimKindOf(v.claim), "premise");
      // The best-matching sentence, not its companion that comes first in the passage.
      rule = draft.sentences[draft.best ?? 0];
    }
    if (!rule) return v;
    const hit = hits.find((h) => h.chunkId === rule.chunkId)!;
    const check = checkClaim(v.claim, passagesOf([hit]), { alternatives });
    // The correction quotes the sentence that contradicts the premise, which may be the rule's neighbour.
    if (check.verdict === "contradicted") {
      const { also: earlier, ...rest } = v;
      const citation = check.source && check.evidence ? { ...check.source, quote: check.evidence } : rule.citation;
      // The second correction found before still stands unless it is now the first.
      const also = alsoOf(check).also ?? (earlier && earlier.quote !== citation.quote ? earlier : undefined);
      return { ...rest, verdict: "contradicted", citation, ...reasonOf(check), ...(also ? { also } : {}) };
    }
    if (check.verdict === "supported") return v;
    // A bare "no" in some other sentence is too crude to correct with when the rule that governs
    // the claim neither confirms nor denies it: Keel cannot confirm it, and quotes that rule.
    if (v.verdict === "contradicted" && rule.citation.quote !== v.citation?.quote) {
      const { also: _also, reason: _reason, why: _why, ...rest } = v;
      return { ...rest, verdict: "unsupported", citation: rule.citation };
    }
    return { ...v, citation: v.verdict === "unsupported" ? rule.citation : v.citation };
  });
}
