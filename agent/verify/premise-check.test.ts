// A customer's premise is confirmed only by a passage that states it as it was said.
import { describe, expect, it } from "vitest";
import type { SearchHit } from "../../kb/search.ts";
import type { TermStats } from "../../kb/terms.ts";
import { contentStems } from "../../kb/text/terms.ts";
import type { PremiseVerdict } from "../state.ts";
import { checkPremises, governingRules } from "./premise-check.ts";

function hit(chunkId: number, section: string, content: string): SearchHit {
  return {
    chunkId,
    policy: "returns",
    version: 2,
    title: "Returns",
    section,
    headingPath: ["Returns", section],
    content,
    charStart: 0,
    charEnd: content.length,
    effectiveFrom: "2025-01-01",
    effectiveTo: null,
    handoffRequired: false,
    score: 0.02,
    semantic: 0.4,
    lexical: 0.01,
  };
}

const HITS = [
  hit(1, "Return shipping costs", "Return shipping is free if the item is defective or arrived damaged."),
  hit(2, "Return window", "You can return most items within 30 days from delivery."),
];

describe("checkPremises", () => {
  it("corrects a premise with a second sentence of the same policy only, never another policy's", () => {
    const other = {
      ...hit(3, "Holding period", "Orders not picked up within 7 days are cancelled and fully refunded."),
      policy: "pickup",
      title: "Pickup",
    };
    const plans = {
      ...hit(4, "Cancelling a plan", "You can cancel a plan within 30 days of purchase for a full refund."),
      policy: "plans",
      title: "Plans",
    };
    const [v] = checkPremises([{ claim: "you give refunds within 90 days", kind: "confirmation" }], [plans, other]);
    expect(v!.verdict).toBe("contradicted");
    expect(v!.also ?? null).toBeNull();
  });

  it("does not confirm a premise that the policy grants only under a condition the customer left out", () => {
    const [v] = checkPremises([{ claim: "Return shipping is free", kind: "confirmation" }], HITS);
    expect(v!.verdict).toBe("unsupported");
    expect(v!.citation?.quote).toContain("if the item is defective");
  });

  it("does not confirm a rate the policy pays only up to a limit the customer left out", () => {
    const kids = [hit(60, "Kids Saver", "The Kids Saver pays 2.50% APY on balances up to $2,500.")];
    const [v] = checkPremises([{ claim: "The Kids Saver pays 2.50% APY on the whole balance", kind: "confirmation" }], kids);
    expect(v!.verdict).toBe("unsupported");
    expect(v!.citation?.quote).toContain("up to $2,500");
  });

  it("confirms a premise that states the condition in its own words", () => {
    const [v] = checkPremises([{ claim: "Return shipping is free for items that arrived damaged", kind: "confirmation" }], HITS);
    expect(v!.verdict).toBe("supported");
  });

  it("confirms a premise that carries the same condition", () => {
    const [v] = checkPremises([{ claim: "Return shipping is free if the item arrived damaged", kind: "confirmation" }], HITS);
    expect(v!.verdict).toBe("supported");
  });

  it("confirms an unconditional rule and contradicts a wrong figure", () => {
    const [ok, wrong] = checkPremises(
      [
        { claim: "I can return items within 30 days from delivery", kind: "confirmation" },
        { claim: "I can return items within 90 days from delivery", kind: "asserted" },
      ],
      HITS,
    );
    expect(ok!.verdict).toBe("supported");
    expect(wrong!.verdict).toBe("contradicted");
  });
});

