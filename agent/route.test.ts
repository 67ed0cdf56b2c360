import { describe, expect, it } from "vitest";
import { isAmbiguous, routeAfterVerify } from "./route.ts";
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
