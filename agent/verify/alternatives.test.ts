import { describe, expect, it } from "vitest";
import { stem } from "../../kb/text/terms.ts";
import { alternativesIn, excludedValue, onlyConditionStems } from "./alternatives.ts";
import { checkClaim } from "./claims.ts";
import { renderReason } from "./reasons.ts";

const statuses = "The status of an order can be: **pending**, **processed**, **delivered**, or **cancelled**.";
const rule = "An order can only be modified if its status is 'pending', and you should check its status before taking the action.";

describe("values a policy lists as alternatives", () => {
  it("are read from a list of three or more, markup and all", () => {
    const a = alternativesIn([statuses]);
    expect([...a.siblings.get(stem("processed"))!]).toEqual(expect.arrayContaining([stem("pending"), stem("delivered"), stem("cancelled")]));
    expect(a.words.get(stem("processed"))).toBe("processed");
    // Two items are a pair, not a set of alternatives.
    expect(alternativesIn(["Pay by card or PayPal."]).siblings.size).toBe(0);
  });

  it("an only-if rule names the value it allows, not what follows the clause", () => {
    expect(onlyConditionStems(rule).has(stem("pending"))).toBe(true);
    expect(onlyConditionStems(rule).has(stem("action"))).toBe(false);
    expect(onlyConditionStems("This action can only be called once, and will change the status to 'pending'.").size).toBe(0);
  });

  it("a claim naming another value is excluded; one naming the allowed value is not", () => {
    const a = alternativesIn([statuses]);
    expect(excludedValue([stem("change"), stem("processed"), stem("order")], rule, a)).toEqual({
      named: stem("processed"),
      allowed: stem("pending"),
    });
    expect(excludedValue([stem("change"), stem("pending"), stem("order")], rule, a)).toBeNull();
    expect(excludedValue([stem("change"), stem("processed")], rule, alternativesIn([]))).toBeNull();
  });
});

describe("the checker with alternatives", () => {
  const passages = [{ text: `${statuses}\nEach order has an id.` }, { text: rule, context: "Modify pending order" }];

  it("contradicts a permission for a value the rule leaves out, quoting the rule", () => {
    const check = checkClaim("you can also change the address on orders that are already processed", passages);
    expect(check.verdict).toBe("contradicted");
    expect(check.evidence).toBe(rule);
    expect(check.why).toEqual({ kind: "excluded", allowed: "pending", named: "processed" });
    expect(renderReason(check.why)).toBe("the passage allows this only for pending, not processed");
  });

  it("does not contradict the value the rule allows, and supports a no for the value it leaves out", () => {
    expect(checkClaim("you can modify orders that are pending", passages).verdict).not.toBe("contradicted");
    expect(checkClaim("you cannot modify orders that are processed", passages).verdict).toBe("supported");
  });

  it("without the list, a value the rule does not name decides nothing", () => {
    expect(checkClaim("you can change the address on orders that are already processed", [passages[1]!]).verdict).not.toBe("contradicted");
  });
});

describe("several against exactly one", () => {
  const single = {
    text: "The user can only choose a single payment method different from the original payment method.",
    context: "Modify pending order > Modify payment",
  };
  const methods = { text: "There are three types of payment methods: **gift card**, **paypal account**, **credit card**.", context: "User" };

  it("splitting between two named methods contradicts a single method, though the sentence names neither", () => {
    const check = checkClaim("I can split the new payment on my pending order between my gift card and PayPal", [methods, single]);
    expect(check.verdict).toBe("contradicted");
    expect(check.evidence).toBe(single.text);
  });

  it("a name of another kind still has to be in the sentence", () => {
    expect(checkClaim("I can split the new payment on my pending order with Walmart", [methods, single]).verdict).not.toBe("contradicted");
  });
});

describe("a value the rule itself names", () => {
  it("is what the rule is about, not the value it leaves out", () => {
    const a = alternativesIn([statuses]);
    const cancel = "An order can only be cancelled if its status is 'pending'.";
    expect(excludedValue([stem("cancel"), stem("order"), stem("delivered")], cancel, a)).toEqual({
      named: stem("delivered"),
      allowed: stem("pending"),
    });
  });
});

describe("counts said in words", () => {
  const once = {
    text: "This action can only be called once, and will change the order status to 'pending (items modifed)'.",
    context: "Modify pending order > Modify items",
  };
  const options = {
    text: "For a pending order, you can take actions to modify its shipping address, payment method, or product item options, but nothing else.",
    context: "Modify pending order",
  };

  it("weigh like figures: a sentence silent on how often does not confirm 'as many times as I like', one that says once refutes it", () => {
    const check = checkClaim("I can modify the items on my pending order as many times as I like", [options, once]);
    expect(check.verdict).toBe("contradicted");
    expect(check.evidence).toBe(once.text);
    expect(checkClaim("I can modify the items on my pending order", [options, once]).verdict).toBe("supported");
  });
});

describe("enough against too little", () => {
  it("a balance too low is refuted by 'must have enough balance'", () => {
    const rule = {
      text: "If the user provides a gift card, it must have enough balance to cover the price difference.",
      context: "Exchange delivered order",
    };
    expect(checkClaim("I can pay the price difference of my exchange with a gift card even if its balance is too low", [rule]).verdict).toBe(
      "contradicted",
    );
    expect(checkClaim("I can pay the price difference of my exchange with a gift card that has enough balance", [rule]).verdict).toBe("supported");
  });
});

describe("an instance of a kind the passages never name", () => {
  const passages = [
    { text: "There cannot be any change of product types, e.g. modify shirt to shoe.", context: "Modify pending order > Modify items" },
    {
      text: "You can only help one user per conversation, and must deny any requests for tasks related to any other user.",
      context: "Retail agent policy",
    },
  ];

  it("is not refuted by a 'no' about something else", () => {
    expect(checkClaim("you can change my husband's orders for me", passages).verdict).not.toBe("contradicted");
    // The same "no" does answer a claim about changing product types.
    expect(checkClaim("you can change the product type of my order", passages).verdict).toBe("contradicted");
  });
});

describe("counting the same thing", () => {
  const scope = {
    text: "You can only help one user per conversation (but you can handle multiple requests from the same user), and must deny any requests for tasks related to any other user.",
    context: "Retail agent policy",
  };

  it("several users against one user is a wrong count, though the sentence counts requests as multiple", () => {
    const check = checkClaim("you can help me with several users' accounts in one conversation", [scope]);
    expect(check.verdict).toBe("contradicted");
    expect(check.why).toEqual({ kind: "count", stated: "only help one" });
    expect(renderReason(check.why)).toBe("says only help one");
  });

  it("several requests are what the sentence allows", () => {
    expect(checkClaim("you can help me with several requests in one conversation", [scope]).verdict).not.toBe("contradicted");
  });
});

describe("the rule that governs a premise, read with the alternatives of every retrieved passage", () => {
  it("excludes a value listed only in another passage", () => {
    const rule = [{ text: "An order can only be cancelled if its status is 'pending'." }];
    expect(checkClaim("you can cancel an order that has been delivered", rule).verdict).not.toBe("contradicted");
    expect(checkClaim("you can cancel an order that has been delivered", rule, { alternatives: alternativesIn([statuses]) }).verdict).toBe(
      "contradicted",
    );
  });
});
