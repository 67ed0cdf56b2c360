// Eval cases: one JSON object per line in evals/cases/*.jsonl, validated here.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";

export const CASES_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "cases");

const turn = z.object({ message: z.string(), as_of: z.string().optional() });
const outcome = z.enum(["answer", "refusal", "clarify", "handoff"]);

export const agentCaseSchema = z.object({
  id: z.string(),
  suite: z.enum(["grounded", "out_of_scope", "false_premise", "pushback", "escalation", "fairness", "injection", "privacy"]),
  kb: z.enum(["sample", "external"]),
  group: z.string().optional(),
  turns: z.array(turn).min(1),
  expect: z.object({
    outcome: z.union([outcome, z.array(outcome)]).optional(),
    reason: z.string().optional(),
    policy: z.string().optional(),
    facts: z.array(z.string()).optional(),
    forbid: z.array(z.string()).optional(),
    premise: z.enum(["contradicted", "unsupported"]).optional(),
    injection: z.boolean().optional(),
    pii: z.array(z.string()).optional(),
    same_as_group: z.boolean().optional(),
  }),
});
export type AgentCase = z.infer<typeof agentCaseSchema>;

export const checkerCaseSchema = z.object({ id: z.string(), suite: z.literal("checker"), context: z.string(), answer: z.string(), supported: z.boolean() });
export type CheckerCase = z.infer<typeof checkerCaseSchema>;

export const retrievalCaseSchema = z.object({ id: z.string(), kb: z.enum(["sample", "external"]), question: z.string(), policy: z.string(), section: z.string().optional() });
export type RetrievalCase = z.infer<typeof retrievalCaseSchema>;

export function readCases<T>(file: string, schema: z.ZodType<T>): T[] {
  const full = path.join(CASES_DIR, file);
  return fs
    .readFileSync(full, "utf8")
    .split("\n")
    .map((line, i) => ({ line, i }))
    .filter(({ line }) => line.trim())
    .map(({ line, i }) => {
      const parsed = schema.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`${file}:${i + 1}: ${parsed.error.issues.map((x) => `${x.path.join(".")}: ${x.message}`).join("; ")}`);
      return parsed.data;
    });
}

export const AGENT_CASE_FILES = ["grounded.jsonl", "out-of-scope.jsonl", "false-premise.jsonl", "pushback.jsonl", "escalation.jsonl", "fairness.jsonl", "injection.jsonl", "privacy.jsonl"];

export function readAgentCases(): AgentCase[] {
  return AGENT_CASE_FILES.flatMap((f) => readCases(f, agentCaseSchema));
}
