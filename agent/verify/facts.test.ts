import { describe, expect, it } from "vitest";
import { AGE_OF, comparable, quantitiesOf, sameQuantity, withinBound } from "./facts.ts";

describe("quantities", () => {
  it("reads minutes as a duration, and 'a full hour' as one hour", () => {
    expect(quantitiesOf("a grace period of 29 minutes")).toEqual([{ unit: "minute", value: 29, text: "29 minutes" }]);
    expect(quantitiesOf("the grace period is a full hour")).toEqual([{ unit: "hour", value: 1, text: "a full hour" }]);
  });
  it("reads amounts of money and numbers written in words as figures", () => {
    expect(quantitiesOf("The full service is ninety-five pounds.")).toEqual([{ unit: "money", value: 95, text: "£95" }]);
    expect(quantitiesOf("An A3 print is six pounds fifty.")).toEqual([{ unit: "money", value: 6.5, text: "£6.50" }]);
    expect(quantitiesOf("fifteen pence a print")).toEqual([{ unit: "money", value: 0.15, text: "15p" }]);
    expect(quantitiesOf("within seventy days")).toEqual([{ unit: "day", value: 70, text: "seventy days", bound: "most" }]);
    expect(quantitiesOf("up to thirteen guests", { spelled: true })).toEqual([
      { unit: "count", value: 13, text: "thirteen", of: "guest", bound: "most" },
    ]);
  });
  it("reads pence and cents as money, in hundredths", () => {
    expect(quantitiesOf("| Standing charge | 53.21p per day |")).toEqual([{ unit: "money", value: 0.5321, text: "53.21p" }]);
    expect(quantitiesOf("a fee of 99¢")).toEqual([{ unit: "money", value: 0.99, text: "99¢" }]);
    expect(quantitiesOf("50 pence")).toEqual([{ unit: "money", value: 0.5, text: "50 pence" }]);
  });
  it("reads 'a month' after a figure as the figure's period, not as a duration of one month", () => {
    expect(quantitiesOf("The pass is $250 a month")).toEqual([{ unit: "money", value: 250, text: "$250", of: "month" }]);
    expect(quantitiesOf("add it for $15 more a month")).toEqual([{ unit: "money", value: 15, text: "$15", of: "month" }]);
    expect(quantitiesOf("open seven days a week")).toEqual([{ unit: "day", value: 7, text: "seven days" }]);
    expect(quantitiesOf("within a week of delivery")).toEqual([{ unit: "week", value: 1, text: "a week", bound: "most" }]);
    // "Never more than" is at most, whatever "more than" alone would say.
    expect(quantitiesOf("never more than 6 riders")[0]).toMatchObject({ value: 6, bound: "most" });
    expect(quantitiesOf("more than 6 riders")[0]).toMatchObject({ value: 6, bound: "least" });
    expect(quantitiesOf("not fewer than 2 adults")[0]).toMatchObject({ value: 2, bound: "least" });
  });
  it("does not read the p of a clock's p.m. as pence", () => {
    expect(quantitiesOf("check in by 1:15 p.m.").some((q) => q.unit === "money")).toBe(false);
    expect(quantitiesOf("a 15p stamp")).toEqual([{ unit: "money", value: 0.15, text: "15p" }]);
  });
  it("compares hours with minutes", () => {
    const [hour] = quantitiesOf("an hour");
    const [sixty] = quantitiesOf("60 minutes");
    const [thirty] = quantitiesOf("29 minutes");
    expect(sameQuantity(hour!, sixty!)).toBe(true);
    expect(comparable(hour!, thirty!)).toBe(true);
    expect(sameQuantity(hour!, thirty!)).toBe(false);
    const [day] = quantitiesOf("less than a day ahead");
    const [hours] = quantitiesOf("less than 24 hours' notice");
    expect(sameQuantity(day!, hours!)).toBe(true);
  });
  it("reads years as twelve months each: two years is 24 months, not 730 days against 720", () => {
    const [years] = quantitiesOf("valid for 2 years");
    const [months] = quantitiesOf("valid for 24 months");
    const [other] = quantitiesOf("valid for 18 months");
    expect(sameQuantity(years!, months!)).toBe(true);
    expect(sameQuantity(years!, other!)).toBe(false);
    const [week] = quantitiesOf("a week");
    const [days] = quantitiesOf("7 days");
    expect(sameQuantity(week!, days!)).toBe(true);
  });
  it("compares bare numbers only when they count the same thing, a unit written on to the number included", () => {
    const [miles250] = quantitiesOf("250 miles per day");
    const [miles200] = quantitiesOf("It includes 200 miles a day");
    const [items] = quantitiesOf("up to 3 items");
    const [returns] = quantitiesOf("limited to 2 returns");
    expect(comparable(miles250!, miles200!)).toBe(true);
    expect(sameQuantity(miles250!, miles200!)).toBe(false);
    expect(comparable(items!, returns!)).toBe(false);
    const [fiveGb] = quantitiesOf("refuel up to 5GB of data");
    const [twoGb] = quantitiesOf("at most 2 GB");
    expect(fiveGb).toMatchObject({ unit: "count", value: 5, of: "gb" });
    expect(comparable(fiveGb!, twoGb!)).toBe(true);
    const [kg] = quantitiesOf("no more than 7 kg");
    const [lb] = quantitiesOf("at most 7 lb");
    const [seven] = quantitiesOf("7 or fewer");
    expect(sameQuantity(kg!, lb!)).toBe(false);
    expect(sameQuantity(kg!, seven!)).toBe(true);
    // Numbering and ranges count nothing of their own.
    expect(quantitiesOf("2. Bring the form").every((q) => q.of === undefined)).toBe(true);
    expect(quantitiesOf("from 3 to 5").every((q) => q.of === undefined)).toBe(true);
    // With nothing counted after it, a number is the value of the word before it.
    const [eighteen] = quantitiesOf("riders aged 18 or over");
    const [sixteen] = quantitiesOf("riders aged 16 and 17");
    expect(comparable(eighteen!, sixteen!)).toBe(true);
    // An ordinal is a position: "the 15th" is no amount to compare with "the 28th".
    expect(quantitiesOf("from the 1st to the 28th")).toEqual([]);
  });
  it("reads the period an amount is charged for: $10 a week is not $10 per month", () => {
    const [month] = quantitiesOf("add it for $10 per month");
    const [week] = quantitiesOf("$10 a week");
    const [monthly] = quantitiesOf("$10 monthly");
    const [plain] = quantitiesOf("it costs $10.");
    expect(month).toMatchObject({ unit: "money", value: 10, of: "month" });
    expect(sameQuantity(month!, week!)).toBe(false);
    expect(comparable(month!, week!)).toBe(true);
    expect(sameQuantity(month!, monthly!)).toBe(true);
    expect(sameQuantity(month!, plain!)).toBe(true);
  });
  it("marks a figure said as a limit, and a range's two ends", () => {
    const [ten] = quantitiesOf("no more than 10 DVDs");
    const [two] = quantitiesOf("a minimum of 2 nights");
    const [four, fifteen] = quantitiesOf("children aged 4 to 15");
    expect([ten!.bound, two!.bound, four!.bound, fifteen!.bound]).toEqual(["most", "least", "least", "most"]);
    const [eight] = quantitiesOf("8 DVDs");
    const [twelve] = quantitiesOf("12 DVDs");
    expect(withinBound(eight!, ten!)).toBe(true);
    expect(withinBound(twelve!, ten!)).toBe(false);
    // A day is within a limit of 48 hours.
    expect(withinBound(quantitiesOf("1 day")[0]!, quantitiesOf("up to 48 hours")[0]!)).toBe(true);
    // Days against weeks are read in days, not a day's minutes against a week's days.
    expect(withinBound(quantitiesOf("5 days")[0]!, quantitiesOf("up to 1 week")[0]!)).toBe(true);
    expect(withinBound(quantitiesOf("10 days")[0]!, quantitiesOf("up to 1 week")[0]!)).toBe(false);
    expect(withinBound(quantitiesOf("3 days")[0]!, quantitiesOf("up to 48 hours")[0]!)).toBe(false);
  });
  it("sets the same figure as opposite limits apart", () => {
    const [under] = quantitiesOf("children under 4 go free");
    const [from] = quantitiesOf("children aged 4 to 10 pay $6");
    expect(sameQuantity(under!, from!)).toBe(false);
    expect(sameQuantity(under!, quantitiesOf("anyone under 4")[0]!)).toBe(true);
  });
  it("marks a limit written after its figure", () => {
    expect(quantitiesOf("Guests must be 21 or over.")[0]).toMatchObject({ value: 21, bound: "least" });
    expect(quantitiesOf("groups of 6 or more")[0]).toMatchObject({ value: 6, bound: "least" });
    expect(quantitiesOf("riders 10 and under ride free")[0]).toMatchObject({ value: 10, bound: "most" });
    expect(quantitiesOf("a group of 6 people")[0]!.bound).toBeUndefined();
  });
  it("reads an age, however it is said, on one scale with a limit of age", () => {
    const limit = quantitiesOf("Riders must be 21 or over.")[0]!;
    const said = ["my 9-year-old", "she is 9 years old", "I'm 19 and", "a rider aged 19"].map((t) => quantitiesOf(t)[0]!);
    for (const q of said) expect(q).toMatchObject({ unit: "count", of: AGE_OF });
    expect(said.map((q) => withinBound(q, limit))).toEqual([false, false, false, false]);
    expect(withinBound(quantitiesOf("I'm 30.")[0]!, limit)).toBe(true);
    expect(quantitiesOf("open to ages 12 and up")[0]).toMatchObject({ of: AGE_OF, bound: "least" });
    // A limit set on a kind of person is an age, whatever follows it; a measure keeps its own unit.
    expect(quantitiesOf("free for pensioners over 70")[0]).toMatchObject({ of: AGE_OF, bound: "least" });
    expect(quantitiesOf("children under 5 travel free")[0]).toMatchObject({ of: AGE_OF, bound: "most" });
    expect(quantitiesOf("riders under 90 kg")[0]).toMatchObject({ of: "kg" });
    expect(quantitiesOf("boxes under 5 ship free")[0]!.of).not.toBe(AGE_OF);
    expect(quantitiesOf("guests aged 4 to 11 stay")[1]).toMatchObject({ of: AGE_OF, bound: "most" });
    // A duration is not an age: "a 2-year contract", "for 3 years".
    expect(quantitiesOf("a 2-year contract")[0]).toMatchObject({ unit: "year" });
    expect(quantitiesOf("kept for 3 years")[0]).toMatchObject({ unit: "year" });
  });
  it("reads counts spelled out only when asked to, and only where they count something", () => {
    expect(quantitiesOf("unlock three bikes")).toEqual([]);
    expect(quantitiesOf("unlock three bikes", { spelled: true })).toEqual([{ unit: "count", value: 3, text: "three", of: "bike" }]);
    expect(quantitiesOf("one of them", { spelled: true })).toEqual([]);
  });
  it("reads a year written alone only when asked to, as a calendar year", () => {
    expect(quantitiesOf("opened before January 1, 2020").map((q) => q.unit)).toEqual(["count"]);
    const years = quantitiesOf("opened before January 1, 2020", { years: true }).filter((q) => q.unit === "calendar_year");
    expect(years).toEqual([{ unit: "calendar_year", value: 2020, text: "2020" }]);
    const [other] = quantitiesOf("in 2022", { years: true });
    expect(comparable(years[0]!, other!)).toBe(true);
    expect(sameQuantity(years[0]!, other!)).toBe(false);
  });

  it("reads a fraction of a unit of time as so many of the next smaller unit, and a fortnight as 14 days", () => {
    const [quarter] = quantitiesOf("Please arrive a quarter of an hour early.");
    expect(quarter).toMatchObject({ unit: "minute", value: 15 });
    expect(sameQuantity(quarter!, quantitiesOf("15 minutes")[0]!)).toBe(true);
    // Not "an hour": one quantity, not two.
    expect(quantitiesOf("half an hour")).toEqual([expect.objectContaining({ unit: "minute", value: 30 })]);
    expect(sameQuantity(quantitiesOf("half a year")[0]!, quantitiesOf("6 months")[0]!)).toBe(true);
    expect(sameQuantity(quantitiesOf("half a year")[0]!, quantitiesOf("5 months")[0]!)).toBe(false);
    expect(quantitiesOf("within a fortnight")[0]).toMatchObject({ unit: "day", value: 14, bound: "most" });
    expect(sameQuantity(quantitiesOf("a half-hour briefing")[0]!, quantitiesOf("a 30-minute briefing")[0]!)).toBe(true);
    expect(quantitiesOf("every quarter hour")[0]).toMatchObject({ unit: "minute", value: 15 });
  });

  it("reads thousands and millions written short on an amount of money", () => {
    expect(quantitiesOf("It pays up to $50k per person.")[0]).toMatchObject({ unit: "money", value: 50_000, bound: "most" });
    expect(sameQuantity(quantitiesOf("$1.5m")[0]!, quantitiesOf("$1,500,000")[0]!)).toBe(true);
    expect(sameQuantity(quantitiesOf("$50k")[0]!, quantitiesOf("$10,000")[0]!)).toBe(false);
    // A word after a space is no magnitude: "$5 monthly" is five dollars a month.
    expect(quantitiesOf("$5 monthly")[0]).toMatchObject({ value: 5, of: "month" });
  });
});
