// A customer message, end to end: stored (idempotently), answered by Keel unless a human owns
// the conversation, handed off when the graph says so. Turns of one conversation run one at a
// time in this process; a retried message returns the reply already given.
import type pg from "pg";
import type { Agent, TurnDetail } from "../../agent/create-agent.ts";
import type { TurnResult } from "../../protocol/turn-result.ts";
import type { Embedder } from "../../kb/embed/embedder.ts";
import { maskForAgent, maskText } from "../../agent/guard/mask.ts";
import { closedUntil, type ChatHours } from "../../config/chat-hours.ts";
import type { Grounding, Handoff } from "../../agent/state.ts";
import { socialActOf } from "../../agent/understand/social.ts";
import { digestConversation } from "../handoff/conversation-summary.ts";
import { openTicket } from "../handoff/tickets.ts";
import type { GroundingScore, Message, StatusEvent } from "../../protocol/messages.ts";
import type { Notifier } from "../realtime/notifier.ts";
import { customerFactsOf } from "./customer-facts.ts";
import {
  appendMessage,
  findReply,
  getConversation,
  listMessages,
  setConversationStatus,
  toMessage,
  toStaffMessage,
  type ConversationRow,
  type MessageRow,
} from "./store.ts";

export type Log = (level: "info" | "warn" | "error", message: string, fields?: Record<string, unknown>) => void;
/** chatHours: when people staff the chat (KEEL_CHAT_HOURS); absent or null, no hours. */
export type Desk = { pool: pg.Pool; embedder: Embedder; agent: Agent; notifier: Notifier; log: Log; chatHours?: ChatHours | null };

export type SendResult = { kind: "reply"; message: Message; reply: Message; result: TurnResult } | { kind: "queued"; message: Message };

const queues = new Map<string, Promise<unknown>>();

/** Runs fn after every earlier call for the same key has settled. */
export function serialize<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const prev = queues.get(key) ?? Promise.resolve();
  const next = prev.then(fn, fn);
  const tail = next.catch(() => undefined);
  queues.set(key, tail);
  void tail.then(() => {
    if (queues.get(key) === tail) queues.delete(key);
  });
  return next;
}

export function groundingScore(detail: Pick<TurnDetail, "grounding">): GroundingScore | null {
  const g = detail.grounding;
  if (!g) return null;
  return {
    supportedShare: g.supportedShare,
    coverage: g.coverage,
    retrievalMargin: g.retrievalMargin,
    ...(g.answerability !== undefined && { answerability: g.answerability }),
  };
}

