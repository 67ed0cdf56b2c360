import { describe, expect, it } from "vitest";
import { listItemTexts, listLead } from "./lists.ts";

describe("list items", () => {
  it("reads bullet lines under their lead, one fact each", () => {
    const items = listItemTexts(
      "As a retail agent, you can help users:\n\n- **cancel or modify pending orders**\n- **return or exchange delivered orders**",
    );
    expect(items).toEqual([
      "As a retail agent, you can help users: cancel or modify pending orders",
      "As a retail agent, you can help users: return or exchange delivered orders",
    ]);
  });

  it("reads an inline enumeration with the words around it", () => {
    expect(listItemTexts("The status of an order can be: **pending**, **processed**, **delivered**, or **cancelled**.")).toEqual([
      "The status of an order can be: pending.",
      "The status of an order can be: processed.",
      "The status of an order can be: delivered.",
      "The status of an order can be: cancelled.",
    ]);
  });

  it("leaves a sentence without a list, or with two items only, alone", () => {
    expect(listItemTexts("An order can only be cancelled if its status is 'pending'.")).toBeNull();
    expect(listItemTexts("Pay by card or PayPal, at checkout.")).toBeNull();
  });
});

describe("what a list enumerates", () => {
  it("is the words before its first item, the first item as long as the middle ones", () => {
    expect(listLead("We ship internationally to Canada, Mexico, and the United Kingdom only.")).toBe("We ship internationally to ");
    expect(
      listLead(
        "For a pending order, you can take actions to modify its shipping address, payment method, or product item options, but nothing else.",
      ),
    ).toBe("For a pending order, you can take actions to modify its ");
    expect(listLead("Each order has the following attributes:\n- unique order id\n- status\n- address")).toBe(
      "Each order has the following attributes:",
    );
    expect(listLead("An order can only be cancelled if its status is 'pending'.")).toBeNull();
  });
});
