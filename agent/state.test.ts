// Under the tests LangGraph still validates every node's update against the state's zod schemas
// (state.ts): a node that returns a wrongly shaped update fails the run here, before it ships.
import { describe, expect, it } from "vitest";
import { END, START, StateGraph } from "@langchain/langgraph";
import { AgentState, VALIDATES_UPDATES } from "./state.ts";

describe("the agent state's run-time checks", () => {
  it("validate every node's update while the tests run", async () => {
    expect(VALIDATES_UPDATES).toBe(true);
    const graph = new StateGraph(AgentState)
      .addNode("bad", () => ({ refusalStreak: "three" as unknown as number }))
      .addEdge(START, "bad")
      .addEdge("bad", END)
      .compile();
    await expect(graph.invoke({ conversationId: "c", message: "hi" })).rejects.toThrow(/refusalStreak/);
  });
});
