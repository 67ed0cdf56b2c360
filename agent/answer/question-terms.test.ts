import { describe, expect, it } from "vitest";
import type { TermStats } from "../../kb/terms.ts";
import { contentStems } from "../../kb/text/terms.ts";
import { questionTerms } from "./question-terms.ts";

// What a question asks about, read against a KB that never names some of its words.
const KB =
  "Installers do not mount TVs on brick, stone, or concrete walls. Installer visits are booked online. Northwind store credit card fees and gift card fees are listed. Furniture delivery and orders.";
const stats: TermStats = { chunks: 20, df: new Map(contentStems(KB).map((s) => [s, 1])) };

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
