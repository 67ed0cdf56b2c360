// `keel check --jsonl`: the grounding checker on its own, against given text or KB policies.
import type { Command } from "commander";
import { z } from "zod";
import { checkAnswer, type Passage } from "../agent/verify/claims.ts";
import { readConfig } from "../config/env.ts";
import { chunksInForce, todayIso } from "../kb/effective.ts";
import { openKnowledgeBase, type KnowledgeBase } from "../kb/index.ts";
import { incomingText } from "../protocol/normalise.ts";
import { forEachJsonLine } from "./jsonl.ts";

const checkInputSchema = z
  .object({
    id: z.union([z.string(), z.number()]),
    answer: incomingText().max(20_000),
    /** The customer's question: a bare "Yes." or "No." is then checked as an answer to it. */
    question: incomingText().max(5_000).optional(),
    context: incomingText().max(200_000).optional(),
    // Policy ids reach a query: a NUL in one would be Postgres's error, not an answer.
    policies: z.array(incomingText()).max(50).optional(),
  })
  .refine((v) => v.context !== undefined || v.policies !== undefined, "give either context or policies");

async function policyPassages(kb: KnowledgeBase, policies: string[]): Promise<Passage[]> {
  const rows = await chunksInForce(kb.db.pool, policies, todayIso());
  return rows.map((r) => ({
    text: r.content,
    context: r.heading_path.join(" > "),
    source: { policy: r.policy_id, title: r.title, version: r.version, section: r.section },
  }));
}

export function registerCheckCommand(program: Command): void {
  program
    .command("check")
    .description("check whether answers are supported by a context or by KB policies")
    .option("--jsonl", "read {id, context|policies, answer, question?} lines on stdin, write {id, supported, claims} lines")
    .action(async (opts: { jsonl?: boolean }) => {
      if (!opts.jsonl) throw new Error("keel check reads JSON lines: use keel check --jsonl");
      let kb: KnowledgeBase | null = null;
      try {
        await forEachJsonLine(async (value) => {
          const parsed = checkInputSchema.safeParse(value);
          if (!parsed.success) return { error: parsed.error.issues.map((i) => `${i.path.join(".") || "input"}: ${i.message}`).join("; ") };
          const input = parsed.data;
          let passages: Passage[];
          if (input.context !== undefined) passages = [{ text: input.context }];
          else {
            kb ??= await openKnowledgeBase(readConfig());
            passages = await policyPassages(kb, input.policies!);
          }
          const result = checkAnswer(input.answer, passages, input.question);
          return {
            id: input.id,
            supported: result.supported,
            claims: result.claims.map((c) => ({ text: c.text, supported: c.supported, evidence: c.evidence })),
          };
        });
      } finally {
        await (kb as KnowledgeBase | null)?.db.close();
      }
    });
}
