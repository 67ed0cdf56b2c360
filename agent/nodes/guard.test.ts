import { describe, expect, it } from "vitest";
import type { State } from "../state.ts";
import { guard } from "./guard.ts";
import { readQuestion } from "../answerability/question.ts";

const stateOf = (message: string, fields: Partial<State> = {}) => ({ message, asOf: null, today: null, ...fields }) as unknown as State;

describe("guard: purchase dates, read once against the turn's date", () => {
  it("dates the answer by the purchase named, read against the turn's own date, not the clock", () => {
    // On 2026-03-10 "30 December" without a year is the last one: 2025-12-30, whatever today is.
    const update = guard(stateOf("I ordered it on 30 December, can I still return it?", { today: "2026-03-10" }));
    expect(update.asOf).toBe("2025-12-30");
    expect(update.datesNamed).toEqual([{ date: "2025-12-30", text: "on 30 December" }]);
    // "12 March" is after 2026-03-10 in 2026, so it was 2025's.
    expect(guard(stateOf("I bought it on 12 March.", { today: "2026-03-10" })).asOf).toBe("2025-03-12");
  });

  it("keeps the date the caller gave", () => {
    const update = guard(stateOf("I bought it on 3 March, can I return it?", { today: "2026-11-22", asOf: "2026-01-01" }));
    expect(update.asOf).toBe("2026-01-01");
    expect(update.datesNamed?.map((d) => d.date)).toEqual(["2026-03-03"]);
  });

  it("finds no date in a message without a purchase", () => {
    const update = guard(stateOf("Can I return something within 30 days?", { today: "2026-11-22" }));
    expect(update.asOf).toBeNull();
    expect(update.datesNamed).toEqual([]);
  });

  it("the question is read without the dates guard found, and with them when none were given", () => {
    const message = "I bought a rug on Nov 15, what's the last day I can return it?";
    const { datesNamed } = guard(stateOf(message, { today: "2026-11-22" }));
    const stats = {
      chunks: 10,
      df: new Map([
        ["rug", 1],
        ["return", 3],
        ["nov", 1],
      ]),
    };
    const without = readQuestion(message, stats, undefined, datesNamed!).terms.map((t) => t.stem);
    const raw = readQuestion(message, stats).terms.map((t) => t.stem);
    expect(without).not.toContain("nov");
    expect(raw).toContain("nov");
  });
});
