import { describe, expect, it } from "vitest";
import { focusOf, withoutSelfDescriptions } from "./focus.ts";

describe("what a message asks", () => {
  it("leaves out who the customer says they are", () => {
    expect(focusOf("Hola, I am Carlos, my English is not so good. How can I avoid paying the monthly fee on the Blue Account?")).toBe(
      "How can I avoid paying the monthly fee on the Blue Account?",
    );
    expect(focusOf("Hello, I'm Margaret, I'm 70 and retired. How can I avoid paying the monthly fee on the Blue Account?")).toBe(
      "How can I avoid paying the monthly fee on the Blue Account?",
    );
  });

  it("leaves out a sentence that only hands over personal data", () => {
    expect(focusOf("How long do I have to return a lamp? My card is [CARD]")).toBe("How long do I have to return a lamp?");
    expect(focusOf("My account is •••• 5678. When will I get my refund?")).toBe("When will I get my refund?");
  });

  it("keeps what happened around the question, and a message with no question", () => {
    expect(focusOf("I bought a lamp last week. Can I return it?")).toBe("I bought a lamp last week. Can I return it?");
    expect(focusOf("My phone says no signal. What should I check first?")).toBe("My phone says no signal. What should I check first?");
    expect(focusOf("My order never arrived.")).toBe("My order never arrived.");
  });

  it("keeps the sentence a question only points back to, even one that starts with who the customer is", () => {
    expect(focusOf("I'm keen on renting a second locker. How do I go about that?")).toBe(
      "I'm keen on renting a second locker. How do I go about that?",
    );
    expect(focusOf("I'm Dana, I'm 40. How much is it?")).toBe("I'm Dana, I'm 40. How much is it?");
    expect(focusOf("I'm Dana, I'm 40. How much is the locker?")).toBe("How much is the locker?");
  });
});

describe("events in a message", () => {
  it("leave out who the customer is, but keep what happened or is threatened", () => {
    expect(withoutSelfDescriptions("I'm Victoria and I'm a corporate lawyer. Can I use Klarna?")).toBe("Can I use Klarna?");
    expect(withoutSelfDescriptions("I'm having my lawyer contact you about the ladder.")).toBe("I'm having my lawyer contact you about the ladder.");
  });
});
