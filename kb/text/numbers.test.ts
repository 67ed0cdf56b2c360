import { describe, expect, it } from "vitest";
import { moneyInFigures, NUMBER_WORDS_PATTERN, numberWordValue, ordinalsOf } from "./numbers.ts";

describe("number words", () => {
  it("reads units, teens, tens and their compounds, with a hyphen or a space", () => {
    expect(numberWordValue("seven")).toBe(7);
    expect(numberWordValue("Seventeen")).toBe(17);
    expect(numberWordValue("eighty")).toBe(80);
    expect(numberWordValue("ninety-five")).toBe(95);
    expect(numberWordValue("thirty  eight")).toBe(38);
    expect(numberWordValue("hundred")).toBe(100);
    expect(numberWordValue("dozen")).toBe(12);
    expect(numberWordValue("constructor")).toBeNull();
    expect(numberWordValue("fivefold")).toBeNull();
  });

  it("matches the longest number word first", () => {
    const m = new RegExp(`\\b(?:${NUMBER_WORDS_PATTERN})\\b`, "i").exec("it costs ninety-five a go");
    expect(m?.[0]).toBe("ninety-five");
  });
});

describe("positions", () => {
  it("reads a position in words or figures, not a day of the month nor the first half of a word", () => {
    expect(ordinalsOf("it's the 3rd time; the Third refill is free")).toEqual([3, 3]);
    expect(ordinalsOf("first come, first served")).toEqual([1, 1]);
    expect(ordinalsOf("paid on the 7th, due the 21st of June, second-hand, 4th May")).toEqual([]);
  });
});

describe("money in figures", () => {
  it("puts amounts written in words in figures", () => {
    expect(moneyInFigures("The full service is ninety-five pounds.")).toBe("The full service is £95.");
    expect(moneyInFigures("An A3 print is six pounds fifty.")).toBe("An A3 print is £6.50.");
    expect(moneyInFigures("Boxes are 2 dollars and 50 cents each.")).toBe("Boxes are $2.50 each.");
    expect(moneyInFigures("There's a four-pound charge.")).toBe("There's a £4 charge.");
    expect(moneyInFigures("Prints are fifteen pence each.")).toBe("Prints are 15p each.");
    expect(moneyInFigures("It is thirty euros.")).toBe("It is €30.");
  });

  it("leaves the number after an amount alone when it counts something else", () => {
    expect(moneyInFigures("It costs five pounds two days a week.")).toBe("It costs £5 two days a week.");
  });

  it("leaves text without money words as it is", () => {
    const text = "Returns within thirty days.";
    expect(moneyInFigures(text)).toBe(text);
    expect(moneyInFigures("It is a pound shop.")).toBe("It is a pound shop.");
  });
});

describe("money in figures, as written", () => {
  it("leaves pence already in figures to the figures' own reader", () => {
    expect(moneyInFigures("a 50 pence fee")).toBe("a 50 pence fee");
  });
});
