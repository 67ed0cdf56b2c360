import { describe, expect, it } from "vitest";
import { memoByObject, memoByText, memoized } from "./memo.ts";

describe("memoByText", () => {
  it("reads each text once and shares the value", () => {
    const reads: string[] = [];
    const length = memoByText((t: string) => {
      reads.push(t);
      return { n: t.length };
    });
    const first = length("abc");
    expect(length("abc")).toBe(first);
    expect(length("de")).toEqual({ n: 2 });
    expect(reads).toEqual(["abc", "de"]);
  });

  it("remembers null as a value, not as a miss", () => {
    let reads = 0;
    const none = memoByText(() => {
      reads++;
      return null;
    });
    expect(none("x")).toBeNull();
    expect(none("x")).toBeNull();
    expect(reads).toBe(1);
  });

  it("stays within its bound by starting over", () => {
    let reads = 0;
    const upper = memoByText((t: string) => {
      reads++;
      return t.toUpperCase();
    }, 2);
    upper("a");
    upper("b");
    upper("c"); // full: the first generation goes
    upper("a");
    expect(reads).toBe(4);
  });
});

describe("memoized", () => {
  it("keys by what keyOf says, so equal inputs share one reading", () => {
    let reads = 0;
    const sum = memoized(
      (p: { a: number; b: number }) => {
        reads++;
        return p.a + p.b;
      },
      (p) => `${p.a},${p.b}`,
    );
    expect(sum({ a: 1, b: 2 })).toBe(3);
    expect(sum({ a: 1, b: 2 })).toBe(3);
    expect(sum({ a: 2, b: 1 })).toBe(3);
    expect(reads).toBe(2);
  });
});

describe("memoByObject", () => {
  it("reads each object once, and an equal but new object afresh", () => {
    const reads: string[][] = [];
    const joined = memoByObject((words: string[]) => {
      reads.push(words);
      return words.join(" ");
    });
    const titles = ["Gold", "Plan"];
    expect(joined(titles)).toBe("Gold Plan");
    expect(joined(titles)).toBe("Gold Plan");
    expect(joined(["Gold", "Plan"])).toBe("Gold Plan");
    expect(reads).toHaveLength(2);
  });
});
