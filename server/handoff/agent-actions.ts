// What a human agent does with a handed-off conversation. Socket events and HTTP routes are thin
// wrappers over these, so both behave the same and both are tested through them.
import { checkAnswer, type Passage } from "../../agent/verify/claims.ts";
import { maskText } from "../../agent/guard/mask.ts";
import { DRAFT_CHECK_PASSAGES } from "../../config/limits.ts";
import { searchChunks } from "../../kb/search.ts";
import type { Staff } from "../auth/roles.ts";
import { listMessages, getConversation, setConversationStatus, toStaffMessage } from "../conversations/store.ts";
import { post, publishStatus, type Desk } from "../conversations/turns.ts";
import type { CustomerContext, Note, StaffMessage, Ticket } from "../../protocol/messages.ts";
import { digestConversation } from "./conversation-summary.ts";
import { checkedSentences } from "./draft-corrections.ts";
import {
  claimTicket,
  getTicket,
  markFirstReply,
  openTicketOf,
  latestTicketOf,
  recordTicketEvent,
  resolveTicket,
  type ClaimResult,
} from "./tickets.ts";
import { customerFactsOf } from "../conversations/customer-facts.ts";
import { customerFieldUses } from "../../agent/store/turns.ts";

export class ActionError extends Error {
  constructor(
    readonly code: "not_found" | "not_yours" | "already_claimed" | "resolved" | "not_handed_off",
    message: string,
  ) {
    super(message);
  }
}

export async function claim(desk: Desk, ticketId: string, staff: Staff): Promise<ClaimResult> {
  const result = await claimTicket(desk.pool, ticketId, staff);
  if (!result.ok) return result;
  const t = result.ticket;
  await setConversationStatus(desk.pool, t.conversationId, "agent", staff.id);
  await post(desk, { conversationId: t.conversationId, author: "system", text: `${staff.displayName} from support joined the conversation.` });
  desk.notifier.ticketChanged(t);
  await publishStatus(desk, t.conversationId);
  return result;
}

/** The open ticket of a conversation, which this agent must own (admins may act on any). */
async function ownedTicket(desk: Desk, conversationId: string, staff: Staff): Promise<Ticket> {
  const ticket = await openTicketOf(desk.pool, conversationId);
  if (!ticket) throw new ActionError("not_handed_off", "This conversation has no open ticket.");
  if (ticket.status !== "claimed") throw new ActionError("not_yours", "Claim the ticket before replying.");
  if (ticket.claimedBy?.id !== staff.id && staff.role !== "admin")
    throw new ActionError("not_yours", `${ticket.claimedBy?.displayName ?? "Another agent"} owns this conversation.`);
  return ticket;
}

export async function reply(desk: Desk, staff: Staff, input: { conversationId: string; clientId: string; text: string }): Promise<StaffMessage> {
  const ticket = await ownedTicket(desk, input.conversationId, staff);
  const { row, created } = await post(desk, {
    conversationId: input.conversationId,
    author: "agent",
    authorName: staff.displayName,
    agentId: staff.id,
    clientId: input.clientId,
    text: input.text,
  });
  if (created) {
    await markFirstReply(desk.pool, ticket.id);
    await recordTicketEvent(desk.pool, ticket.id, "replied", staff.email, { message: row.id });
    const fresh = await getTicket(desk.pool, ticket.id);
    if (fresh) desk.notifier.ticketChanged(fresh);
  }
  return toStaffMessage(row);
}

export async function addNote(desk: Desk, staff: Staff, conversationId: string, written: string): Promise<Note> {
  const { text } = maskText(written);
  if (!(await getConversation(desk.pool, conversationId))) throw new ActionError("not_found", "No such conversation.");
  const { rows } = await desk.pool.query<{ id: string; created_at: Date }>(
    "INSERT INTO notes (conversation_id, staff_id, text) VALUES ($1,$2,$3) RETURNING id, created_at",
    [conversationId, staff.id, text],
  );
  const ticket = await latestTicketOf(desk.pool, conversationId);
  if (ticket) await recordTicketEvent(desk.pool, ticket.id, "note", staff.email);
  return { id: String(rows[0]!.id), author: staff.displayName, text, createdAt: rows[0]!.created_at.toISOString() };
}

/** Hands the conversation back to Keel; the ticket stays claimed until it is resolved. */
export async function returnToKeel(desk: Desk, staff: Staff, conversationId: string): Promise<void> {
  const ticket = await ownedTicket(desk, conversationId, staff);
  await setConversationStatus(desk.pool, conversationId, "bot");
  await recordTicketEvent(desk.pool, ticket.id, "returned", staff.email);
  await post(desk, {
    conversationId,
    author: "system",
    text: `${staff.displayName} handed you back to Keel, our assistant. Ask for a person again at any time.`,
  });
  await publishStatus(desk, conversationId);
  // Every queue shows the ticket as Keel's again, not as still being worked by this agent.
  const fresh = await getTicket(desk.pool, ticket.id);
  if (fresh) desk.notifier.ticketChanged(fresh);
}

