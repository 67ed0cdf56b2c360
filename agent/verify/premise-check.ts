// Checks the customer's premises ("since refunds are allowed after 90 days…") against the
// passages retrieved for the question and for each premise.
import type { SearchHit } from "../../kb/search.ts";
import type { PremiseVerdict } from "../state.ts";
import type { Premise } from "../understand/premises.ts";
import { checkClaim, unitsOf, type Passage } from "./claims.ts";

export function passagesOf(hits: SearchHit[]): Passage[] {
  return hits.map((h) => ({
    text: h.content,
    context: h.headingPath.join(" > "),
    source: { policy: h.policy, title: h.title, version: h.version, section: h.section },
  }));
}

export function checkPremises(premises: Premise[], hits: SearchHit[]): PremiseVerdict[] {
  if (!premises.length) return [];
  const seen = new Set<number>();
  const units = unitsOf(passagesOf(hits.filter((h) => !seen.has(h.chunkId) && seen.add(h.chunkId))));
  return premises.map((p) => {
    const check = checkClaim(p.claim, units);
    return {
      claim: p.claim,
      kind: p.kind,
      verdict: check.verdict,
      citation: check.source && check.evidence && check.verdict !== "unsupported" ? { ...check.source, quote: check.evidence } : null,
    };
  });
}
