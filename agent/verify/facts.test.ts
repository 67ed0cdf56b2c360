import { describe, expect, it } from "vitest";
import { comparable, quantitiesOf, sameQuantity } from "./facts.ts";

describe("quantities", () => {
  it("reads minutes as a duration, and 'a full hour' as one hour", () => {
    expect(quantitiesOf("a grace period of 29 minutes")).toEqual([{ unit: "minute", value: 29, text: "29 minutes" }]);
    expect(quantitiesOf("the grace period is a full hour")).toEqual([{ unit: "hour", value: 1, text: "a full hour" }]);
  });
  it("reads pence and cents as money, in hundredths", () => {
    expect(quantitiesOf("| Standing charge | 53.21p per day |")).toEqual([{ unit: "money", value: 0.5321, text: "53.21p" }]);
    expect(quantitiesOf("a fee of 99¢")).toEqual([{ unit: "money", value: 0.99, text: "99¢" }]);
    expect(quantitiesOf("50 pence")).toEqual([{ unit: "money", value: 0.5, text: "50 pence" }]);
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
