// Eval questions about a policy, for regression replay: the first message of every sample-KB
// case that expects an answer citing it.
import { AGENT_CASE_FILES, agentCaseSchema, readCases } from "./cases.ts";

export function evalQuestionsFor(policy: string): string[] {
  return AGENT_CASE_FILES.flatMap((f) => readCases(f, agentCaseSchema))
    .filter((c) => c.kb === "sample" && c.expect.policy === policy)
    .map((c) => c.turns[0]!.message);
}
