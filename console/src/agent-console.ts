// The agent console: the live queue, one conversation with the customer's context, the AI summary,
// the signals Keel raised and the policies involved, and a reply box with a grounded suggestion
// and a check of the agent's own draft. Built for a new agent: the grounded help is one click away.
import { io, type Socket } from "socket.io-client";
import type { Citation } from "../../protocol/answers.ts";
import type { StaffMessage, Ticket } from "../../protocol/messages.ts";
import type { Staff } from "./api.ts";
import { createContextView } from "./context-view.ts";
import { createConversationView, type Ack, type Opened } from "./conversation-view.ts";
import { h } from "./dom.ts";
import { createQueue } from "./queue.ts";

/** What the console says when the server ends its session (server/realtime/staff-rooms.ts). */
const SESSION_ENDED: Record<string, string> = {
  signed_out: "You signed out",
  password_changed: "Your password was changed",
  account_disabled: "Your account was disabled",
  revoked: "Your access was revoked",
  session_ended: "Your session ended",
};

type Open = { id: string; opened: Opened; conversation: ReturnType<typeof createConversationView>; context: ReturnType<typeof createContextView> };

export function startAgentConsole(app: HTMLElement, staff: Staff): void {
  const socket: Socket = io("/agent", { transports: ["websocket", "polling"] });
  const queuePane = h("section", { class: "pane", "aria-label": "Queue" });
  const convPane = h("section", { class: "pane conversation", "aria-label": "Conversation" });
  const contextPane = h("section", { class: "pane", "aria-label": "Context" });
  const banner = h("p", { class: "banner", role: "status" });
  app.replaceChildren(banner, h("div", { class: "layout" }, queuePane, convPane, contextPane));
  convPane.append(h("p", { class: "meta" }, "Pick a ticket from the queue."));

  const ask = async (event: string, payload: object): Promise<Ack> =>
    (await socket
      .timeout(20_000)
      .emitWithAck(event, payload)
      .catch((e: Error) => ({
        ok: false,
        error: { code: "timeout", message: `No answer from the server (${e.message}); check the connection and retry.` },
      }))) as Ack;
  const queue = createQueue(queuePane, (id) => void select(id));
  let current: Open | null = null;

  function ticketChanged(t: Ticket): void {
    queue.upsert(t);
    if (current && t.conversationId === current.id) {
      current.conversation.setTicket(t);
      current.context.render();
    }
  }

  async function select(ticketId: string): Promise<void> {
    const t = queue.tickets.get(ticketId);
    if (!t) return;
    queue.select(ticketId);
    const r = (await ask("conversation:open", { conversationId: t.conversationId })) as Ack & Opened;
    if (!r.ok)
      return void convPane.replaceChildren(h("p", { class: "error", role: "alert" }, r.error?.message ?? "Could not open the conversation."));
    const opened: Opened = { conversation: r.conversation, messages: r.messages, ticket: r.ticket, notes: r.notes };
    current = {
      id: t.conversationId,
      opened,
      conversation: createConversationView(convPane, opened, staff, ask, ticketChanged),
      context: createContextView(contextPane, opened, ask, staff),
    };
  }

  socket.on("connect", async () => {
    banner.textContent = "";
    const r = (await ask("queue", {})) as Ack & { tickets: Ticket[] };
    if (r.ok) queue.setAll(r.tickets);
    // After a reconnect, the open conversation may have moved on: reload it.
    if (current) {
      const ticket = [...queue.tickets.values()].find((x) => x.conversationId === current!.id);
      if (ticket) await select(ticket.id);
    }
  });
  // The server closes the socket itself only when this session's access was taken back (a sign-out
  // elsewhere, a password change, a disabled account, a revoked token); it then says why first.
  socket.on(
    "session:ended",
    (p: { reason?: string }) => (banner.textContent = `${SESSION_ENDED[p.reason ?? ""] ?? "Your session ended"}: sign in again.`),
  );
  socket.on("disconnect", (reason) => {
    if (reason === "io server disconnect") {
      if (!banner.textContent) banner.textContent = "Your session ended: sign in again.";
      return;
    }
    banner.textContent = "Connection lost — reconnecting…";
  });
  socket.on(
    "connect_error",
    (err) =>
      (banner.textContent = err.message === "unauthorized" ? "Your session ended: sign in again." : `Cannot reach Keel (${err.message}); retrying…`),
  );
  socket.on("ticket", (t: Ticket) => ticketChanged(t));
  socket.on("presence", (p: { agentsOnline: number }) => queue.setPresence(p.agentsOnline));
  socket.on("message", (m: StaffMessage) => {
    if (!current || m.conversationId !== current.id) return;
    current.conversation.addMessage(m);
    current.context.render();
  });
  socket.on("typing", (p: { conversationId: string; typing: boolean }) => {
    if (current && p.conversationId === current.id) current.conversation.setCustomerTyping(p.typing);
  });
  socket.on("suggestion", (s: { conversationId: string; text: string; citations?: Citation[] }) => {
    if (current && s.conversationId === current.id) current.conversation.showKeelDraft(s.text, s.citations ?? []);
  });
}