export async function statusOf(desk: Desk, conv: ConversationRow): Promise<StatusEvent> {
  let agent: StatusEvent["agent"] = null;
  if (conv.status === "agent" && conv.agent_id) {
    const { rows } = await desk.pool.query<{ display_name: string }>("SELECT display_name FROM staff WHERE id = $1", [conv.agent_id]);
    agent = rows[0] ? { displayName: rows[0].display_name } : null;
  }
  // Ended: the latest ticket is resolved and the customer has not written since (issue 17 ratings).
  const { rows } = await desk.pool.query<{ ended: boolean; rated: boolean }>(
    `SELECT COALESCE((SELECT t.status = 'resolved' AND NOT EXISTS (
               SELECT 1 FROM messages m WHERE m.conversation_id = t.conversation_id AND m.author = 'customer' AND m.created_at > t.resolved_at)
             FROM tickets t WHERE t.conversation_id = $1 ORDER BY t.id DESC LIMIT 1), false) AS ended,
            EXISTS (SELECT 1 FROM ratings WHERE conversation_id = $1) AS rated`,
    [conv.id],
  );
  // Waiting for a person: the open tickets that arrived before this one are ahead of it.
  let queueAhead: number | null = null;
  if (conv.status === "queued") {
    const ahead = await desk.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM tickets o, (SELECT id, created_at FROM tickets WHERE conversation_id = $1 AND status = 'open' ORDER BY id DESC LIMIT 1) mine
       WHERE o.status = 'open' AND (o.created_at, o.id) < (mine.created_at, mine.id)`,
      [conv.id],
    );
    queueAhead = ahead.rows[0]?.n ?? null;
  }
  const opensAt = closedUntil(desk.chatHours ?? null, new Date());
  return {
    conversationId: conv.id,
    status: conv.status,
    agent,
    agentsOnline: await desk.notifier.agentsOnline(),
    followUpEmail: Boolean(conv.follow_up_email),
    ended: conv.status === "bot" && rows[0]!.ended,
    rated: rows[0]!.rated,
    queueAhead,
    closedUntil: opensAt?.toISOString() ?? null,
  };
}

export async function publishStatus(desk: Desk, conversationId: string): Promise<StatusEvent | null> {
  const conv = await getConversation(desk.pool, conversationId);
  if (!conv) return null;
  const status = await statusOf(desk, conv);
  desk.notifier.toCustomer(conversationId, "status", status);
  return status;
}

/** Adds a message, masked (cards, national ids, bank accounts: issue 16), and tells the customer
 *  and any staff watching. */
export async function post(desk: Desk, m: Parameters<typeof appendMessage>[1]): Promise<{ row: MessageRow; created: boolean }> {
  const { text, masked } = maskText(m.text);
  const stored = await appendMessage(desk.pool, { ...m, text, masked });
  if (stored.created) {
    desk.notifier.toCustomer(m.conversationId, "message", toMessage(stored.row));
    desk.notifier.toWatchers(m.conversationId, "message", toStaffMessage(stored.row));
  }
  return stored;
}

function resultFromStored(conversationId: string, reply: MessageRow): TurnResult {
  return {
    conversation: conversationId,
    outcome: reply.outcome ?? "answer",
    text: reply.text,
    citations: reply.citations,
    signals: reply.signals ?? { sycophancy: { detected: false, kinds: [], premises: [] }, escalation: null, injection: false },
    ms: 0,
  };
}

export async function sendCustomerMessage(
  desk: Desk,
  conversationId: string,
  input: { clientId?: string | undefined; text: string; as_of?: string | undefined },
): Promise<SendResult> {
  return serialize(conversationId, async () => {
    const conv = await getConversation(desk.pool, conversationId);
    if (!conv) throw new Error(`Conversation ${conversationId} does not exist.`);
    const { row: mine, created } = await post(desk, { conversationId, author: "customer", clientId: input.clientId ?? null, text: input.text });
    // A message sent again (same client id) may have its reply already; a new one cannot.
    const already = created ? null : await findReply(desk.pool, mine.id);
    if (already) return { kind: "reply", message: toMessage(mine), reply: toMessage(already), result: resultFromStored(conversationId, already) };
    if (conv.status === "queued" || conv.status === "agent") {
      suggestToWatchers(desk, conversationId, maskForAgent(input.text));
      return { kind: "queued", message: toMessage(mine) };
    }
    // The graph reads the message with its own placeholders ("[CARD]"), as in the evals; a turn
    // resumed after a crash reads the stored, masked text.
    return answer(desk, conv, mine, input.as_of, maskForAgent(input.text));
  });
}

/** While a human owns the conversation Keel stays quiet but drafts a grounded reply for them. A
 *  "thanks", "ok" or "yes please" asks nothing: the person answers that, and the draft for the last
 *  real question stays on their screen. */
function suggestToWatchers(desk: Desk, conversationId: string, text: string): void {
  if (socialActOf(text)) return;
  void desk.agent
    .suggest({ conversation: conversationId, message: text })
    .then((d) => {
      const suggestion = d.handoff?.suggestedReply ?? d.result.text;
      desk.notifier.toWatchers(conversationId, "suggestion", { conversationId, text: suggestion, citations: d.result.citations });
    })
    .catch((err) => desk.log("warn", "could not draft a suggestion for the agent", { conversation: conversationId, error: String(err) }));
}

/** Keel's turn for a stored customer message (also used to resume a turn a crash interrupted). */
export async function answer(desk: Desk, conv: ConversationRow, mine: MessageRow, asOf?: string, text = mine.text): Promise<SendResult> {
  desk.notifier.toCustomer(conv.id, "typing", { who: "keel", name: "Keel", typing: true });
  let detail: TurnDetail;
  try {
    // A date the message came with wins; otherwise the order date the host site passed, if any.
    const date = asOf ?? conv.context?.order_date;
    detail = await desk.agent.turn(
      { conversation: conv.id, message: text, ...(date ? { as_of: date } : {}) },
      // Model mode: verified sentences reach the widget while the model writes the rest.
      {
        onSentence: ({ index, text }) =>
          desk.notifier.toCustomer(conv.id, "message:partial", { conversationId: conv.id, replyTo: mine.id, index, text }),
        customer: await customerFactsOf(desk.pool, conv),
      },
    );
  } finally {
    desk.notifier.toCustomer(conv.id, "typing", { who: "keel", name: "Keel", typing: false });
  }
  const r = detail.result;
  const { row: reply } = await post(desk, {
    conversationId: conv.id,
    author: "keel",
    authorName: "Keel",
    replyTo: mine.id,
    text: r.text,
    outcome: r.outcome,
    citations: r.citations,
    signals: r.signals,
    grounding: groundingScore(detail),
    turnId: detail.turnId,
  });
  if (r.outcome === "handoff" && detail.handoff) {
    // Queued first, so a ticket claimed earlier and handed back reads as wanted again, not as Keel's.
    await setConversationStatus(desk.pool, conv.id, "queued");
    const { ticket, created } = await openTicket(desk.pool, {
      conversationId: conv.id,
      ...(await wholeConversation(desk, conv.id, detail.handoff, detail.grounding)),
      sentiment: detail.sentiment,
    });
    if (created) desk.log("info", "handoff", { conversation: conv.id, ticket: ticket.id, reason: ticket.reason });
    desk.notifier.ticketChanged(ticket);
    // Where the handoff stands (queued, nobody online, closed until…) travels as status only: the
    // widget's handoff state machine gives each state its one message (widget/src/handoff-state.ts).
    await publishStatus(desk, conv.id);
  }
  return { kind: "reply", message: toMessage(mine), reply: toMessage(reply), result: { ...r, conversation: conv.id } };
}

/** The handoff as its ticket keeps it: the summary and topic of the whole conversation (what the
 *  customer wants, what Keel said, what is disputed), never of its last line alone. */
async function wholeConversation(
  desk: Desk,
  conversationId: string,
  handoff: Handoff,
  grounding: Grounding | null,
): Promise<{ handoff: Handoff; topic: string; grounding: Grounding | null; openQuestion: string | null }> {
  const digest = digestConversation((await listMessages(desk.pool, conversationId)).map(toStaffMessage), handoff.reason);
  return {
    handoff: { ...handoff, summary: digest.summary, found: handoff.found.length ? handoff.found : digest.said },
    topic: digest.topic,
    // A last line that only asks for a person was never a question: its grounding says nothing.
    grounding: digest.lastKind === "human" ? null : grounding,
    openQuestion: digest.openQuestion,
  };
}

/** The customer pressed "talk to a person": a ticket without asking the graph. */
export async function requestHuman(desk: Desk, conversationId: string): Promise<StatusEvent | null> {
  return serialize(conversationId, async () => {
    const conv = await getConversation(desk.pool, conversationId);
    if (!conv) return null;
    if (conv.status === "bot" || conv.status === "resolved") {
      const { rows } = await desk.pool.query<{ text: string }>(
        "SELECT text FROM messages WHERE conversation_id = $1 AND author = 'customer' ORDER BY id DESC LIMIT 1",
        [conversationId],
      );
      const question = rows[0]?.text ?? "(no question yet)";
      await setConversationStatus(desk.pool, conversationId, "queued");
      const { ticket } = await openTicket(desk.pool, {
        conversationId,
        ...(await wholeConversation(
          desk,
          conversationId,
          { reason: "requested", summary: "", question, found: [], signals: ["asked for a human"], suggestedReply: null },
          null,
        )),
        sentiment: null,
      });
      desk.notifier.ticketChanged(ticket);
      // The event, not the state: whether someone is online or chat is closed travels as status.
      await post(desk, { conversationId, author: "system", authorName: null, text: "You asked for a person." });
    }
    return publishStatus(desk, conversationId);
  });
}
