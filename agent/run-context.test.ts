import { describe, expect, it } from "vitest";
import { Annotation, END, START, StateGraph, getConfig } from "@langchain/langgraph";
import { AsyncLocalStorageProviderSingleton } from "@langchain/core/singletons";
import { useLeanRunContext } from "./run-context.ts";

describe("carrying a run's config without a RunTree", () => {
  it("still hands every node its config, and builds no RunTree to carry it", async () => {
    useLeanRunContext();
    const seen: { thread?: unknown; store?: unknown }[] = [];
    const State = Annotation.Root({ n: Annotation<number> });
    const graph = new StateGraph(State)
      .addNode("one", (s: typeof State.State) => {
        seen.push({ thread: getConfig().configurable?.thread_id, store: AsyncLocalStorageProviderSingleton.getInstance().getStore() });
        return { n: s.n + 1 };
      })
      .addNode("two", (s: typeof State.State) => ({ n: s.n * 10 }))
      .addEdge(START, "one")
      .addEdge("one", "two")
      .addEdge("two", END)
      .compile();
    const out = await graph.invoke({ n: 1 }, { configurable: { thread_id: "t-1" } });
    expect(out.n).toBe(20);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.thread).toBe("t-1");
    expect(seen[0]!.store).toBeDefined();
    // A plain record, not the RunTree @langchain/core builds otherwise.
    expect(Object.getPrototypeOf(seen[0]!.store)).toBe(Object.prototype);
  });
});
