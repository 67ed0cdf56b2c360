// How the conversation and handoff logic tells browsers what changed, without knowing about
// socket.io: the sockets layer implements this over rooms (relayed across processes by Redis).
import type { PartialEvent } from "../../protocol/customer.ts";
import type { Message, StaffMessage, StatusEvent, Ticket } from "../../protocol/messages.ts";

export type Notifier = {
  /** To the customer's widget(s) for this conversation. */
  toCustomer(conversationId: string, event: "message", payload: Message): void;
  toCustomer(conversationId: string, event: "status", payload: StatusEvent): void;
  toCustomer(conversationId: string, event: "typing", payload: { who: "keel" | "agent"; name: string | null; typing: boolean }): void;
  toCustomer(conversationId: string, event: "message:partial", payload: PartialEvent): void;
  /** To staff consoles that have this conversation open. */
  toWatchers(conversationId: string, event: "message", payload: StaffMessage): void;
  toWatchers(conversationId: string, event: "typing", payload: { conversationId: string; who: "customer"; typing: boolean }): void;
  toWatchers(conversationId: string, event: "suggestion", payload: { conversationId: string; text: string; citations: unknown[] }): void;
  /** To every online agent: the queue changed. */
  ticketChanged(ticket: Ticket): void;
  /** Staff agents with a console open, on any server process. */
  agentsOnline(): Promise<number>;
  /** A staff account's access (or one of its sessions) was taken back: its staff sockets are
   *  closed on every server process. */
  staffAccessEnded(who: StaffSockets, reason: string): void;
};

/** Whose staff sockets: every one of an account, or those opened with one session or token. */
export type StaffSockets = { staffId: number } | { sessionId: string };

/** For the CLI and tests that need the logic without sockets. */
export const silentNotifier: Notifier = {
  toCustomer() {},
  toWatchers() {},
  ticketChanged() {},
  agentsOnline: async () => 0,
  staffAccessEnded() {},
};
