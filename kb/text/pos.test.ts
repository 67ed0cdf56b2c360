import { describe, expect, it } from "vitest";
import { hasVerb, tagged } from "./pos.ts";

describe("parts of speech", () => {
  it("finds the verb of a clause no hand-kept list names", () => {
    expect(hasVerb("Your store only carries about 10 kinds of products")).toBe(true);
    expect(hasVerb("The courier collects the import duties")).toBe(true);
  });
  it("finds none in a bare noun phrase", () => {
    expect(hasVerb("the exchange window")).toBe(false);
    expect(hasVerb("the return label fee")).toBe(false);
  });
  it("tags every token", () => {
    expect(tagged("the window is 90 days").map((t) => t.pos)).toEqual(["DET", "NOUN", "AUX", "NUM", "NOUN"]);
  });
});
