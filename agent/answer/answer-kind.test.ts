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
  it("reads 'how much' or 'rate' before a noun as the amount of that thing, not a price", () => {
    expect(answerKindOf("How much cloud space comes with the Basic plan?")).toMatchObject({ kind: "count", strict: false });
    expect(answerKindOf("What is the request rate limit on the Pro plan?")).toMatchObject({ kind: "count", strict: false });
    expect(answerKindOf("How much is delivery?")).toMatchObject({ kind: "money", strict: true });
    expect(answerKindOf("How much space do I get and what does it cost?")).toMatchObject({ kind: "money", strict: true });
  });
});
