// The /agent namespace: the console's live channel. Only signed-in agents and admins connect;
// every event re-checks ownership in the handoff logic, not here.
import type { Namespace } from "socket.io";
import { hasRole, type Staff } from "../auth/roles.ts";
import { resolveStaff } from "../auth/session.ts";
import { getConversation } from "../conversations/store.ts";
import type { Desk } from "../conversations/turns.ts";
import { ActionError, addNote, checkDraft, claim, openConversation, reply, resolve, returnToKeel, suggest } from "../handoff/agent-actions.ts";
import { listQueue, openTicketOf } from "../handoff/tickets.ts";
import { agentEvents } from "../protocol/agent.ts";
import { AckFailure, on } from "./handle.ts";

export function attachAgentNamespace(nsp: Namespace, desk: Desk, onPresence: () => void): void {
  const log = (message: string, fields: Record<string, unknown>) => desk.log("error", message, fields);

  nsp.use(async (socket, next) => {
    try {
      const token = typeof socket.handshake.auth?.token === "string" ? socket.handshake.auth.token : undefined;
      const session = await resolveStaff(desk.pool, {
        cookie: socket.handshake.headers.cookie,
        authorization: token ? `Bearer ${token}` : undefined,
      });
      if (!session) return next(new Error("unauthorized"));
      if (!hasRole(session.staff, ["agent"])) return next(new Error("forbidden"));
      socket.data.staff = session.staff;
      next();
    } catch (err) {
      desk.log("error", "agent socket auth failed", { error: String(err) });
      next(new Error("unavailable"));
    }
  });

  nsp.on("connection", async (socket) => {
    const staff = socket.data.staff as Staff;
    await socket.join("agents");
    onPresence();
    socket.on("disconnect", () => onPresence());
    const wrap = async <T>(fn: () => Promise<T>): Promise<T> => {
      try {
        return await fn();
      } catch (err) {
        if (err instanceof ActionError) throw new AckFailure(err.code, err.message);
        throw err;
      }
    };

    on(socket, "queue", agentEvents.queue, async () => ({ tickets: await listQueue(desk.pool) }), log);

    on(socket, "ticket:claim", agentEvents["ticket:claim"], async (p) => {
      const result = await claim(desk, p.ticketId, staff);
      if (!result.ok) throw new AckFailure(result.code, result.code === "already_claimed" ? `${result.ticket?.claimedBy?.displayName ?? "Another agent"} already claimed this ticket.` : `The ticket is ${result.code.replace("_", " ")}.`);
      await socket.join(`watch:${result.ticket.conversationId}`);
      return { ticket: result.ticket };
    }, log);

    on(socket, "conversation:open", agentEvents["conversation:open"], async (p) => {
      const opened = await wrap(() => openConversation(desk, p.conversationId));
      await socket.join(`watch:${p.conversationId}`);
      return opened;
    }, log);

    on(socket, "reply", agentEvents.reply, async (p) => ({ message: await wrap(() => reply(desk, staff, p)) }), log);

    on(socket, "typing", agentEvents.typing, async (p) => {
      const conv = await getConversation(desk.pool, p.conversationId);
      if (conv?.status === "agent" && conv.agent_id === staff.id) {
        desk.notifier.toCustomer(p.conversationId, "typing", { who: "agent", name: staff.displayName, typing: p.typing });
      }
    }, log);

    on(socket, "suggest", agentEvents.suggest, async (p) => ({ suggestion: await wrap(() => suggest(desk, p.conversationId)) }), log);
    on(socket, "check", agentEvents.check, async (p) => checkDraft(desk, p.text), log);
    on(socket, "note", agentEvents.note, async (p) => ({ note: await wrap(() => addNote(desk, staff, p.conversationId, p.text)) }), log);
    on(socket, "return", agentEvents.return, async (p) => {
      await wrap(() => returnToKeel(desk, staff, p.conversationId));
      const t = await openTicketOf(desk.pool, p.conversationId);
      return { ticket: t };
    }, log);
    on(socket, "resolve", agentEvents.resolve, async (p) => ({ ticket: await wrap(() => resolve(desk, staff, p.ticketId, p.disposition)) }), log);
  });
}
