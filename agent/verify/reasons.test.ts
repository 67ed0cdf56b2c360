// The words of every reason are a contract (the console shows them, turns record them): each kind
// renders as it always has, and a verdict crosses the wire with its reason in words only.
import { describe, expect, it } from "vitest";
import { claimCheckOf, renderReason, type ClaimReason } from "./reasons.ts";

describe("renderReason", () => {
  it.each<[ClaimReason, string]>([
    [{ kind: "covered", share: 0.826 }, "covered 83%"],
    [{ kind: "figure", claimed: "20%", stated: ["10%", "15%"] }, "says 10%, 15%, not 20%"],
    [{ kind: "pairing", anchor: "2-year", stated: "$79.99", claimed: "$109.99" }, "pairs 2-year with $79.99, not $109.99"],
    [{ kind: "count", stated: "only help one" }, "says only help one"],
    [{ kind: "negation", saysNo: "passage" }, "the passage says no"],
    [{ kind: "negation", saysNo: "claim" }, "the passage does not say no"],
    [{ kind: "opposite", span: "costs" }, "the passage says the opposite"],
    [{ kind: "excluded", allowed: "pending", named: "processed" }, "the passage allows this only for pending, not processed"],
    [{ kind: "not-in-sources", missing: ["Klarna", "$250"] }, "not in the sources: Klarna, $250"],
    [{ kind: "unstated" }, "no passage says this"],
    [{ kind: "clause", clause: "the wall mount is included.", why: { kind: "unstated" } }, '"the wall mount is included.": no passage says this'],
  ])("renders %j as the words the console shows", (why, words) => {
    expect(renderReason(why)).toBe(words);
  });
});

describe("claimCheckOf", () => {
  it("sends the reason in words, in the wire's field order, and keeps the structure inside the agent", () => {
    const source = { policy: "returns", title: "Returns", version: 2, section: "Return window" };
    const wire = claimCheckOf({
      text: "You have 60 days.",
      supported: false,
      verdict: "contradicted",
      evidence: "You have 30 days.",
      why: { kind: "figure", claimed: "60 days", stated: ["30 days"] },
      source,
      alsoContradicting: { evidence: "Electronics: 15 days.", source },
    });
    expect(JSON.stringify(wire)).toBe(
      JSON.stringify({
        text: "You have 60 days.",
        supported: false,
        verdict: "contradicted",
        evidence: "You have 30 days.",
        reason: "says 30 days, not 60 days",
        source,
        alsoContradicting: { evidence: "Electronics: 15 days.", source },
      }),
    );
  });
});
