// The /customer namespace: the widget's live channel. A socket is bound at connection to the one
// conversation its token opens, and can only ever act on that conversation. Its client address is
// the one HTTP uses (server/limits/client-address.ts), and every event counts against the same
// limits as its HTTP twin.
import type { Namespace } from "socket.io";
import { clientAddress, type TrustProxy } from "../limits/client-address.ts";
import type { Limits } from "../limits/rate-limits.ts";
import { authorizeConversation, getConversation, listMessages, setFollowUpEmail, toMessage } from "../conversations/store.ts";
import { requestHuman, sendCustomerMessage, statusOf, type Desk } from "../conversations/turns.ts";
import { openTicketOf } from "../handoff/tickets.ts";
import { customerAuthSchema, customerEvents } from "../../protocol/customer.ts";
import { on } from "./handle.ts";

export function attachCustomerNamespace(nsp: Namespace, desk: Desk, options: { limits: Limits; socketsPerIp: number; trust: TrustProxy }): void {
  const { limits } = options;
  const perIp = new Map<string, number>();
  const log = (message: string, fields: Record<string, unknown>) => desk.log("error", message, fields);

  nsp.use(async (socket, next) => {
    const ip = clientAddress(socket.request, options.trust);
    socket.data.address = ip;
    if ((perIp.get(ip) ?? 0) >= options.socketsPerIp) return next(new Error("too_many_connections"));
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
    const ip = socket.data.address as string;
    perIp.set(ip, (perIp.get(ip) ?? 0) + 1);
    socket.on("disconnect", () => {
      const n = (perIp.get(ip) ?? 1) - 1;
      if (n <= 0) perIp.delete(ip);
      else perIp.set(ip, n);
    });
    const id = socket.data.conversationId as string;
    await socket.join(`conv:${id}`);

    on(
      socket,
      "message:send",
      customerEvents["message:send"],
      async (p) => {
        await limits.consume("messages", { address: ip, conversationId: id });
        const release = limits.beginTurn(ip);
        try {
          const sent = await sendCustomerMessage(desk, id, { clientId: p.clientId, text: p.text, as_of: p.as_of });
          return sent.kind === "reply" ? { message: sent.message, reply: sent.reply } : { message: sent.message, queued: true };
        } finally {
          release();
        }
      },
      log,
    );

    on(
      socket,
      "transcript",
      customerEvents.transcript,
      async (p) => {
        await limits.consume("transcript", { address: ip, conversationId: id });
        const conv = await getConversation(desk.pool, id);
        return { messages: (await listMessages(desk.pool, id, p.after)).map(toMessage), status: await statusOf(desk, conv!) };
      },
      log,
    );

    on(
      socket,
      "typing",
      customerEvents.typing,
      async (p) => {
        await limits.consume("typing", { address: ip, conversationId: id });
        desk.notifier.toWatchers(id, "typing", { conversationId: id, who: "customer", typing: p.typing });
      },
      log,
    );

    on(
      socket,
      "human:request",
      customerEvents["human:request"],
      async () => {
        await limits.consume("handoff", { address: ip, conversationId: id });
        return { status: await requestHuman(desk, id) };
      },
      log,
    );

    on(
      socket,
      "followup",
      customerEvents.followup,
      async (p) => {
        await limits.consume("handoff", { address: ip, conversationId: id });
        await setFollowUpEmail(desk.pool, id, p.email);
        const ticket = await openTicketOf(desk.pool, id);
        if (ticket) desk.notifier.ticketChanged({ ...ticket, followUpEmail: p.email });
        return {};
      },
      log,
    );
  });
}
