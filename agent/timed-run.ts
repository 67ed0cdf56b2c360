// Runs the graph once and times each node: the graph is a chain, so the time between two
// streamed node updates is the later node's own time. Benchmarks and the turn audit read these.
import type { State } from "./state.ts";

type Streamable = {
  stream(input: unknown, config: Record<string, unknown>): Promise<AsyncIterable<unknown>>;
};

export type NodeTimings = Record<string, number>;

export async function runTimed(
  graph: Streamable,
  input: unknown,
  config: Record<string, unknown> = {},
): Promise<{ state: State; nodeMs: NodeTimings }> {
  const nodeMs: NodeTimings = {};
  let state: State | null = null;
  let last = performance.now();
  for await (const chunk of await graph.stream(input, { ...config, streamMode: ["updates", "values"] })) {
    const [mode, payload] = chunk as [string, unknown];
    if (mode === "values") {
      state = payload as State;
      continue;
    }
    const now = performance.now();
    for (const node of Object.keys(payload as object)) nodeMs[node] = Math.round((now - last) * 100) / 100;
    last = now;
  }
  if (!state) throw new Error("The agent graph ended without a state.");
  return { state, nodeMs };
}
