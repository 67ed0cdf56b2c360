import { describe, expect, it } from "vitest";
import { asFloat4Text, lexemeShare, parseTsvector, rankOr, lengthDivisor } from "./ts-rank.ts";

describe("reading a tsvector's text output", () => {
  it("reads lexemes, their positions' weight classes and the vector's length", () => {
    const v = parseTsvector("'day':3,9B 'it''s':1 'refund':2A,5 'x'");
    expect([...v.lexemes.entries()]).toEqual([
      ["day", [0, 2]],
      ["it's", [0]],
      ["refund", [3, 0]],
      ["x", []],
    ]);
    // Positions count one each; a lexeme stored without positions counts one.
    expect(v.length).toBe(6);
  });

  it("reads an empty vector", () => {
    expect(parseTsvector("")).toEqual({ lexemes: new Map(), length: 0 });
  });

  it("refuses text that is cut off inside a lexeme", () => {
    expect(() => parseTsvector("'refund")).toThrow(/unterminated/);
  });
});

describe("ts_rank(tsv, 'a | b', 1) in single precision", () => {
  it("gives a lexeme seen once its class weight, and repeats diminishing shares", () => {
    expect(lexemeShare([0])).toBe(Math.fround(0.1));
    expect(lexemeShare([0, 0])).toBeCloseTo(0.1 + 0.1 / 4, 6);
    // The strongest position counts whole wherever it stands.
    expect(lexemeShare([0, 3])).toBeGreaterThan(lexemeShare([3]));
  });

  it("divides by the query's distinct lexemes and by log2 of one plus the vector's length", () => {
    const one = rankOr([lexemeShare([0])], 2, lengthDivisor(3));
    expect(one).toBeCloseTo(0.1 / 1.64493406685 / 2 / 2, 6);
    expect(Math.fround(one)).toBe(one);
  });

  it("reads a float4 back as node-postgres does: the shortest decimal that is the same float4", () => {
    const x = Math.fround(0.1 / 3);
    expect(asFloat4Text(x)).toBe(0.033333335);
    expect(asFloat4Text(0)).toBe(0);
  });
});
