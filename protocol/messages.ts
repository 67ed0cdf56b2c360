// The shapes a browser sees: transcript messages, conversation status and tickets. Both the
// widget and the console are written against these; the server never sends anything else.
import { z } from "zod";
import { citationSchema, escalationReasonSchema, groundingSchema, outcomeSchema } from "./answers.ts";
import { turnResultSchema } from "./turn-result.ts";
import { maskKindSchema } from "../config/privacy.ts";

export const authorSchema = z.enum(["customer", "keel", "agent", "system"]);

/** A grounding score for one answer, as the verify step measured it (issue 9). */
export const groundingScoreSchema = z.object({
  /** Share of claims supported (0..1). */
  supportedShare: z.number(),
  /** How much of the question the answering passage covers (0..1): low means "answered something nearby". */
  coverage: z.number(),
  /** Retrieval margin between the best policy and the runner-up. */
  retrievalMargin: z.number(),
  /** The answerability model's calibrated probability that the answer is right (0..1). */
  answerability: z.number().optional(),
});
export type GroundingScore = z.infer<typeof groundingScoreSchema>;

export const messageSchema = z.object({
  /** Server-assigned, increasing within a conversation (a decimal string). */
  id: z.string(),
  conversationId: z.string(),
  author: authorSchema,
  /** Shown above the message: "Keel", the agent's display name, or null for the customer. */
  authorName: z.string().nullable(),
  text: z.string(),
  createdAt: z.string(),
  /** The sender's idempotency key, echoed so a client can match its optimistic message. */
  clientId: z.string().nullable(),
  /** For Keel's replies: the outcome and the citations the customer can expand. */
  outcome: outcomeSchema.nullable(),
  citations: z.array(citationSchema),
  /** Kinds of personal data stored masked in `text` ("•••• 1111"): the console says "card number masked". */
  masked: z.array(maskKindSchema),
});
export type Message = z.infer<typeof messageSchema>;

/** Staff see more of Keel's reply: the signals it raised and its grounding score. */
export const staffMessageSchema = messageSchema.extend({
  signals: turnResultSchema.shape.signals.nullable(),
  grounding: groundingScoreSchema.nullable(),
});
export type StaffMessage = z.infer<typeof staffMessageSchema>;

export const conversationStatusSchema = z.enum(["bot", "queued", "agent", "resolved"]);
export type ConversationStatus = z.infer<typeof conversationStatusSchema>;

export const statusEventSchema = z.object({
  conversationId: z.string(),
  status: conversationStatusSchema,
  /** The human who owns the conversation, when one does. */
  agent: z.object({ displayName: z.string() }).nullable(),
  /** Staff agents with the console open right now (any server process). */
  agentsOnline: z.number().int(),
  /** Whether the customer already left an email for follow-up. */
  followUpEmail: z.boolean(),
  /** A person resolved the conversation and the customer has not written since: the widget asks
   *  for a rating (issue 17). */
  ended: z.boolean().optional(),
  /** The customer already rated this conversation: the widget does not ask again. */
  rated: z.boolean().optional(),
  /** While queued: how many customers waiting for a person are ahead (0: next). */
  queueAhead: z.number().int().nonnegative().nullable().optional(),
  /** Outside chat hours (KEEL_CHAT_HOURS): when chat opens next (ISO); null while open. */
  closedUntil: z.string().nullable().optional(),
});
export type StatusEvent = z.infer<typeof statusEventSchema>;

export const ticketStatusSchema = z.enum(["open", "claimed", "resolved"]);
export const dispositionSchema = z.enum(["solved", "follow_up", "no_response", "duplicate", "not_an_issue"]);

export const ticketSchema = z.object({
  id: z.string(),
  conversationId: z.string(),
  status: ticketStatusSchema,
  reason: escalationReasonSchema,
  topic: z.string(),
  /** Higher is more urgent: reason, sentiment and waiting time (recomputed on every read). */
  priority: z.number(),
  priorityLabel: z.enum(["urgent", "high", "normal", "low"]),
  sentiment: z.string().nullable(),
  createdAt: z.string(),
  waitingSeconds: z.number(),
  /** When the first human reply is due under the SLA for this priority. */
  slaDueAt: z.string(),
  slaBreached: z.boolean(),
  claimedBy: z.object({ id: z.number(), displayName: z.string() }).nullable(),
  claimedAt: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  disposition: dispositionSchema.nullable(),
  /** The agent graph's context at handoff. */
  context: z.object({
    summary: z.string(),
    question: z.string(),
    found: z.array(citationSchema),
    signals: z.array(z.string()),
    suggestedReply: z.string().nullable(),
    grounding: groundingSchema.nullable().optional(),
    /** The question still open over the whole conversation (not "I want to talk to a human"). */
    openQuestion: z.string().nullable().optional(),
  }),
  followUpEmail: z.string().nullable(),
  /** Claimed, then handed back: Keel answers the customer again until someone resolves it. */
  returnedToKeel: z.boolean().optional(),
});
export type Ticket = z.infer<typeof ticketSchema>;

export const customerContextSchema = z.object({
  customerId: z.string().nullable(),
  site: z.string().nullable(),
  verified: z.boolean(),
  name: z.string().nullable(),
  tier: z.string().nullable(),
  openIssues: z.array(z.string()),
  consent: z.record(z.string(), z.boolean()),
  /** What the host site passed: e.g. the order date answers are dated to. */
  orderDate: z.string().nullable(),
  orderId: z.string().nullable(),
  /** The customer fields Keel's answers in this conversation used ("open_issues", "consent.marketing", "tier"). */
  fieldsUsed: z.array(z.string()).optional(),
});
export type CustomerContext = z.infer<typeof customerContextSchema>;

export const noteSchema = z.object({ id: z.string(), author: z.string(), text: z.string(), createdAt: z.string() });
export type Note = z.infer<typeof noteSchema>;

/** Every ack is either {ok: true, ...} or {ok: false, error}. */
export const ackErrorSchema = z.object({
  ok: z.literal(false),
  /** retryAfterMs: for "rate_limited", how long to wait before trying again. */
  error: z.object({ code: z.string(), message: z.string(), retryAfterMs: z.number().int().positive().optional() }),
});
export type AckError = z.infer<typeof ackErrorSchema>;
