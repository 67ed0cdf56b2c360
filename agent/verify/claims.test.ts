import { describe, expect, it } from "vitest";
import { checkAnswer, clausesOf } from "./claims.ts";

describe("the grounding checker", () => {
  it("checks each clause of a compound sentence on its own", () => {
    expect(clausesOf("TV wall mounting costs $129 per TV, and the wall mount is included.")).toHaveLength(2);
    expect(clausesOf("We ship to Canada, Mexico, and the UK, for a flat $19.99 per order.")).toHaveLength(1);
    const context = "TV wall mounting costs $129 per TV, and the wall mount is sold separately.";
    expect(checkAnswer("TV wall mounting costs $129 per TV, and the wall mount is included.", [{ text: context }]).supported).toBe(false);
  });

  it("rejects figures swapped between the things they belong to", () => {
    const context = "For products priced $500 to $999.99, a 2-year plan costs $79.99 and a 3-year plan costs $109.99.";
    expect(checkAnswer("For a product between $500 and $999.99, the 2-year plan is $79.99.", [{ text: context }]).supported).toBe(true);
    expect(checkAnswer("For a product between $500 and $999.99, the 2-year plan is $109.99.", [{ text: context }]).supported).toBe(false);
  });

  it("does not let a name borrow another sentence's figure", () => {
    const context = "You reach Silver with $500 in qualifying purchases.\nYou reach Gold with $1,500 in qualifying purchases.";
    expect(checkAnswer("You reach Silver with $1,500 in qualifying purchases.", [{ text: context }]).supported).toBe(false);
  });

  it("prefers the specific rule that contradicts a figure over a general one that agrees", () => {
    const context = "You can return most items within 30 days from delivery.\nElectronics can be returned within 15 days from delivery.";
    expect(checkAnswer("Electronics can be returned within 30 days from delivery.", [{ text: context }]).claims[0]!.verdict).toBe("contradicted");
  });
});

describe("words that are names of Object.prototype members", () => {
  it("checks claims with 'constructor', 'toString' or '__proto__' like any other word, without throwing", () => {
    const check = checkAnswer("The constructor will call you. toString applies. __proto__ is paid.", [{ text: "A constructor calls.", context: "" }]);
    expect(check.claims.map((c) => c.supported)).toEqual([true, false, false]);
  });
});
