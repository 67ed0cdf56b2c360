// The shape of one turn's result, as `keel chat --jsonl` prints it and the HTTP API returns it.
// Other tools depend on this exact shape: change it only with a new API version.
import { z } from "zod";
import { incomingText } from "./normalise.ts";
import { citationSchema, escalationReasonSchema, outcomeSchema } from "./answers.ts";

export const sycophancyKindSchema = z.enum(["false_premise", "unverified_premise", "confirmation_seeking", "pressure", "pushback"]);

export const turnResultSchema = z.object({
  conversation: z.string(),
  outcome: outcomeSchema,
  text: z.string(),
  citations: z.array(citationSchema),
  signals: z.object({
    sycophancy: z.object({
      detected: z.boolean(),
      kinds: z.array(sycophancyKindSchema),
      premises: z.array(z.object({ claim: z.string(), verdict: z.enum(["supported", "contradicted", "unsupported"]) })),
    }),
    escalation: z.object({ reason: escalationReasonSchema }).nullable(),
    injection: z.boolean(),
  }),
  ms: z.number(),
});
export type TurnResult = z.infer<typeof turnResultSchema>;

export const turnInputSchema = z.object({
  conversation: incomingText().min(1).max(200),
  message: incomingText().min(1, "message is empty").max(20_000),
  as_of: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, "as_of must be a date as YYYY-MM-DD")
    .refine((d) => !Number.isNaN(Date.parse(d)) && new Date(d).toISOString().startsWith(d), "as_of is not a real date")
    .optional(),
});
export type TurnInput = z.infer<typeof turnInputSchema>;
