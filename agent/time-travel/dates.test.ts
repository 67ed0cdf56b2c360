import { describe, expect, it } from "vitest";
import { namedPurchaseDates } from "./dates.ts";

/** The first purchase date named: the one guard dates the answer by. */
const purchaseDateOf = (message: string, today: string) => namedPurchaseDates(message, today)[0]?.date ?? null;

const TODAY = "2026-11-22";

describe("purchaseDateOf", () => {
  it.each([
    ["I bought this on 3 March — could I still return it under the rules then?", "2026-03-03"],
    ["I purchased it on 2025-03-03, can I return it?", "2025-03-03"],
    ["My order was delivered on March 3rd, 2025. Refund?", "2025-03-03"],
    ["I ordered it on 30 December", "2025-12-30"],
  ])("finds the purchase date in %j", (message, date) => {
    expect(purchaseDateOf(message, TODAY)).toBe(date);
  });

  it.each(["Can I return something within 30 days?", "How long does delivery take?", "I will order it next week", "Is the sale on 3 March?"])(
    "finds no purchase date in %j",
    (message) => {
      expect(purchaseDateOf(message, TODAY)).toBeNull();
    },
  );
});
