// The answerability model, the same for every knowledge base, in two fitted parts over the general
// features of features.ts: a ranker (a linear score, fitted as a softmax over each question's
// units) picks the unit that best answers; a logistic regression over that unit's features, its
// score and its lead over the runner-up gives the probability that it answers the question, and
// one threshold on it decides answer or refuse. Weights and threshold are fitted, not written by hand:
// config/answerability.json holds them with the cases they were fitted on and the command that
// refits them (`npm run fit`), and, for the evals, one model per knowledge base left out.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { FEATURES, type FeatureVector } from "./features.ts";

export const answerabilityModelSchema = z.object({
  features: z.array(z.string()),
  /** Ranker weights, one per feature: the unit with the highest score answers. */
  ranker: z.array(z.number()),
  /** Logistic regression over [score, lead over the runner-up, ...features] of the best unit, each
   *  input standardised by the mean and scale it had in the data fitted on; `l2` is the penalty
   *  it was fitted with, chosen by holding out each knowledge base in turn. */
  answer: z.object({
    weights: z.array(z.number()),
    bias: z.number(),
    mean: z.array(z.number()),
    scale: z.array(z.number()),
    l2: z.number().optional(),
  }),
  /** The lowest probability at which the best unit is quoted as the answer. */
  threshold: z.number().min(0).max(1),
});
export type AnswerabilityModel = z.infer<typeof answerabilityModelSchema>;

export const answerabilityFileSchema = z.object({
  command: z.string(),
  fittedAt: z.string(),
  /** What the model was fitted on: case counts per knowledge base, and unit counts. */
  data: z.record(z.string(), z.object({ questions: z.number(), answerable: z.number(), units: z.number(), positives: z.number() })),
  model: answerabilityModelSchema,
  /** Fitted on every knowledge base but the one named: what the evals measure that KB with. */
  leftOut: z.record(z.string(), answerabilityModelSchema),
});
export type AnswerabilityFile = z.infer<typeof answerabilityFileSchema>;

export const ANSWERABILITY_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../config/answerability.json");

let loaded: AnswerabilityFile | null = null;
export function answerabilityFile(): AnswerabilityFile {
  if (!loaded) {
    let raw: unknown;
    try {
      raw = JSON.parse(fs.readFileSync(ANSWERABILITY_FILE, "utf8"));
    } catch (err) {
      throw new Error(`cannot read the answerability model at ${ANSWERABILITY_FILE}: refit it with \`npm run fit\``, { cause: err });
    }
    loaded = answerabilityFileSchema.parse(raw);
    const m = loaded.model;
    if (m.features.join() !== FEATURES.join()) {
      throw new Error(
        `the answerability model was fitted on features [${m.features.join(", ")}] but Keel computes [${FEATURES.join(", ")}]: refit it with \`npm run fit\``,
      );
    }
  }
  return loaded;
}

/** The model Keel answers with: the one fitted on every knowledge base. */
export function defaultAnswerability(): AnswerabilityModel {
  return answerabilityFile().model;
}

export function rankScore(model: AnswerabilityModel, x: FeatureVector): number {
  let z = 0;
  for (let i = 0; i < x.length; i++) z += (model.ranker[i] ?? 0) * x[i]!;
  return z;
}

/** What the answer stage reads of the best unit: its score, its lead over the runner-up, its features. */
export const answerInputs = (score: number, lead: number, x: FeatureVector): number[] => [score, Math.min(lead, 5), ...x];

/** The probability that the best unit (score, lead over the runner-up, features) answers the question. */
export function probability(model: AnswerabilityModel, score: number, lead: number, x: FeatureVector): number {
  const { weights, bias, mean, scale } = model.answer;
  const z = answerInputs(score, lead, x).reduce((a, v, i) => a + (weights[i] ?? 0) * ((v - (mean[i] ?? 0)) / (scale[i] || 1)), bias);
  return 1 / (1 + Math.exp(-z));
}
