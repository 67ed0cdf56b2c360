// Runs the graph once and times each node. Every node is wrapped (`timedNode`, in graph.ts) to add
// its own time to the record the run carries in its config, so the turn is one plain `invoke`:
// streaming each step's updates beside the state only to read the clock between them cost more
// than the timing itself (about 0.6 ms a turn of LangGraph's machinery). Benchmarks and the turn
// audit read these.
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import type { State } from "./state.ts";

type Invokable = {
  invoke(input: unknown, config: Record<string, unknown>): Promise<unknown>;
};

export type NodeTimings = Record<string, number>;

/** Where a run's timings travel in its config. */
const TIMINGS = "keelNodeMs";

/** The node, timing itself into the run's record when the run keeps one. */
export function timedNode<S, U>(name: string, node: (state: S, config: LangGraphRunnableConfig) => U | Promise<U>) {
  return async (state: S, config: LangGraphRunnableConfig): Promise<U> => {
    const started = performance.now();
    try {
      return await node(state, config);
    } finally {
      const timings = config?.configurable?.[TIMINGS] as NodeTimings | undefined;
      if (timings) timings[name] = Math.round((performance.now() - started) * 100) / 100;
    }
  };
}

export async function runTimed(
  graph: Invokable,
  input: unknown,
  config: Record<string, unknown> = {},
): Promise<{ state: State; nodeMs: NodeTimings }> {
  const nodeMs: NodeTimings = {};
  const configurable = { ...((config.configurable as Record<string, unknown> | undefined) ?? {}), [TIMINGS]: nodeMs };
  const state = (await graph.invoke(input, { ...config, configurable })) as State | undefined;
  if (!state) throw new Error("The agent graph ended without a state.");
  return { state, nodeMs };
}
