import { describe, expect, it } from "vitest";
import type { SearchHit } from "../kb/search.ts";
import { isAmbiguous } from "./route.ts";
import type { State } from "./state.ts";

const hit = (chunkId: number, policy: string, semantic: number): SearchHit => ({
  chunkId, policy, version: 1, title: policy, section: "s", headingPath: [policy, "s"], content: "text", charStart: 0, charEnd: 4,
  effectiveFrom: "2025-01-01", effectiveTo: null, handoffRequired: false, score: 0.02, semantic, lexical: 0.01,
});

/** The fields isAmbiguous reads; the rest of the state plays no part. */
const state = (fields: Partial<State>): State =>
  ({ query: "Can I get gift-wrapping?", hits: [hit(1, "gift-returns", 0.41), hit(2, "gift-cards", 0.4)], unknownSpecifics: [], draft: null, ...fields }) as unknown as State;

describe("clarifying between two policies", () => {
  it("asks which one is meant when a short question fits both about equally", () => {
    expect(isAmbiguous(state({}))).toBe(true);
  });

  it("does not, when the question is about what no policy mentions", () => {
    expect(isAmbiguous(state({ draft: { sentences: [], source: "offline", gap: "the policies never mention wrapping", unknown: ["wrapping"] } }))).toBe(false);
    expect(isAmbiguous(state({ unknownSpecifics: ["layaway"] }))).toBe(false);
  });
});
