import { describe, expect, it } from "vitest";
import { englishRank } from "./rarity.ts";

describe("how common a word is in English", () => {
  it("ranks common words before rare ones, and unlisted words last", () => {
    expect(englishRank("sister")).toBeLessThan(englishRank("renting"));
    expect(englishRank("qwzxv")).toBe(Number.POSITIVE_INFINITY);
  });

  it("reads a possessive as its word: 'sister's' is as common as 'sister', not unlisted", () => {
    expect(englishRank("sister's")).toBe(englishRank("sister"));
    expect(englishRank("Sister’s")).toBe(englishRank("sister"));
  });
});