describe("governingRules", () => {
  const RETAIL = [
    hit(10, "User", "Each user has a profile.\nThere are three types of payment methods: gift card, paypal account, credit card."),
    hit(
      11,
      "Return delivered order",
      "The user needs to provide a payment method to receive the refund.\nThe refund must either go to the original payment method, or an existing gift card.",
    ),
    hit(
      12,
      "Rewards certificates",
      "Every 200 points converts into a $10 Rewards certificate.\nRewards certificates expire 60 days after they are issued.",
    ),
  ];
  /** Words of the policies are known once in 20 chunks; a premise's other words are unknown to the KB. */
  const stats = (): TermStats => ({ chunks: 20, df: new Map(contentStems(RETAIL.map((h) => h.content).join(" ")).map((s) => [s, 1])) });
  const govern = (claim: string) => governingRules(checkPremises([{ claim, kind: "confirmation" }], RETAIL), RETAIL, stats())[0]!;

  it("shows the rule about a premise's subject even when the premise names what no policy mentions", () => {
    const v = govern("there are four payment method types, including Venmo");
    expect(v.verdict).not.toBe("supported");
    expect(v.citation?.quote).toContain("three types of payment methods");
    expect(govern("the refund for my return can go onto a brand-new gift card").citation?.quote).toContain("existing gift card");
  });

  it("finds the expiry rule for a premise that something never expires, despite a dollar figure in it", () => {
    const v = govern("my $10 reward certificates never expire");
    expect(v.verdict).toBe("contradicted");
    expect(v.citation?.quote).toBe("Rewards certificates expire 60 days after they are issued.");
  });

  it("lets a bare 'no' give way to the governing rule that disagrees by figure, and keeps a correction by an opposite", () => {
    const titled = (h: SearchHit): SearchHit => ({
      ...h,
      policy: "discounts",
      title: "Student and military discounts",
      headingPath: ["Student and military discounts", h.section],
    });
    const discounts = [
      titled(
        hit(
          30,
          "How the discount works",
          "Student and military discounts cannot be combined with a promo code, but they can be combined with Rewards certificates.",
        ),
      ),
      titled(hit(31, "Who is eligible", "Students get 10% off.\nActive-duty service members and veterans get 15% off.")),
    ];
    const known: TermStats = { chunks: 20, df: new Map(contentStems(discounts.map((h) => h.content).join(" ")).map((s) => [s, 2] as const)) };
    const [checked] = checkPremises([{ claim: "the military discount is 20%", kind: "confirmation" }], discounts);
    expect(checked!.why).toEqual({ kind: "negation", saysNo: "passage" });
    expect(checked!.reason).toBe("the passage says no");
    const [governed] = governingRules([checked!], discounts, known);
    expect(governed!.verdict).toBe("contradicted");
    expect(governed!.citation?.quote).toContain("15% off");
    expect(governed!.why).toEqual({ kind: "figure", claimed: "20%", stated: ["15%"] });
    expect(governed!.reason).toBe("says 15%, not 20%");
    // "In-store pickup is free" corrects "costs $5" by an opposite: no rule replaces it.
    const pickup = [
      hit(40, "How pickup works", "In-store pickup is free."),
      hit(41, "Return shipping costs", "Large furniture that needs a freight pickup has a $99 pickup fee."),
    ];
    const [free] = checkPremises([{ claim: "in-store pickup costs $5", kind: "attributed" }], pickup);
    expect(governingRules([free!], pickup, known)[0]!.citation?.quote).toBe("In-store pickup is free.");
  });

  it("does not correct with a bare 'no' from another sentence when the governing rule neither confirms nor denies: it quotes that rule", () => {
    const mms = [
      hit(50, "Common MMS Issues", "Picture messages do not work when mobile data is off."),
      hit(51, "MMS network requirements", "Picture messages need a 3G network connection or better."),
    ];
    const known: TermStats = { chunks: 20, df: new Map(contentStems(mms.map((h) => h.content).join(" ")).map((s) => [s, 2] as const)) };
    const [checked] = checkPremises([{ claim: "picture messages work fine on any network", kind: "asserted" }], mms);
    const pick = () => ({ hit: mms[1]!, text: mms[1]!.content });
    const [governed] = governingRules([checked!], mms, known, pick);
    expect(governed!.verdict).not.toBe("supported");
    expect(checked!.reason).toBe("the passage says no");
    expect(governed!.verdict).toBe("unsupported");
    expect(governed!.citation?.quote).toBe("Picture messages need a 3G network connection or better.");
  });

  it("reads a correction's kind, not its words: only a bare 'no' gives way to a rule that neither confirms nor denies", () => {
    const mms = [
      hit(50, "Common MMS Issues", "Picture messages do not work when mobile data is off."),
      hit(51, "MMS network requirements", "Picture messages need a 3G network connection or better."),
    ];
    const known: TermStats = { chunks: 20, df: new Map(contentStems(mms.map((h) => h.content).join(" ")).map((s) => [s, 2] as const)) };
    const pick = () => ({ hit: mms[1]!, text: mms[1]!.content });
    // The same verdict and the same words, told apart only by the kind of disagreement behind them.
    const corrected = (why: PremiseVerdict["why"]): PremiseVerdict => ({
      claim: "picture messages work fine on any network",
      kind: "asserted",
      verdict: "contradicted",
      citation: { policy: "returns", title: "Returns", version: 2, section: "Common MMS Issues", quote: mms[0]!.content },
      reason: "the passage says no",
      why,
    });
    const [byNo] = governingRules([corrected({ kind: "negation", saysNo: "passage" })], mms, known, pick);
    expect(byNo!.verdict).toBe("unsupported");
    expect(byNo!.citation?.quote).toBe(mms[1]!.content);
    expect(byNo!.why).toBeUndefined();
    const [byOpposite] = governingRules([corrected({ kind: "opposite", span: "work" })], mms, known, pick);
    expect(byOpposite!.verdict).toBe("contradicted");
    expect(byOpposite!.citation?.quote).toBe(mms[0]!.content);
  });

  it("shows the sentence that governs the premise best, not a companion that comes first in its passage", () => {
    const people = [
      hit(
        20,
        "Scope",
        "As a retail agent, you can help users:\n- cancel or modify pending orders\n- return or exchange delivered orders\nYou can only help one user per conversation, and must deny any requests for tasks related to any other user.",
      ),
    ];
    // As in a retail KB, orders and changes to them are named in most chunks; other users in one.
    const known: TermStats = {
      chunks: 20,
      df: new Map([...contentStems(people[0]!.content).map((s) => [s, 1] as const), ["order", 15], ["chang", 10], ["modifi", 8]]),
    };
    const v = governingRules(
      checkPremises([{ claim: "you can also change my husband's orders for me", kind: "confirmation" }], people),
      people,
      known,
    )[0]!;
    expect(v.verdict).toBe("unsupported");
    expect(v.citation?.quote).toContain("only help one user per conversation");
  });
});
