// The agent's state: what flows between nodes in one turn, and what a conversation keeps
// between turns (one row per conversation, agent/store/memory.ts). Every shape is a zod schema; the shapes a reader
// also sees (citations, outcomes, escalation reasons, grounding) are the wire's, from protocol/.
import { ReducedValue, StateSchema } from "@langchain/langgraph";
import { z } from "zod";
import { searchHitSchema } from "../kb/search.ts";
import { citationSchema, escalationReasonSchema, groundingSchema, outcomeSchema } from "../protocol/answers.ts";
import { premiseKindSchema } from "./understand/premises.ts";
import { signalsSchema } from "./understand/signals.ts";
import { socialActSchema } from "./understand/social.ts";
import { questionReadingSchema } from "./answerability/question.ts";
import { productBindingSchema } from "./answerability/products.ts";
import { customerFactsSchema, customerFieldSchema } from "../protocol/customer-context.ts";
import { claimReasonSchema } from "./verify/reasons.ts";

export { citationSchema, escalationReasonSchema, groundingSchema, outcomeSchema };
export type { Citation, EscalationReason, Grounding, Outcome } from "../protocol/answers.ts";

export const premiseVerdictSchema = z.object({
  claim: z.string(),
  kind: premiseKindSchema,
  verdict: z.enum(["supported", "contradicted", "unsupported"]),
  /** The passage sentence that supports or corrects the claim. */
  citation: citationSchema.nullable(),
  /** A second sentence that also corrects it ("…costs $6.95" beside "…free if defective"). */
  also: citationSchema.optional(),
  /** Why the checker decided, in words: "the passage says no", "says 15%, not 20%"… (the turn's record). */
  reason: z.string().optional(),
  /** The same as data: the premise checks route on its kind (a bare "no" gives way to the governing rule). */
  why: claimReasonSchema.optional(),
});
export type PremiseVerdict = z.infer<typeof premiseVerdictSchema>;

/** One sentence of a draft answer and the passage it claims to come from. */
export const draftSentenceSchema = z.object({
  text: z.string(),
  citation: citationSchema,
  chunkId: z.number(),
  /** The model's judgement of support, when it was made while the answer streamed (verify then skips it). */
  judged: z.boolean().optional(),
});
export type DraftSentence = z.infer<typeof draftSentenceSchema>;

export const draftSchema = z.object({
  sentences: z.array(draftSentenceSchema),
  source: z.enum(["offline", "model"]),
  /** Why the draft is empty, when it is (shown to a human on handoff and in the gap report). */
  gap: z.string().nullable(),
  /** How much of the question (weighted by term rarity) the quoted passage covers, 0..1. */
  coverage: z.number().optional(),
  /** What the question is mostly about that the policies never mention, when that is why it is empty. */
  unknown: z.array(z.string()).optional(),
  /** Which sentence answers best; the others are its companions, all in passage order. */
  best: z.number().int().nonnegative().optional(),
  /** The answerability model's probability that the best unit answers the question (0..1). */
  answerability: z.number().optional(),
  /** When nothing cleared the threshold: the passage of the best unit, if it came at least halfway
   *  (a handoff-required policy that nearly answers calls for a person, not a refusal). */
  nearest: z.number().nullable().optional(),
  /** Products the question fits equally: Keel asks which one is meant. */
  clarify: z.array(z.string()).optional(),
});
export type Draft = z.infer<typeof draftSchema>;

export const handoffSchema = z.object({
  reason: escalationReasonSchema,
  summary: z.string(),
  question: z.string(),
  found: z.array(citationSchema),
  signals: z.array(z.string()),
  suggestedReply: z.string().nullable(),
});
export type Handoff = z.infer<typeof handoffSchema>;

export const replySchema = z.object({
  outcome: outcomeSchema,
  text: z.string(),
  citations: z.array(citationSchema),
  escalation: z.object({ reason: escalationReasonSchema }).nullable(),
  handoff: handoffSchema.nullable(),
});
export type Reply = z.infer<typeof replySchema>;

/** The last grounded answer: what pushback is measured against. */
export const groundedAnswerSchema = z.object({ question: z.string(), text: z.string(), citations: z.array(citationSchema) });

export const transcriptEntrySchema = z.object({
  role: z.enum(["customer", "keel"]),
  /** Redacted: the conversation memory is not where raw personal data lives. */
  text: z.string(),
  outcome: outcomeSchema.optional(),
});

