import { describe, expect, it } from "vitest";
import { monthSpans, spanFit } from "./time-spans.ts";

describe("spans of months a rule is tiered by", () => {
  it("reads ordinal years and months, 'the first N months', 'months A to B' and 'after N months'", () => {
    expect(monthSpans("in the second year")).toEqual([{ from: 13, to: 24 }]);
    expect(monthSpans("a fee in the first 6 months")).toEqual([{ from: 1, to: 6 }]);
    expect(monthSpans("Cancel fee in months 7 to 18: $20.")).toEqual([{ from: 7, to: 18 }]);
    expect(monthSpans("free to leave after 18 months")).toEqual([{ from: 19, to: Number.POSITIVE_INFINITY }]);
    expect(monthSpans("if I leave after 18 months", "customer")).toEqual([{ from: 19, to: 19 }]);
  });
  it("fits the customer's month to the tier it falls in, and against the tiers it misses", () => {
    const question = "On the Lite plan, what does it cost to cancel in the second year?";
    expect(spanFit(question, "Cancel fee in months 13 to 24: $20.")).toBe(1);
    expect(spanFit(question, "Cancel fee in the first 12 months: $40.")).toBe(-1);
    expect(spanFit(question, "The Lite plan costs $9 a month.")).toBe(0);
    expect(spanFit("What does it cost to cancel after 8 months?", "Cancel fee in the first 12 months: $40.")).toBe(1);
  });
});
