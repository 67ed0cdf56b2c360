import { describe, expect, it } from "vitest";
import { conceptsOf } from "./concepts.ts";
import { stem } from "./terms.ts";

describe("stems", () => {
  it("read a possessive as its word, so it meets the word's concepts", () => {
    expect(stem("husband's")).toBe(stem("husband"));
    expect(conceptsOf("my husband's orders")).toContain("otherperson");
    expect(stem("don't")).not.toBe(stem("don"));
  });
});
