import { describe, expect, it } from "vitest";
import { comparable, quantitiesOf, sameQuantity } from "./facts.ts";

describe("quantities", () => {
  it("reads minutes as a duration, and 'a full hour' as one hour", () => {
    expect(quantitiesOf("a grace period of 29 minutes")).toEqual([{ unit: "minute", value: 29, text: "29 minutes" }]);
    expect(quantitiesOf("the grace period is a full hour")).toEqual([{ unit: "hour", value: 1, text: "a full hour" }]);
  });
  it("compares hours with minutes", () => {
    const [hour] = quantitiesOf("an hour");
    const [sixty] = quantitiesOf("60 minutes");
    const [thirty] = quantitiesOf("29 minutes");
    expect(sameQuantity(hour!, sixty!)).toBe(true);
    expect(comparable(hour!, thirty!)).toBe(true);
    expect(sameQuantity(hour!, thirty!)).toBe(false);
  });
});
