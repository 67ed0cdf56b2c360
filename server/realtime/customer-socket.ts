// The /customer namespace: the widget's live channel. A socket is bound at connection to the one
// conversation its token opens, and can only ever act on that conversation.
import type { Namespace } from "socket.io";
import { RATE_LIMITS, type RateLimits } from "../../config/limits.ts";
import { authorizeConversation, getConversation, listMessages, setFollowUpEmail, toMessage } from "../conversations/store.ts";
import { requestHuman, sendCustomerMessage, statusOf, type Desk } from "../conversations/turns.ts";
import { openTicketOf } from "../handoff/tickets.ts";
import { customerAuthSchema, customerEvents } from "../protocol/customer.ts";
import { AckFailure, on, rateLimiter } from "./handle.ts";

export function attachCustomerNamespace(nsp: Namespace, desk: Desk, limits: RateLimits = RATE_LIMITS): void {
  const perIp = new Map<string, number>();
  const allowMessage = rateLimiter(limits.socketMessagesPerMinute);
  const log = (message: string, fields: Record<string, unknown>) => desk.log("error", message, fields);

  nsp.use(async (socket, next) => {
    const ip = socket.handshake.address;
    if ((perIp.get(ip) ?? 0) >= limits.socketsPerIp) return next(new Error("too_many_connections"));
    const auth = customerAuthSchema.safeParse(socket.handshake.auth);
    if (!auth.success) return next(new Error("unauthorized"));
    try {
      const conv = await authorizeConversation(desk.pool, auth.data.conversationId, auth.data.token);
      if (!conv) return next(new Error("unauthorized"));
      socket.data.conversationId = conv.id;
      next();
    } catch (err) {
      desk.log("error", "customer socket auth failed", { error: String(err) });
      next(new Error("unavailable"));
    }
  });

  nsp.on("connection", async (socket) => {
    const ip = socket.handshake.address;
    perIp.set(ip, (perIp.get(ip) ?? 0) + 1);
    socket.on("disconnect", () => {
      const n = (perIp.get(ip) ?? 1) - 1;
      if (n <= 0) perIp.delete(ip);
      else perIp.set(ip, n);
    });
    const id = socket.data.conversationId as string;
    await socket.join(`conv:${id}`);

    on(socket, "message:send", customerEvents["message:send"], async (p) => {
      if (!allowMessage(id)) throw new AckFailure("rate_limited", "You are sending messages too quickly; wait a moment and try again.");
      const sent = await sendCustomerMessage(desk, id, { clientId: p.clientId, text: p.text, as_of: p.as_of });
      return sent.kind === "reply" ? { message: sent.message, reply: sent.reply } : { message: sent.message, queued: true };
    }, log);

    on(socket, "transcript", customerEvents.transcript, async (p) => {
      const conv = await getConversation(desk.pool, id);
      return { messages: (await listMessages(desk.pool, id, p.after)).map(toMessage), status: await statusOf(desk, conv!) };
    }, log);

    on(socket, "typing", customerEvents.typing, async (p) => {
      desk.notifier.toWatchers(id, "typing", { conversationId: id, who: "customer", typing: p.typing });
    }, log);

    on(socket, "human:request", customerEvents["human:request"], async () => ({ status: await requestHuman(desk, id) }), log);

    on(socket, "followup", customerEvents.followup, async (p) => {
      await setFollowUpEmail(desk.pool, id, p.email);
      const ticket = await openTicketOf(desk.pool, id);
      if (ticket) desk.notifier.ticketChanged({ ...ticket, followUpEmail: p.email });
      return {};
    }, log);
  });
}
