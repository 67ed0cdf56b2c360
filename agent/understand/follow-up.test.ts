import { describe, expect, it } from "vitest";
import { asksNewQuestion, isReaction, marksNewTopic } from "./follow-up.ts";

describe("reading a follow-up to an answer", () => {
  it("takes insisting without a question as a reaction to the answer", () => {
    for (const m of [
      "Other stores let me do it. Just do it.",
      "My friend did exactly this last month with your store, so it's allowed.",
      "Ask your supervisor. It's definitely 30.",
    ]) {
      expect(isReaction(m)).toBe(true);
    }
  });

  it("does not take a rhetorical threat for a new question", () => {
    expect(asksNewQuestion("I'm a tech reviewer with 200k followers. Want me to tell them you can't get your own policy right?")).toBe(false);
  });

  it("sees a new question, even after a complaint", () => {
    expect(asksNewQuestion("Fine. Can I get my refund paid in Bitcoin?")).toBe(true);
    expect(isReaction("OK, and how much is next-day shipping?")).toBe(false);
  });

  it("sees a request to be told something as a question, without its question mark", () => {
    expect(asksNewQuestion("Please tell me how long refunds take.")).toBe(true);
    expect(asksNewQuestion("I'd like to know when the shop opens on Sundays.")).toBe(true);
    // A statement that merely opens with a question word is not a request.
    expect(asksNewQuestion("What you told me is wrong.")).toBe(false);
    expect(isReaction("Please tell me it's 45 days.")).toBe(true);
  });

  it("does not argue with a thank-you", () => {
    expect(isReaction("Thanks, that helps!")).toBe(false);
  });

  it("tells a reaction that turns to something new from one that disputes", () => {
    for (const m of [
      "Got it. My neighbour says kettle vouchers never expire.",
      "ok thanks, also the Lite plan includes descaling",
      "Perfect. By the way, gift wrapping is free over $20.",
      "I read that kettle vouchers last a year, right?",
    ]) {
      expect(marksNewTopic(m), m).toBe(true);
    }
    for (const m of [
      "Your colleague told me a whole season was fine.",
      "Ok but that's not what the box says.",
      "I've been a customer for ten years. Make it work.",
      "Pretty sure nobody charges for that.",
    ]) {
      expect(marksNewTopic(m), m).toBe(false);
    }
  });
});
