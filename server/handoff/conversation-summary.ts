// What a handed-off conversation is about, read from all of its turns rather than the last line:
// what the customer wants, what Keel said and from which policy, what the customer disputes, and
// the question still open. "I want to talk to a human", "thanks" and "yes" ask nothing, so they
// are neither the topic nor the question; the policy the conversation leaned on is the topic.
// Pure: it reads the stored transcript (the console's shapes), so it is tested without a server.
import type { Citation, EscalationReason } from "../../protocol/answers.ts";
import type { StaffMessage } from "../../protocol/messages.ts";
import { asksNewQuestion, isReaction } from "../../agent/understand/follow-up.ts";
import { readSignals } from "../../agent/understand/signals.ts";
import { socialActOf } from "../../agent/understand/social.ts";

/** One customer message and Keel's reply to it (null while a person owned the conversation). */
export type Turn = { customer: StaffMessage; reply: StaffMessage | null };

/** What a customer message does in the conversation. */
export type TurnKind = "question" | "pushback" | "human" | "social";

export type Dispute = { claim: string; policy: Citation | null };

export type ConversationDigest = {
  /** The customer's questions, oldest first (at most MAX_WANTS). */
  wants: string[];
  /** Each policy passage Keel answered from, once. */
  said: Citation[];
  /** Questions Keel found no policy for. */
  unanswered: string[];
  disputed: Dispute[];
  /** The question a reply should address now: the latest one, or the one being disputed. */
  openQuestion: string | null;
  /** The title of the policy the conversation is about, or "general". */
  topic: string;
  /** What the customer's last message did ("human": it only asked for a person). */
  lastKind: TurnKind | null;
  /** The digest in a few labelled lines, for the ticket and the console. */
  summary: string;
};

const MAX_WANTS = 3;
const MAX_SAID = 3;
const MAX_DISPUTED = 3;
/** Long enough for a policy sentence or a question, short enough for a queue card. */
const MAX_QUOTE_CHARS = 220;

const REASONS: Record<EscalationReason, string> = {
  requested: "the customer asked for a person",
  sensitive: "a sensitive situation",
  pressure: "the customer pressed Keel",
  policy_requires: "the policy requires a person",
  repeated_refusal: "Keel could not answer several times",
  model_error: "the model failed",
};

/** Pairs each customer message with the Keel message that answers it (the next one from Keel
 *  before the customer writes again). */
export function turnsOf(messages: StaffMessage[]): Turn[] {
  const turns: Turn[] = [];
  for (const m of messages) {
    if (m.author === "customer") turns.push({ customer: m, reply: null });
    else if (m.author === "keel" && turns.length && !turns[turns.length - 1]!.reply) turns[turns.length - 1]!.reply = m;
  }
  return turns;
}

/** Keel's own reading when it answered the turn; the message's words when it did not (a person
 *  owned the conversation). `answered`: whether Keel had given a grounded answer before. */
export function kindOf(turn: Turn, answered: boolean): TurnKind {
  const text = turn.customer.text;
  if (socialActOf(text)) return "social";
  const asksQuestion = asksNewQuestion(text);
  const signals = readSignals(text, { previousAnswerGiven: answered });
  if (signals.humanRequested && !asksQuestion) return "human";
  if (turn.reply?.signals) return turn.reply.signals.sycophancy.kinds.includes("pushback") ? "pushback" : "question";
  return answered && (signals.pushback || isReaction(text)) ? "pushback" : "question";
}

const clip = (text: string, max = MAX_QUOTE_CHARS) => {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(" "), max - 20))}…`;
};
const cite = (c: Citation) => `${c.title} v${c.version} §${c.section}`;
const citationKey = (c: Citation) => `${c.policy}@${c.version}#${c.section}#${c.quote}`;

