// Tickets: a conversation Keel handed to humans. Claims are decided by the database (a
// conditional UPDATE), so two agents on two server processes can never both own one.
import type pg from "pg";
import type { EscalationReason, Grounding, Handoff } from "../../agent/state.ts";
import { maskDeep } from "../../agent/guard/mask.ts";
import type { Ticket } from "../../protocol/messages.ts";
import { basePriority, priorityLabel, priorityNow, slaDue } from "./priority.ts";

type TicketRow = {
  id: string;
  conversation_id: string;
  status: Ticket["status"];
  reason: EscalationReason;
  topic: string;
  sentiment: string | null;
  context: Ticket["context"];
  created_at: Date;
  claimed_by: number | null;
  claimed_at: Date | null;
  first_reply_at: Date | null;
  resolved_at: Date | null;
  disposition: Ticket["disposition"];
  claimer_name: string | null;
  follow_up_email: string | null;
  conversation_status: string;
};

const SELECT = `SELECT t.*, s.display_name AS claimer_name, c.follow_up_email, c.status AS conversation_status
  FROM tickets t JOIN conversations c ON c.id = t.conversation_id LEFT JOIN staff s ON s.id = t.claimed_by`;

export function toTicket(r: TicketRow, now = new Date()): Ticket {
  const base = basePriority(r.reason, r.sentiment);
  const label = priorityLabel(base);
  const end = r.first_reply_at ?? r.resolved_at ?? now;
  const waitingSeconds = Math.max(0, Math.round((end.getTime() - r.created_at.getTime()) / 1000));
  const due = slaDue(r.created_at, label);
  return {
    id: String(r.id),
    conversationId: r.conversation_id,
    status: r.status,
    reason: r.reason,
    topic: r.topic,
    priority: r.status === "open" ? priorityNow(base, waitingSeconds) : base,
    priorityLabel: label,
    sentiment: r.sentiment,
    createdAt: r.created_at.toISOString(),
    waitingSeconds,
    slaDueAt: due.toISOString(),
    slaBreached: (r.first_reply_at ?? now).getTime() > due.getTime(),
    claimedBy: r.claimed_by ? { id: r.claimed_by, displayName: r.claimer_name ?? "an agent" } : null,
    claimedAt: r.claimed_at?.toISOString() ?? null,
    resolvedAt: r.resolved_at?.toISOString() ?? null,
    disposition: r.disposition,
    context: r.context,
    followUpEmail: r.follow_up_email,
    // Claimed, but the agent handed the conversation back: Keel answers the customer again.
    returnedToKeel: r.status === "claimed" && r.conversation_status === "bot",
  };
}

async function event(pool: pg.Pool | pg.PoolClient, ticketId: string, kind: string, actor: string, details: object = {}): Promise<void> {
  await pool.query("INSERT INTO ticket_events (ticket_id, kind, actor, details) VALUES ($1,$2,$3,$4)", [
    ticketId,
    kind,
    actor,
    JSON.stringify(maskDeep(details)),
  ]);
}

/** Opens a ticket for a handoff, or returns the conversation's ticket that is still unresolved. */
export async function openTicket(
  pool: pg.Pool,
  input: {
    conversationId: string;
    handoff: Handoff;
    topic: string;
    sentiment: string | null;
    grounding: Grounding | null;
    openQuestion?: string | null;
  },
): Promise<{ ticket: Ticket; created: boolean }> {
  // Masked like messages: "talk to a person" quotes the customer's last message as the question.
  const context: Ticket["context"] = maskDeep({ ...input.handoff, grounding: input.grounding, openQuestion: input.openQuestion ?? null });
  const { rows } = await pool.query<{ id: string }>(
    `INSERT INTO tickets (conversation_id, reason, topic, sentiment, context) VALUES ($1,$2,$3,$4,$5)
     ON CONFLICT (conversation_id) WHERE status <> 'resolved' DO NOTHING RETURNING id`,
    [input.conversationId, input.handoff.reason, input.topic, input.sentiment, JSON.stringify(context)],
  );
  if (rows[0]) {
    await event(pool, rows[0].id, "created", "keel", { reason: input.handoff.reason });
    return { ticket: (await getTicket(pool, rows[0].id))!, created: true };
  }
  return { ticket: (await openTicketOf(pool, input.conversationId))!, created: false };
}

