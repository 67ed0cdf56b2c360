// What an answer carries to a reader: its outcome, the policy sentences it cites, why it was
// escalated and how well it is grounded. The agent's state is built from these; the server sends
// them to the widget and the console unchanged.
import { z } from "zod";

export const citationSchema = z.object({
  policy: z.string(),
  title: z.string(),
  version: z.number(),
  section: z.string(),
  quote: z.string(),
});
export type Citation = z.infer<typeof citationSchema>;

export const outcomeSchema = z.enum(["answer", "refusal", "clarify", "handoff"]);
export type Outcome = z.infer<typeof outcomeSchema>;

export const escalationReasonSchema = z.enum(["requested", "sensitive", "pressure", "policy_requires", "repeated_refusal", "model_error"]);
export type EscalationReason = z.infer<typeof escalationReasonSchema>;

/** Where a passage comes from: the policy version and section it was cut from. */
export const passageSourceSchema = z.object({ policy: z.string(), title: z.string(), version: z.number(), section: z.string() });

/** The grounding checker's verdict on one claim of an answer. */
export const claimCheckSchema = z.object({
  text: z.string(),
  supported: z.boolean(),
  verdict: z.enum(["supported", "contradicted", "unsupported"]),
  evidence: z.string().nullable(),
  reason: z.string(),
  source: passageSourceSchema.optional(),
  /** For a contradicted claim: another sentence that also disagrees and states the claim's subject
   *  in its own words ("…costs a flat $6.95" beside "…free if the item is defective"). */
  alsoContradicting: z.object({ evidence: z.string(), source: passageSourceSchema.optional() }).optional(),
});
export type ClaimCheck = z.infer<typeof claimCheckSchema>;

export const groundingSchema = z.object({
  /** Share of the draft's claims that passed verification (0..1). */
  supportedShare: z.number(),
  claims: z.array(claimCheckSchema),
  /** Fusion-score margin between the best passage and the best passage of another policy. */
  retrievalMargin: z.number(),
  /** How much of the question the answering passage covers (0..1): low means "answered something nearby". */
  coverage: z.number().default(1),
  /** The calibrated probability that the answer is right (the answerability model's, times the
   *  share of claims verified): the score the console shows agents. */
  answerability: z.number().optional(),
});
export type Grounding = z.infer<typeof groundingSchema>;