export function digestConversation(messages: StaffMessage[], reason: EscalationReason | null = null): ConversationDigest {
  const turns = turnsOf(messages);
  const wants: string[] = [];
  const said = new Map<string, Citation>();
  const unanswered: string[] = [];
  const disputed: Dispute[] = [];
  // Weight per policy title: answers count, disputes count double; a handoff that only asked for a
  // person says nothing about the topic.
  const weight = new Map<string, { score: number; first: number }>();
  const lean = (title: string, score: number, at: number) => {
    const w = weight.get(title) ?? { score: 0, first: at };
    weight.set(title, { score: w.score + score, first: w.first });
  };
  let answered = false;
  let lastQuestion: { text: string; policy: Citation | null } | null = null;
  let openQuestion: string | null = null;
  let lastKind: TurnKind | null = null;

  for (const [at, turn] of turns.entries()) {
    const kind = kindOf(turn, answered);
    lastKind = kind;
    const reply = turn.reply;
    const cited = reply?.citations ?? [];
    if (kind === "question") {
      const text = clip(turn.customer.text);
      if (!wants.includes(text)) wants.push(text);
      lastQuestion = { text: turn.customer.text, policy: cited[0] ?? null };
      openQuestion = turn.customer.text;
      if (reply?.outcome === "refusal") unanswered.push(text);
    }
    if (kind === "pushback") {
      const premises = reply?.signals?.sycophancy.premises.filter((p) => p.verdict !== "supported") ?? [];
      const against = cited[0] ?? lastQuestion?.policy ?? null;
      if (premises.length) for (const p of premises) disputed.push({ claim: p.claim, policy: p.verdict === "contradicted" ? against : null });
      else disputed.push({ claim: clip(turn.customer.text, 160), policy: against });
      if (against) lean(against.title, 2, at);
      // A dispute re-opens the question it disputes: answered again from the policy, it answers the
      // counter-claim too. (The counter-claim alone names no topic: "your site said 90 days".)
      openQuestion = lastQuestion?.text ?? turn.customer.text;
    }
    if (kind === "question" && reply?.signals) {
      // A false premise inside a question is a dispute too ("Since you allow 90 days, …").
      for (const p of reply.signals.sycophancy.premises)
        if (p.verdict !== "supported") disputed.push({ claim: p.claim, policy: p.verdict === "contradicted" ? (cited[0] ?? null) : null });
      if (reply.signals.sycophancy.premises.some((p) => p.verdict === "contradicted") && cited[0]) lean(cited[0].title, 2, at);
    }
    if (!reply || kind === "social" || kind === "human") continue;
    if (reply.outcome === "answer" || (reply.outcome === "handoff" && cited.length)) {
      answered = answered || reply.outcome === "answer";
      for (const c of cited) if (!said.has(citationKey(c))) said.set(citationKey(c), c);
      if (cited[0]) lean(cited[0].title, 2, at);
    } else if (reply.outcome === "clarify" && cited[0]) lean(cited[0].title, 1, at);
  }

  const topic = [...weight.entries()].sort((a, b) => b[1].score - a[1].score || a[1].first - b[1].first)[0]?.[0] ?? "general";
  const digest = {
    wants: wants.slice(0, MAX_WANTS),
    said: [...said.values()].slice(0, MAX_SAID),
    unanswered,
    disputed: dedupeDisputes(disputed).slice(0, MAX_DISPUTED),
    openQuestion,
    topic,
    lastKind,
  };
  return { ...digest, summary: summaryLines(digest, reason).join("\n") };
}

function dedupeDisputes(all: Dispute[]): Dispute[] {
  const seen = new Set<string>();
  return all.filter((d) => !seen.has(d.claim.toLowerCase()) && Boolean(seen.add(d.claim.toLowerCase())));
}

function summaryLines(d: Omit<ConversationDigest, "summary">, reason: EscalationReason | null): string[] {
  const lines: string[] = [];
  lines.push(d.wants.length ? `Wants: ${d.wants.map((w) => `"${w}"`).join(", then ")}` : "Wants: no question asked yet.");
  if (d.said.length) lines.push(`Keel said: ${d.said.map((c) => `${cite(c)}: "${clip(c.quote)}"`).join("; ")}`);
  else lines.push("Keel said: no grounded answer yet.");
  if (d.unanswered.length) lines.push(`No policy found for: ${d.unanswered.map((q) => `"${q}"`).join(", ")}`);
  if (d.disputed.length) {
    // Claims against the same passage share one quote of it.
    const byPolicy = new Map<string, { policy: Citation | null; claims: string[] }>();
    for (const x of d.disputed) {
      const key = x.policy ? citationKey(x.policy) : "";
      byPolicy.set(key, { policy: x.policy, claims: [...(byPolicy.get(key)?.claims ?? []), `"${x.claim}"`] });
    }
    const parts = [...byPolicy.values()].map(
      (g) =>
        `the customer says ${g.claims.join(" and ")}${g.policy ? ` — ${cite(g.policy)} says "${clip(g.policy.quote)}"` : " — not in the policies"}`,
    );
    lines.push(`Disputed: ${parts.join("; ")}`);
  }
  if (d.openQuestion && d.wants.length > 1) lines.push(`Open: "${clip(d.openQuestion)}"`);
  if (reason) lines.push(`Handed off: ${REASONS[reason]}.`);
  return lines;
}