export const exposureSchema = z.object({ purpose: z.string(), model: z.string(), payload: z.unknown() });
export type Exposure = z.infer<typeof exposureSchema>;

/** What a conversation keeps between turns (agent/store/memory.ts writes it once a turn). */
export const conversationMemorySchema = z.object({
  /** Redacted, the last 40 entries. */
  transcript: z.array(transcriptEntrySchema).default(() => []),
  lastAnswer: groundedAnswerSchema.nullable().default(null),
  refusalStreak: z.number().default(0),
  /** The open service issue has been acknowledged in this conversation (once is enough). */
  issueAcknowledged: z.boolean().default(false),
  /** Keel's last reply offered the person handling the open issue: a "yes" asks for them. */
  issueOfferOpen: z.boolean().default(false),
});
export type ConversationMemory = z.infer<typeof conversationMemorySchema>;
const kept = conversationMemorySchema.shape;
/** How many transcript entries a conversation keeps. */
export const TRANSCRIPT_KEPT = 40;

export const AgentState = new StateSchema({
  // ---- this turn's input
  conversationId: z.string(),
  message: z.string(),
  asOf: z.string().nullable().default(null),
  /** The turn's own date (YYYY-MM-DD): what "last Tuesday" is read against; today when not given. */
  today: z.string().nullable().default(null),
  /** What the host signed about the customer (issues, consent, tier); null when nothing verified. */
  customer: customerFactsSchema.nullable().default(null),
  // ---- kept across turns (loaded before the turn and saved after it: agent/store/memory.ts)
  transcript: new ReducedValue(kept.transcript, {
    inputSchema: z.array(transcriptEntrySchema),
    reducer: (all, more) => [...all, ...more].slice(-TRANSCRIPT_KEPT),
  }),
  lastAnswer: kept.lastAnswer,
  refusalStreak: kept.refusalStreak,
  issueAcknowledged: kept.issueAcknowledged,
  issueOfferOpen: kept.issueOfferOpen,
  // ---- computed during the turn (reset by guard)
  redacted: z.string().default(""),
  injection: z.boolean().default(false),
  /** The purchase dates the message names, read once (guard) against the turn's date. */
  datesNamed: z.array(z.object({ date: z.string(), text: z.string() })).default(() => []),
  signals: signalsSchema.nullable().default(null),
  /** The message only greets, thanks, agrees, declines or acknowledges: conversation, not a lookup. */
  social: socialActSchema.nullable().default(null),
  query: z.string().default(""),
  /** A reaction to the last answer that asks nothing (read as pushback): its own words, so retrieve
   *  can tell a claim on another topic ("I heard returns take 90 days") from one on the answer's. */
  reactionQuery: z.string().nullable().default(null),
  hits: z.array(searchHitSchema).default(() => []),
  /** The question read once against the KB (terms, spelling, answer kind): every later step uses it. */
  reading: questionReadingSchema.nullable().default(null),
  /** The product the question names, bound to its document. */
  binding: productBindingSchema.nullable().default(null),
  premiseHits: z.array(searchHitSchema).default(() => []),
  /** Question words the KB has never seen, next to a policy concept ("graduation refund"). */
  unknownSpecifics: z.array(z.string()).default(() => []),
  premises: z.array(premiseVerdictSchema).default(() => []),
  draft: draftSchema.nullable().default(null),
  grounding: groundingSchema.nullable().default(null),
  modelError: z.string().nullable().default(null),
  exposures: z.array(exposureSchema).default(() => []),
  /** The customer fields this turn's answer used (recorded with the turn). */
  customerFields: z.array(customerFieldSchema).default(() => []),
  reply: replySchema.nullable().default(null),
});
export type State = typeof AgentState.State;
export type Update = typeof AgentState.Update;

/** LangGraph checks each node's update against these schemas as it runs (zod, about 5% of an
 *  offline turn's CPU, measured in-process). The nodes are typed by the same schemas when compiled,
 *  and what enters a turn is validated at its edges (HTTP bodies and socket events by protocol/,
 *  the stored memory by agent/store/memory.ts), so the check is kept where it finds mistakes — the
 *  tests, where every update of every graph run is still validated — and skipped in service. */
export const VALIDATES_UPDATES = Boolean(process.env.VITEST);
if (!VALIDATES_UPDATES) AgentState.validateInput = async <T>(data: T): Promise<T> => data;
