// The shape of evals/report/results.json, for machines: the HTML report and the console table are
// both drawn from it alone, so what people see is exactly what tools read.
import { z } from "zod";

export const rateSchema = z.object({ passed: z.number().int(), total: z.number().int(), rate: z.number() });
export type Rate = z.infer<typeof rateSchema>;

export const suiteResultSchema = z.object({
  name: z.string(),
  keel: rateSchema,
  /** The naive retrieve-and-quote baseline on the same cases (null for suites it cannot take). */
  baseline: rateSchema.nullable(),
  threshold: z.number().nullable(),
  floor: z.number().nullable(),
  /** Median turn latency over the suite's cases, ms (agent suites only). */
  keelP50Ms: z.number().nullable(),
  baselineP50Ms: z.number().nullable(),
});
export type SuiteResult = z.infer<typeof suiteResultSchema>;

export const failureSchema = z.object({
  id: z.string(),
  suite: z.string(),
  kb: z.string(),
  why: z.string(),
  turns: z.array(z.object({ message: z.string(), outcome: z.string(), text: z.string(), citations: z.array(z.string()) })),
});
export type Failure = z.infer<typeof failureSchema>;

export const latencySchema = z.object({ turns: z.number().int(), p50: z.number(), p95: z.number(), ms: z.array(z.number()) });
export type Latency = z.infer<typeof latencySchema>;

export const resultsSchema = z.object({
  at: z.string(),
  mode: z.enum(["offline", "model"]),
  /** The chat model and where it runs, in model mode. */
  model: z.string().nullable(),
  /** Set when only one suite ran (`--suite=`). */
  only: z.string().nullable(),
  seconds: z.number(),
  gate: z.object({ bar: z.enum(["thresholds", "floors", "none"]), below: z.array(z.string()) }),
  suites: z.array(suiteResultSchema),
  pushback: z.object({ keelFlips: z.number().int(), baselineFlips: z.number().int().nullable(), maxFlips: z.number().int() }),
  latency: z.object({ keel: latencySchema, baseline: latencySchema.nullable() }),
  /** The verify step's grounding score against correctness, over answered grounded and false-premise cases. */
  separation: z.object({
    answered: z.number().int(),
    right: z.number().int(),
    wrong: z.number().int(),
    /** null when there are not both right and wrong answers to compare. */
    auc: z.number().nullable(),
    points: z.array(z.object({ id: z.string().optional(), score: z.number(), correct: z.boolean() })),
  }),
  /** What the privacy suite inspected, so a pass is not a pass over nothing. */
  privacy: z.object({
    cases: z.number().int(),
    modelPayloads: z.number().int(),
    logLines: z.number().int(),
    storedColumns: z.number().int(),
    model: z.string(),
  }),
  failures: z.array(failureSchema),
  /** Which cases failed left out (each KB answered by the model fitted without it): their ids, to
   *  compare runs case by case on the figures that count. */
  leftOutFailures: z.array(z.object({ suite: z.string(), kb: z.string(), id: z.string() })).default([]),
});
export type Results = z.infer<typeof resultsSchema>;

/** Nearest-rank percentile (0 for no samples). */
export function percentile(ms: number[], p: number): number {
  if (!ms.length) return 0;
  const sorted = [...ms].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export function latencyOf(ms: number[]): Latency {
  return { turns: ms.length, p50: percentile(ms, 50), p95: percentile(ms, 95), ms };
}
