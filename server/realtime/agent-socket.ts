// The /agent namespace: the console's live channel. Only signed-in agents and admins connect, from
// Keel's own origin or an allowed one; every event re-reads the session from the database (a
// logout, password change, disable or revoked token stops it at once) and re-checks ownership in
// the handoff logic. Sockets sit in rooms per account and per session so revocation closes them.
import type { Namespace, Socket } from "socket.io";
import { STAFF_SESSION_RECHECK_MS } from "../../config/limits.ts";
import { hasRole, type Staff } from "../auth/roles.ts";
import { resolveStaff } from "../auth/session.ts";
import { liveSessionIds } from "../auth/staff-store.ts";
import { getConversation } from "../conversations/store.ts";
import type { Desk } from "../conversations/turns.ts";
import { ActionError, addNote, checkDraft, claim, openConversation, reply, resolve, returnToKeel, suggest } from "../handoff/agent-actions.ts";
import { recordCheck, recordSuggestion } from "../insights/help-events.ts";
import { listQueue, openTicketOf } from "../handoff/tickets.ts";
import { agentEvents } from "../../protocol/agent.ts";
import { AckFailure, on } from "./handle.ts";
import { SESSION_ENDED_EVENT, sessionRoom, staffRoom } from "./staff-rooms.ts";

/** Whether a browser page at `origin` may open a staff socket: Keel's own origin (the Host it was
 *  reached at) or one listed in KEEL_STAFF_ORIGINS. No Origin header means no browser (a script
 *  with an API token), which cookies cannot be ridden from. */
export function isAllowedOrigin(origin: string | undefined, host: string | undefined, allowed: readonly string[]): boolean {
  if (!origin) return true;
  const o = origin.replace(/\/$/, "").toLowerCase();
  if (host && (o === `http://${host.toLowerCase()}` || o === `https://${host.toLowerCase()}`)) return true;
  return allowed.some((a) => a.toLowerCase() === o);
}

function endSocket(socket: Socket, reason: string): void {
  socket.emit(SESSION_ENDED_EVENT, { reason });
  socket.disconnect(true);
}

export function attachAgentNamespace(
  nsp: Namespace,
  desk: Desk,
  options: { onPresence: () => void; allowedOrigins: readonly string[] },
): { stop(): void } {
  const { onPresence } = options;
  const log = (message: string, fields: Record<string, unknown>) => desk.log("error", message, fields);

  nsp.use(async (socket, next) => {
    if (!isAllowedOrigin(socket.handshake.headers.origin, socket.handshake.headers.host, options.allowedOrigins)) {
      desk.log("warn", "staff socket refused: origin not allowed", { origin: socket.handshake.headers.origin });
      return next(new Error("forbidden_origin"));
    }
    try {
      const token = typeof socket.handshake.auth?.token === "string" ? socket.handshake.auth.token : undefined;
      const session = await resolveStaff(desk.pool, {
        cookie: socket.handshake.headers.cookie,
        authorization: token ? `Bearer ${token}` : undefined,
      });
      if (!session) return next(new Error("unauthorized"));
      if (!hasRole(session.staff, ["agent"])) return next(new Error("forbidden"));
      socket.data.staff = session.staff;
      socket.data.sessionId = session.sessionId;
      next();
    } catch (err) {
      desk.log("error", "agent socket auth failed", { error: String(err) });
      next(new Error("unavailable"));
    }
  });

  nsp.on("connection", async (socket) => {
    const staff = socket.data.staff as Staff;
    const sessionId = socket.data.sessionId as string;
    // Every event first re-reads the session: one indexed query, and a revoked one stops here
    // even if the news of its revocation never reached this process.
    socket.use((_packet, next) => {
      liveSessionIds(desk.pool, [sessionId]).then(
        (live) => (live.has(sessionId) ? next() : endSocket(socket, "session_ended")),
        // Database unreachable: the event itself will fail the same way and say so in its ack.
        () => next(),
      );
    });
    await socket.join(["agents", staffRoom(staff.id), sessionRoom(sessionId)]);
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

    on(
      socket,
      "ticket:claim",
      agentEvents["ticket:claim"],
      async (p) => {
        const result = await claim(desk, p.ticketId, staff);
        if (!result.ok)
          throw new AckFailure(
            result.code,
            result.code === "already_claimed"
              ? `${result.ticket?.claimedBy?.displayName ?? "Another agent"} already claimed this ticket.`
              : `The ticket is ${result.code.replace("_", " ")}.`,
          );
        await socket.join(`watch:${result.ticket.conversationId}`);
        return { ticket: result.ticket };
      },
      log,
    );

    on(
      socket,
      "conversation:open",
      agentEvents["conversation:open"],
      async (p) => {
        const opened = await wrap(() => openConversation(desk, p.conversationId));
        await socket.join(`watch:${p.conversationId}`);
        return opened;
      },
      log,
    );

    on(socket, "reply", agentEvents.reply, async (p) => ({ message: await wrap(() => reply(desk, staff, p)) }), log);

    on(
      socket,
      "typing",
      agentEvents.typing,
      async (p) => {
        const conv = await getConversation(desk.pool, p.conversationId);
        if (conv?.status === "agent" && conv.agent_id === staff.id) {
          desk.notifier.toCustomer(p.conversationId, "typing", { who: "agent", name: staff.displayName, typing: p.typing });
        }
      },
      log,
    );

    on(
      socket,
      "suggest",
      agentEvents.suggest,
      async (p) => {
        const suggestion = await wrap(() => suggest(desk, p.conversationId));
        await recordSuggestion(desk.pool, p.conversationId, staff, suggestion.text);
        return { suggestion };
      },
      log,
    );
    on(
      socket,
      "check",
      agentEvents.check,
      async (p) => {
        const checked = await checkDraft(desk, p.text);
        await recordCheck(desk.pool, p.conversationId, staff, checked.claims);
        return checked;
      },
      log,
    );
    on(socket, "note", agentEvents.note, async (p) => ({ note: await wrap(() => addNote(desk, staff, p.conversationId, p.text)) }), log);
    on(
      socket,
      "return",
      agentEvents.return,
      async (p) => {
        await wrap(() => returnToKeel(desk, staff, p.conversationId));
        const t = await openTicketOf(desk.pool, p.conversationId);
        return { ticket: t };
      },
      log,
    );
    on(socket, "resolve", agentEvents.resolve, async (p) => ({ ticket: await wrap(() => resolve(desk, staff, p.ticketId, p.disposition)) }), log);
  });

  // Sessions that end with no one telling this process (expiry, a CLI without Redis) are noticed here.
  const timer = setInterval(() => {
    const sockets = [...nsp.sockets.values()];
    const ids = [...new Set(sockets.map((s) => s.data.sessionId as string))];
    if (!ids.length) return;
    liveSessionIds(desk.pool, ids).then(
      (live) => {
        for (const s of sockets) if (!live.has(s.data.sessionId as string)) endSocket(s, "session_ended");
      },
      (err) => desk.log("warn", "could not recheck staff sessions; will try again", { error: String(err) }),
    );
  }, STAFF_SESSION_RECHECK_MS);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
