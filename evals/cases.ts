// Eval cases: one JSON object per line in evals/cases/*.jsonl, validated here.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { customerFactsSchema } from "../protocol/customer-context.ts";

export const CASES_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "cases");

const turn = z.object({ message: z.string(), as_of: z.string().optional() });

/** The knowledge bases cases run against: Keel's sample KB, the two external corpora in
 *  ../shared/corpora, the product catalogue the team wrote (evals/corpora/catalogue), the
 *  car-rental help centre (evals/corpora/rental), and twenty corpora the answerability model is
 *  never fitted on (evals/corpora/saas, energy, fitness, insurance, courier, hotel, tickets,
 *  transit, vet, storage, residence, waste, cowork, nursery, optician, garage, library, dental,
 *  holiday, lettings, driving, ski, marina and language; see NEVER_FITTED). */
export const kbNameSchema = z.enum([
  "sample",
  "retail",
  "telecom",
  "catalogue",
  "rental",
  "saas",
  "energy",
  "fitness",
  "insurance",
  "courier",
  "hotel",
  "tickets",
  "transit",
  "vet",
  "storage",
  "residence",
  "waste",
  "cowork",
  "nursery",
  "optician",
  "garage",
  "library",
  "dental",
  "holiday",
  "lettings",
  "driving",
  "ski",
  "marina",
  "language",
]);
export type KbName = z.infer<typeof kbNameSchema>;
const outcome = z.enum(["answer", "refusal", "clarify", "handoff"]);

export const agentCaseSchema = z.object({
  id: z.string(),
  suite: z.enum([
    "grounded",
    "out_of_scope",
    "false_premise",
    "pushback",
    "escalation",
    "fairness",
    "injection",
    "privacy",
    "sibling",
    "conversation",
    "context",
  ]),
  kb: kbNameSchema,
  /** Which batch of cases this was written in (batches are committed before Keel runs on them). */
  batch: z.string().optional(),
  group: z.string().optional(),
  turns: z.array(turn).min(1),
  /** Context cases: what the host signed about the customer (open issues, consent, tier). */
  customer: customerFactsSchema.optional(),
  expect: z.object({
    /** Context cases: how the last reply must begin (an open issue acknowledged first). */
    starts_with: z.string().optional(),
    outcome: z.union([outcome, z.array(outcome)]).optional(),
    reason: z.string().optional(),
    policy: z.string().optional(),
    facts: z.array(z.string()).optional(),
    forbid: z.array(z.string()).optional(),
    premise: z.enum(["contradicted", "unsupported"]).optional(),
    injection: z.boolean().optional(),
    pii: z.array(z.string()).optional(),
    same_as_group: z.boolean().optional(),
    /** clarify: words (product names) the clarifying question must list. */
    candidates: z.array(z.string()).optional(),
    /** Policies the reply must never cite (a sibling product's document). */
    not_policies: z.array(z.string()).optional(),
  }),
});
export type AgentCase = z.infer<typeof agentCaseSchema>;

export const checkerCaseSchema = z.object({
  id: z.string(),
  suite: z.literal("checker"),
  context: z.string(),
  /** The customer's question the answer replies to: a bare "Yes." is a claim about it. */
  question: z.string().optional(),
  answer: z.string(),
  supported: z.boolean(),
  /** What the pair tests ("bare-yes", "one-detail-changed", "paraphrase"…), for the report. */
  label: z.string().optional(),
  batch: z.string().optional(),
});
export type CheckerCase = z.infer<typeof checkerCaseSchema>;

export const retrievalCaseSchema = z.object({
  id: z.string(),
  kb: kbNameSchema,
  question: z.string(),
  policy: z.string(),
  section: z.string().optional(),
});
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

/** Every case file under evals/cases: `checker*.jsonl` hold checker pairs, `retrieval*.jsonl`
 *  retrieval cases, and every other file agent cases of any suite (a batch may mix suites). */
function caseFiles(prefix: "checker" | "retrieval" | null): string[] {
  const all = fs
    .readdirSync(CASES_DIR, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".jsonl"))
    .sort();
  const kindOf = (f: string) => (path.basename(f).startsWith("checker") ? "checker" : path.basename(f).startsWith("retrieval") ? "retrieval" : null);
  return all.filter((f) => kindOf(f) === prefix);
}

export const AGENT_CASE_FILES = caseFiles(null);
export const CHECKER_CASE_FILES = caseFiles("checker");
export const RETRIEVAL_CASE_FILES = caseFiles("retrieval");

export function readAgentCases(): AgentCase[] {
  return AGENT_CASE_FILES.flatMap((f) => readCases(f, agentCaseSchema));
}
export function readCheckerCases(): CheckerCase[] {
  return CHECKER_CASE_FILES.flatMap((f) => readCases(f, checkerCaseSchema));
}
export function readRetrievalCases(): RetrievalCase[] {
  return RETRIEVAL_CASE_FILES.flatMap((f) => readCases(f, retrievalCaseSchema));
}
