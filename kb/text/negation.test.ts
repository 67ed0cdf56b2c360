import { describe, expect, it } from "vitest";
import { negatedAt } from "./negation.ts";
import { tokenize } from "./terms.ts";

const negatedWords = (text: string) => {
  const tokens = tokenize(text, { joined: false });
  return tokens.filter((_, i) => negatedAt(tokens, i));
};

describe("negation in a question", () => {
  it("negates the word after a negator, or after one hedge word", () => {
    expect(negatedWords("It's not faulty, it just isn't really what I wanted")).toEqual(["faulty", "really", "what"]);
    expect(negatedWords("Can I return it without the receipt?")).toEqual(["the"]);
  });

  it("does not take a question's can't or don't for a negated topic", () => {
    expect(negatedWords("Why can't I return opened headphones? I don't get it")).toEqual([]);
  });
});
