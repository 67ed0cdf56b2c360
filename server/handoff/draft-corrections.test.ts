import { describe, expect, it } from "vitest";
import { checkAnswer, type Passage } from "../../agent/verify/claims.ts";
import { RETURN_WINDOW, SHIPPING_POLICY } from "../../test-support/policies.ts";
import { checkedSentences, withPolicyFigures } from "./draft-corrections.ts";

const source = (policy: string, title: string, section: string) => ({ policy, title, version: 1, section });
const passages: Passage[] = [
  { text: RETURN_WINDOW, context: "Returns > Return window", source: source("returns", "Returns", "Return window") },
  {
    text: "A return label costs $6.95 unless the item arrived damaged.",
    context: "Returns > Return shipping",
    source: source("returns", "Returns", "Return shipping"),
  },
  {
    text: "Standard delivery takes 5 business days.",
    context: "Shipping > Delivery times",
    source: source("shipping", "Shipping", "Delivery times"),
  },
  {
    text: SHIPPING_POLICY.match(/Orders over \$49 ship free\./)![0],
    context: "Shipping > Free shipping",
    source: source("shipping", "Shipping", "Free shipping"),
  },
];
const check = (draft: string) => checkedSentences(checkAnswer(draft, passages).claims, passages);

describe("a correction beside each flagged sentence of a draft", () => {
  it("puts the policy's figure into the agent's own sentence when that makes it true", () => {
    const [claim] = check("You can return unworn items within 90 days of delivery.");
    expect(claim).toMatchObject({ supported: false, evidence: RETURN_WINDOW, source: { title: "Returns", section: "Return window" } });
    expect(claim!.correction).toBe("You can return unworn items within 30 days of delivery.");
  });

  it("offers a fixed sentence only when the checker backs it, else the governing sentence", () => {
    // The checker cannot back this two-part sentence even with the right figure: the policy's own words instead.
    const [claim] = check("Standard delivery takes 3 business days and orders over $49 ship free.");
    expect(withPolicyFigures(claim!.text, claim!.evidence!)).toBe("Standard delivery takes 5 business days and orders over $49 ship free.");
    expect(claim!.correction).toBe("Standard delivery takes 5 business days.");
  });

  it("offers the governing policy sentence when no figure is the problem", () => {
    const [claim] = check("Return shipping is free.");
    expect(claim).toMatchObject({ supported: false, correction: "A return label costs $6.95 unless the item arrived damaged." });
  });

  it("offers no correction for a promise no policy governs, and none for a backed sentence", () => {
    const [promise, backed] = check("We will send you a gift card today. Orders over $49 ship free.");
    expect(promise).toMatchObject({ supported: false, evidence: null, correction: null });
    expect(backed).toMatchObject({ supported: true, correction: null });
  });

  it("does not guess between two figures of the same kind", () => {
    expect(withPolicyFigures("It takes 3 days.", "It takes 5 days, or 7 days for islands.")).toBeNull();
    expect(withPolicyFigures("It takes 3 days.", "It takes 5 days.")).toBe("It takes 5 days.");
    expect(withPolicyFigures("It takes 2 weeks.", "It takes 14 days.")).toBeNull();
  });
});
