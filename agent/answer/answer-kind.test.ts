import { describe, expect, it } from "vitest";
import { answerKindOf, claimKindOf } from "./answer-kind.ts";

describe("the kind of fact a claim states", () => {
  it("reads a price by the period as an amount, not a length of time", () => {
    expect(claimKindOf("the plan is only $15 a month").kind).toBe("money");
    expect(claimKindOf("the cover costs $6.99 per day").kind).toBe("money");
  });
  it("reads a length of time as a duration, even beside an amount", () => {
    expect(claimKindOf("my $10 certificates are good for a month").kind).toBe("duration");
    expect(claimKindOf("you keep our data for a full year").kind).toBe("duration");
  });
});

describe("the kind of fact a question asks for", () => {
  it("reads 'how far back' as a length of time, and 'how far' alone as a distance", () => {
    expect(answerKindOf("How far back can I download my old statements?").kind).toBe("duration");
    expect(answerKindOf("How far is your nearest branch from the station?").kind).toBe("distance");
  });
});
