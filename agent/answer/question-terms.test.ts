import { describe, expect, it } from "vitest";
import type { TermStats } from "../../kb/terms.ts";
import { contentStems } from "../../kb/text/terms.ts";
import { askingPart, questionTerms } from "./question-terms.ts";

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

describe("the sentences that ask", () => {
  it("leaves out a sentence said around the question", () => {
    expect(askingPart("My courier never rang the bell. How long is the parcel kept?")).toBe("How long is the parcel kept?");
  });
  it("counts the sentence a question only points back to as asked, when the question asks something of it", () => {
    expect(askingPart("My standing order bounced last week. Is there a fee for that?")).toBe(
      "My standing order bounced last week. Is there a fee for that?",
    );
    expect(askingPart("I need a room for six. How much would that be?")).toBe("I need a room for six. How much would that be?");
    expect(askingPart("My standing order bounced last week. Is there a fee for a bounced payment?")).toBe("Is there a fee for a bounced payment?");
  });
  it("leaves a verdict asked of the sentence before to the premise reading", () => {
    expect(askingPart("The gym opens at 5am on Sundays. Is that correct?")).toBe("Is that correct?");
    expect(askingPart("The gym opens at 5am on Sundays. That's right, isn't it?")).toBe("That's right, isn't it?");
  });
});
