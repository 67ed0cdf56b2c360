// How urgent a ticket is: the reason Keel handed off, how the customer feels, and how long they
// have waited. Recomputed on every read so the queue re-sorts itself as people wait.
import { SLA_SECONDS } from "../../config/limits.ts";
import type { EscalationReason } from "../../agent/state.ts";

const REASON_WEIGHT: Record<EscalationReason, number> = {
  sensitive: 40, // bereavement, safety, account compromise, legal: a person, now
  policy_requires: 35,
  pressure: 30,
  model_error: 25,
  requested: 20,
  repeated_refusal: 15,
};
const SENTIMENT_WEIGHT: Record<string, number> = { angry: 20, negative: 10, neutral: 0, positive: 0 };
/** Each minute of waiting adds a point, up to this many: nobody waits forever behind new urgent tickets. */
const MAX_WAIT_POINTS = 60;

export type PriorityLabel = keyof typeof SLA_SECONDS;

export function basePriority(reason: EscalationReason, sentiment: string | null): number {
  return REASON_WEIGHT[reason] + (SENTIMENT_WEIGHT[sentiment ?? "neutral"] ?? 0);
}

/** The label sets the SLA, so it comes from the base priority: waiting must not move the deadline. */
export function priorityLabel(base: number): PriorityLabel {
  if (base >= 50) return "urgent";
  if (base >= 35) return "high";
  if (base >= 20) return "normal";
  return "low";
}

export function priorityNow(base: number, waitingSeconds: number): number {
  return base + Math.min(MAX_WAIT_POINTS, Math.floor(waitingSeconds / 60));
}

export function slaDue(createdAt: Date, label: PriorityLabel): Date {
  return new Date(createdAt.getTime() + SLA_SECONDS[label] * 1000);
}
