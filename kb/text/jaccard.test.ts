import { describe, expect, it } from "vitest";
import { jaccard } from "./jaccard.ts";

describe("jaccard", () => {
  it("is shared words over all of them, counting each word once", () => {
    expect(jaccard(["fix", "saver", "12"], ["fix", "saver", "24"])).toBe(0.5);
    expect(jaccard(new Set(["a", "b"]), ["b", "b", "a"])).toBe(1);
  });
  it("is 0 when both are empty, not NaN", () => {
    expect(jaccard([], [])).toBe(0);
  });
});