export async function resolve(desk: Desk, staff: Staff, ticketId: string, disposition: string): Promise<Ticket> {
  const ticket = await getTicket(desk.pool, ticketId);
  if (!ticket) throw new ActionError("not_found", "No such ticket.");
  if (ticket.status === "resolved") throw new ActionError("resolved", "This ticket is already resolved.");
  if (ticket.status === "claimed" && ticket.claimedBy?.id !== staff.id && staff.role !== "admin") {
    throw new ActionError("not_yours", `${ticket.claimedBy?.displayName ?? "Another agent"} owns this ticket.`);
  }
  const done = (await resolveTicket(desk.pool, ticketId, staff, disposition))!;
  const conv = await getConversation(desk.pool, ticket.conversationId);
  if (conv && conv.status !== "bot") {
    await setConversationStatus(desk.pool, ticket.conversationId, "bot");
    await post(desk, {
      conversationId: ticket.conversationId,
      author: "system",
      text: "This conversation was marked resolved. Keel, our assistant, is here if you need anything else.",
    });
  }
  desk.notifier.ticketChanged(done);
  await publishStatus(desk, ticket.conversationId);
  return done;
}

export async function customerContext(desk: Desk, conversationId: string): Promise<CustomerContext | null> {
  const conv = await getConversation(desk.pool, conversationId);
  if (!conv) return null;
  let profile: { tier: string | null; open_issues: string[]; consent: Record<string, boolean>; name: string | null } | undefined;
  if (conv.verified && conv.site && conv.customer_id) {
    const { rows } = await desk.pool.query("SELECT tier, open_issues, consent, name FROM customer_profiles WHERE site = $1 AND customer_id = $2", [
      conv.site,
      conv.customer_id,
    ]);
    profile = rows[0];
  }
  // What Keel used is what the agent sees: the context the host signed wins over the stored profile.
  const facts = await customerFactsOf(desk.pool, conv);
  const fieldsUsed = [...new Set((await customerFieldUses(desk.pool, { since: new Date(0), conversationId })).flatMap((u) => u.fields))];
  return {
    customerId: conv.customer_id,
    site: conv.site,
    verified: conv.verified,
    name: profile?.name ?? conv.customer_name,
    tier: facts?.tier ?? profile?.tier ?? null,
    openIssues: facts
      ? facts.issues.filter((i) => i.status !== "resolved").map((i) => `#${i.id}: ${i.summary} (${i.status})`)
      : (profile?.open_issues ?? []),
    consent: facts && facts.consent.marketing !== undefined ? { ...profile?.consent, marketing: facts.consent.marketing } : (profile?.consent ?? {}),
    orderDate: conv.context?.order_date ?? null,
    orderId: conv.context?.order_id ?? null,
    fieldsUsed,
  };
}

export async function openConversation(desk: Desk, conversationId: string) {
  const conv = await getConversation(desk.pool, conversationId);
  if (!conv) throw new ActionError("not_found", "No such conversation.");
  const { rows: notes } = await desk.pool.query<{ id: string; text: string; created_at: Date; display_name: string }>(
    "SELECT n.id, n.text, n.created_at, s.display_name FROM notes n JOIN staff s ON s.id = n.staff_id WHERE n.conversation_id = $1 ORDER BY n.id",
    [conversationId],
  );
  return {
    conversation: { id: conv.id, status: conv.status, customer: (await customerContext(desk, conversationId))! },
    messages: (await listMessages(desk.pool, conversationId)).map(toStaffMessage),
    ticket: await latestTicketOf(desk.pool, conversationId),
    notes: notes.map((n): Note => ({ id: String(n.id), author: n.display_name, text: n.text, createdAt: n.created_at.toISOString() })),
  };
}

/** A grounded reply for the agent: Keel's graph on the conversation's open question (the latest
 *  question, or the point the customer disputes), not on its last line ("thanks", "a human please"). */
export async function suggest(desk: Desk, conversationId: string) {
  const messages = (await listMessages(desk.pool, conversationId)).map(toStaffMessage);
  const latest = messages.filter((m) => m.author === "customer").at(-1);
  if (!latest) throw new ActionError("not_found", "The customer has not written anything yet.");
  const open = digestConversation(messages).openQuestion ?? latest.text;
  // The same suppression as Keel's own answers: no promotion for a customer with an open issue.
  const conv = await getConversation(desk.pool, conversationId);
  const d = await desk.agent.suggest({ conversation: conversationId, message: open }, conv ? await customerFactsOf(desk.pool, conv) : null);
  const text = d.handoff?.suggestedReply ?? (d.result.outcome === "answer" ? d.result.text : d.result.text);
  return { text, outcome: d.result.outcome, citations: d.result.citations, grounding: d.grounding };
}

/** The grounding checker on an agent's draft, against the passages in force today that best match it
 *  (the same checker `keel check` runs): an invented number or promise is flagged before sending. */
export async function checkDraft(desk: Desk, text: string) {
  const hits = await searchChunks(desk.pool, desk.embedder, text, { limit: DRAFT_CHECK_PASSAGES });
  const passages: Passage[] = hits.map((h) => ({
    text: h.content,
    context: h.headingPath.join(" > "),
    source: { policy: h.policy, title: h.title, version: h.version, section: h.section },
  }));
  const result = checkAnswer(text, passages);
  // Each flagged sentence comes with the policy sentence that governs it and a correction.
  return { supported: result.supported, claims: checkedSentences(result.claims, passages) };
}
