// Keel's agent as one LangGraph state machine:
// guard → understand → (converse | retrieve → suppress → answer → verify → respond | refuse | clarify | handoff)
// → personalise.
import { END, START, StateGraph } from "@langchain/langgraph";
import type { AgentDeps } from "./deps.ts";
import { makeAnswer } from "./nodes/answer.ts";
import { clarify } from "./nodes/clarify.ts";
import { guard } from "./nodes/guard.ts";
import { handoff } from "./nodes/handoff.ts";
import { refuse } from "./nodes/refuse.ts";
import { respond } from "./nodes/respond.ts";
import { makeRetrieve } from "./nodes/retrieve.ts";
import { understand } from "./nodes/understand.ts";
import { makeVerify } from "./nodes/verify.ts";
import { routeAfterUnderstand, routeAfterVerify } from "./route.ts";
import { converse } from "./nodes/converse.ts";
import { makeSuppress } from "./nodes/suppress.ts";
import { personalise } from "./nodes/personalise.ts";
import { AgentState } from "./state.ts";
import { useLeanRunContext } from "./run-context.ts";
import { timedNode } from "./timed-run.ts";

export function buildGraph(deps: AgentDeps) {
  // Configs carried without a LangSmith RunTree per step while tracing is off (run-context.ts).
  useLeanRunContext();
  return (
    new StateGraph(AgentState)
      // Bound the message, redact personal data, flag prompt injection.
      .addNode("guard", timedNode("guard", guard))
      // Read intent and signals: human request, pressure, sensitivity, pushback, premises.
      .addNode("understand", timedNode("understand", understand))
      // Hybrid search over the policy versions in force, for the question and each premise.
      .addNode("retrieve", timedNode("retrieve", makeRetrieve(deps)))
      // Set promotions aside for a customer with an open issue or no marketing consent.
      .addNode("suppress", timedNode("suppress", makeSuppress(deps)))
      // Draft from passages only: extractive offline, or the chat model with citations.
      .addNode("answer", timedNode("answer", makeAnswer(deps)))
      // Check every drafted claim and every premise against the cited passages.
      .addNode("verify", timedNode("verify", makeVerify(deps)))
      // Send the grounded answer (corrections first).
      .addNode("respond", timedNode("respond", respond))
      // Say what cannot be confirmed and offer a human.
      .addNode("refuse", timedNode("refuse", refuse))
      // Ask which of two fitting policies is meant.
      .addNode("clarify", timedNode("clarify", clarify))
      // Reply in kind to a greeting, thanks, "yes" or "ok": nothing to look up.
      .addNode("converse", timedNode("converse", converse))
      // Pass to a human with summary, findings, signals and a suggested reply.
      .addNode("handoff", timedNode("handoff", handoff))
      // Acknowledge an open service issue first; add a clause the policy ties to the customer's tier.
      .addNode("personalise", timedNode("personalise", personalise))
      .addEdge(START, "guard")
      .addEdge("guard", "understand")
      .addConditionalEdges("understand", routeAfterUnderstand, ["converse", "retrieve"])
      .addEdge("retrieve", "suppress")
      .addEdge("suppress", "answer")
      .addEdge("answer", "verify")
      .addConditionalEdges("verify", routeAfterVerify, ["respond", "refuse", "clarify", "handoff"])
      .addEdge("respond", "personalise")
      .addEdge("refuse", "personalise")
      .addEdge("converse", "personalise")
      .addEdge("clarify", "personalise")
      .addEdge("handoff", "personalise")
      .addEdge("personalise", END)
      .compile()
  );
}
