import { describe, expect, it } from "vitest";
import { claimKindOf } from "./answer-kind.ts";

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
