// Sentences are the unit Keel quotes and checks: each must say something on its own.
import { describe, expect, it } from "vitest";
import { onlyPointsBack, splitSentences, statesNothing } from "./sentences.ts";

const texts = (t: string) => splitSentences(t).map((s) => s.text);

describe("splitSentences", () => {
  it("keeps a sentence that points back with the one it points to", () => {
    const text =
      "The user needs to give the reason (either 'no longer needed' or 'ordered by mistake'). Other reasons are not acceptable.\nAfter confirmation the order is cancelled.";
    expect(texts(text)).toEqual([
      "The user needs to give the reason (either 'no longer needed' or 'ordered by mistake'). Other reasons are not acceptable.",
      "After confirmation the order is cancelled.",
    ]);
  });

  it("does not join across lines, and leaves ordinary sentences apart", () => {
    expect(texts("Returns take 5 days.\nThis policy applies online.")).toEqual(["Returns take 5 days.", "This policy applies online."]);
    expect(texts("Returns take 5 days. Refunds follow within a week.")).toHaveLength(2);
  });

  it("reads a table row as one fact, however many sentences its cells hold", () => {
    const text = "| Site | Parking |\n|---|---|\n| Riverside | No parking on site. Use the car park opposite |\nFees apply. Ask at reception.";
    expect(texts(text)).toEqual([
      "| Site | Parking |",
      "| Riverside | No parking on site. Use the car park opposite |",
      "Fees apply.",
      "Ask at reception.",
    ]);
  });

  it("keeps offsets that trace a joined sentence back to its passage", () => {
    const text = "Intro line.\nYou must verify the user. This has to be done even when the user gives an id.";
    const joined = splitSentences(text)[1]!;
    expect(text.slice(joined.start, joined.end)).toBe(joined.text);
  });
});

describe("list items", () => {
  it("leave their marker out of the sentence, whether or not they end with a full stop", () => {
    expect(texts("## Domain\n\n- All times are EST. For example 2:30 AM.\n- a second item\n1. Numbered item.")).toEqual([
      "Domain",
      "All times are EST.",
      "For example 2:30 AM.",
      "a second item",
      "Numbered item.",
    ]);
  });
});

describe("statesNothing", () => {
  it("is true of a fragment cut off from its lead, false of a label with its value or a whole sentence", () => {
    expect(statesNothing("price")).toBe(true);
    expect(statesNothing("and the UK")).toBe(true);
    expect(statesNothing("Annual fee: $25")).toBe(false);
    expect(statesNothing("Monthly fee: none")).toBe(false);
    expect(statesNothing("Refunds take five days.")).toBe(false);
  });
});

describe("a question that only points back", () => {
  it.each([
    ["What would that involve?", true],
    ["Can I get one?", true],
    ["How much is a new one?", true],
    ["How long is one session?", false],
    ["How much is the big one for a week?", false],
    ["How much is the locker?", false],
  ])("%s → %s", (sentence, expected) => {
    expect(onlyPointsBack(sentence)).toBe(expected);
  });
});
