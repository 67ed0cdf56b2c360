import { describe, expect, it } from "vitest";
import { conceptsOf } from "./concepts.ts";
import { contentStems, stem } from "./terms.ts";

describe("stems", () => {
  it("read a possessive as its word, so it meets the word's concepts", () => {
    expect(stem("husband's")).toBe(stem("husband"));
    expect(conceptsOf("my husband's orders")).toContain("otherperson");
    expect(stem("don't")).not.toBe(stem("don"));
  });
});

describe("greetings", () => {
  it("are no content words, however they are spelt: an unknown one would read as a topic the KB lacks", () => {
    for (const greeting of ["hi", "hello", "hiya", "howdy"])
      expect(contentStems(`${greeting}, what is the fee for a locker?`)).toEqual(contentStems("what is the fee for a locker?"));
  });
});

describe("plurals in -uses", () => {
  it("stem as their singular when it is a common word, and not otherwise", () => {
    expect(stem("statuses")).toBe(stem("status"));
    expect(stem("bonuses")).toBe(stem("bonus"));
    expect(stem("causes")).toBe(stem("cause"));
  });
});

describe("irregular verb forms", () => {
  it("stem as their verb, unless the word is far commoner than the verb it could be a form of", () => {
    expect(stem("paid")).toBe(stem("pay"));
    expect(stem("sent")).toBe(stem("send"));
    expect(stem("rent")).not.toBe(stem("rend"));
    expect(stem("rent")).toBe(stem("rents"));
    expect(stem("ground")).not.toBe(stem("grind"));
  });
});
