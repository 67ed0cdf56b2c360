import { describe, expect, it } from "vitest";
import type { TermStats } from "../../kb/terms.ts";
import { contentStems } from "../../kb/text/terms.ts";
import { questionTerms } from "./question-terms.ts";
import { unknownSpecifics } from "./scope.ts";

const KB = "Installers do not mount TVs on brick, stone, or concrete walls. Installer visits are booked online. Northwind store credit card fees and gift card fees are listed. Furniture delivery and orders.";
const stats: TermStats = { chunks: 20, df: new Map(contentStems(KB).map((s) => [s, 1])) };

describe("what a question names that the policies never mention", () => {
  it("is a detail inside a phrase of place, in a question the policies otherwise cover", () => {
    expect(unknownSpecifics("Will your installer mount my TV on a brick fireplace wall?", stats)).toEqual([]);
  });

  it("is what is asked when it qualifies the thing asked about, or the question is short", () => {
    expect(unknownSpecifics("Does the Northwind store credit card have an annual fee?", stats)).toEqual(["annual"]);
    expect(unknownSpecifics("Do you mount TVs on fireplace walls?", stats)).toEqual(["fireplace"]);
  });
});

describe("an action the policies never name", () => {
  it("weighs as the topic when the question asks whether it can be done", () => {
    const rent = questionTerms("Can I rent furniture instead of buying it?", stats).find((t) => t.label === "rent")!;
    expect(rent.unknown).toBe(true);
    const others = questionTerms("Can I rent furniture instead of buying it?", stats).filter((t) => t.label !== "rent");
    expect(rent.weight).toBeGreaterThan(others.reduce((a, t) => a + t.weight, 0));
    // Mentioned in passing it is a word like any other.
    expect(questionTerms("I want to rent a truck to pick up my furniture", stats).find((t) => t.label === "rent")!.weight).toBeLessThanOrEqual(1);
  });
});
