// What agents do with Keel's help, recorded on the conversation's ticket so the insights can say,
// per experience level, how often a suggestion went out as it was, edited or not at all, and how
// many drafts the checker flagged. A conversation without a ticket has nothing to record against.
import type pg from "pg";
import type { Staff } from "../auth/roles.ts";
import { latestTicketOf, recordTicketEvent } from "../handoff/tickets.ts";

export async function recordSuggestion(pool: pg.Pool, conversationId: string, staff: Staff, text: string): Promise<void> {
  const ticket = await latestTicketOf(pool, conversationId);
  if (ticket && ticket.status !== "resolved") await recordTicketEvent(pool, ticket.id, "suggested", staff.email, { text: text.slice(0, 4000) });
}

export async function recordCheck(pool: pg.Pool, conversationId: string | undefined, staff: Staff, claims: { supported: boolean }[]): Promise<void> {
  if (!conversationId) return;
  const ticket = await latestTicketOf(pool, conversationId);
  const flagged = claims.filter((c) => !c.supported).length;
  if (ticket && ticket.status !== "resolved") await recordTicketEvent(pool, ticket.id, "checked", staff.email, { flagged });
}
