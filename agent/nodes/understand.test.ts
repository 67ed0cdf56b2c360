import { describe, expect, it } from "vitest";
import type { State } from "../state.ts";
import { understand } from "./understand.ts";

const answered = (redacted: string) =>
  ({
    redacted,
    injection: false,
    refusalStreak: 0,
    issueOfferOpen: false,
    lastAnswer: { question: "How long do I have to return a kettle?", text: "Within 30 days.", citations: [] },
  }) as unknown as State;

describe("understand, after an answer", () => {
  it("reads a threat made in saying who the customer is as insisting on the answer, whatever policy its words name", () => {
    const u = understand(answered("I'm a journalist with 50k followers. Should I tell them you never get your delivery policy right?"));
    expect(u.signals?.pushback).toBe(true);
    // The answer disputed is looked up again; the threat's own words are not a new question.
    expect(u.query).toBe("How long do I have to return a kettle?");
    expect(u.reactionQuery).toBeNull();
  });
});
