import { describe, expect, it } from "vitest";
import { escalationReason, isAmbiguous, routeAfterVerify } from "./route.ts";
import type { State } from "./state.ts";

/** The fields routing reads; the rest of the state plays no part. */
const state = (fields: Partial<State>): State =>
  ({
    query: "What's the annual fee on the platinum card?",
    hits: [],
    unknownSpecifics: [],
    premises: [],
    signals: null,
    draft: null,
    refusalStreak: 0,
    ...fields,
  }) as unknown as State;

describe("clarifying between sibling products", () => {
  it("asks which one is meant when the answer drafted a choice of products", () => {
    const s = state({
      draft: {
        sentences: [],
        source: "offline",
        gap: "the question fits several products",
        clarify: ["Platinum Rewards Card", "Platinum Travel Card"],
      },
    });
    expect(isAmbiguous(s)).toBe(true);
    expect(routeAfterVerify(s)).toBe("clarify");
  });

  it("refuses instead when nothing answers and no product choice was found", () => {
    const s = state({ draft: { sentences: [], source: "offline", gap: "the closest passage does not answer it" } });
    expect(isAmbiguous(s)).toBe(false);
    expect(routeAfterVerify(s)).toBe("refuse");
  });
});

describe("pressure with nothing grounded to say", () => {
  const signals = (pressure: string[]) =>
    ({ humanRequested: false, sensitive: [], pressure, pushback: false, premises: [] }) as unknown as State["signals"];
  const nothing = { draft: { sentences: [], source: "offline" as const, gap: "the closest passage does not answer it" } };
  it("hands off a customer who threatens a regulator or a lawsuit, rather than refusing them", () => {
    const s = state({ ...nothing, query: "My signal dropped again. Fix it or I'm going to the regulator.", signals: signals(["threat"]) });
    expect(routeAfterVerify(s)).toBe("handoff");
    expect(escalationReason(s)).toBe("pressure");
  });
  it("still refuses an urgent question it cannot answer: urgency is not a threat", () => {
    const s = state({ ...nothing, query: "I need to know the roaming price right now.", signals: signals(["urgency"]) });
    expect(routeAfterVerify(s)).toBe("refuse");
  });
});