export async function getTicket(pool: pg.Pool, id: string): Promise<Ticket | null> {
  if (!/^\d{1,18}$/.test(id)) return null;
  const { rows } = await pool.query<TicketRow>(`${SELECT} WHERE t.id = $1`, [id]);
  return rows[0] ? toTicket(rows[0]) : null;
}

export async function openTicketOf(pool: pg.Pool, conversationId: string): Promise<Ticket | null> {
  const { rows } = await pool.query<TicketRow>(`${SELECT} WHERE t.conversation_id = $1 AND t.status <> 'resolved'`, [conversationId]);
  return rows[0] ? toTicket(rows[0]) : null;
}

export async function latestTicketOf(pool: pg.Pool, conversationId: string): Promise<Ticket | null> {
  const { rows } = await pool.query<TicketRow>(`${SELECT} WHERE t.conversation_id = $1 ORDER BY t.id DESC LIMIT 1`, [conversationId]);
  return rows[0] ? toTicket(rows[0]) : null;
}

/** The queue: unresolved tickets, most urgent first, plus today's resolved ones for context. */
export async function listQueue(pool: pg.Pool): Promise<Ticket[]> {
  const { rows } = await pool.query<TicketRow>(
    `${SELECT} WHERE t.status <> 'resolved' OR t.resolved_at > now() - interval '1 day' ORDER BY t.created_at LIMIT 500`,
  );
  const order = { open: 0, claimed: 1, resolved: 2 } as const;
  return rows
    .map((r) => toTicket(r))
    .sort((a, b) => order[a.status] - order[b.status] || b.priority - a.priority || a.createdAt.localeCompare(b.createdAt));
}

export type ClaimResult = { ok: true; ticket: Ticket } | { ok: false; code: "not_found" | "already_claimed" | "resolved"; ticket: Ticket | null };

export async function claimTicket(pool: pg.Pool, ticketId: string, staff: { id: number; email: string }): Promise<ClaimResult> {
  const { rows } = await pool.query<{ id: string; conversation_id: string }>(
    "UPDATE tickets SET status = 'claimed', claimed_by = $2, claimed_at = now() WHERE id = $1 AND status = 'open' RETURNING id, conversation_id",
    [ticketId, staff.id],
  );
  const ticket = await getTicket(pool, ticketId);
  if (!rows[0]) {
    if (!ticket) return { ok: false, code: "not_found", ticket: null };
    return { ok: false, code: ticket.status === "resolved" ? "resolved" : "already_claimed", ticket };
  }
  await event(pool, ticketId, "claimed", staff.email);
  return { ok: true, ticket: ticket! };
}

export async function markFirstReply(pool: pg.Pool, ticketId: string): Promise<void> {
  await pool.query("UPDATE tickets SET first_reply_at = COALESCE(first_reply_at, now()) WHERE id = $1", [ticketId]);
}

export async function recordTicketEvent(pool: pg.Pool, ticketId: string, kind: string, actor: string, details: object = {}): Promise<void> {
  await event(pool, ticketId, kind, actor, details);
}

export async function resolveTicket(
  pool: pg.Pool,
  ticketId: string,
  staff: { id: number; email: string },
  disposition: string,
): Promise<Ticket | null> {
  const { rows } = await pool.query<{ id: string }>(
    "UPDATE tickets SET status = 'resolved', resolved_at = now(), disposition = $2 WHERE id = $1 AND status <> 'resolved' RETURNING id",
    [ticketId, disposition],
  );
  if (!rows[0]) return null;
  await event(pool, ticketId, "resolved", staff.email, { disposition });
  return getTicket(pool, ticketId);
}

export async function ticketEvents(pool: pg.Pool, ticketId: string): Promise<{ kind: string; actor: string; details: unknown; at: string }[]> {
  const { rows } = await pool.query("SELECT kind, actor, details, at FROM ticket_events WHERE ticket_id = $1 ORDER BY id", [ticketId]);
  return rows.map((r) => ({ kind: r.kind, actor: r.actor, details: r.details, at: (r.at as Date).toISOString() }));
}
