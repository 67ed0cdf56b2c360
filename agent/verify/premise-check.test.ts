// A customer's premise is confirmed only by a passage that states it as it was said.
import { describe, expect, it } from "vitest";
import type { SearchHit } from "../../kb/search.ts";
import { checkPremises } from "./premise-check.ts";

function hit(chunkId: number, section: string, content: string): SearchHit {
  return {
    chunkId, policy: "returns", version: 2, title: "Returns", section, headingPath: ["Returns", section], content,
    charStart: 0, charEnd: content.length, effectiveFrom: "2025-01-01", effectiveTo: null, handoffRequired: false, score: 0.02, semantic: 0.4, lexical: 0.01,
  };
}

const HITS = [
  hit(1, "Return shipping costs", "Return shipping is free if the item is defective or arrived damaged."),
  hit(2, "Return window", "You can return most items within 30 days from delivery."),
];

describe("checkPremises", () => {
  it("does not confirm a premise that the policy grants only under a condition the customer left out", () => {
    const [v] = checkPremises([{ claim: "Return shipping is free", kind: "confirmation" }], HITS);
    expect(v!.verdict).toBe("unsupported");
    expect(v!.citation?.quote).toContain("if the item is defective");
  });

  it("confirms a premise that carries the same condition", () => {
    const [v] = checkPremises([{ claim: "Return shipping is free if the item arrived damaged", kind: "confirmation" }], HITS);
    expect(v!.verdict).toBe("supported");
  });

  it("confirms an unconditional rule and contradicts a wrong figure", () => {
    const [ok, wrong] = checkPremises([
      { claim: "I can return items within 30 days from delivery", kind: "confirmation" },
      { claim: "I can return items within 90 days from delivery", kind: "asserted" },
    ], HITS);
    expect(ok!.verdict).toBe("supported");
    expect(wrong!.verdict).toBe("contradicted");
  });
});
