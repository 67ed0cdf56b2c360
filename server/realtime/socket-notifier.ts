// The Notifier over socket.io rooms: conv:<id> in /customer, watch:<id> and "agents" in /agent.
// Rooms are relayed across processes by the Redis adapter when it is configured.
import type { Server } from "socket.io";
import type { Notifier } from "./notifier.ts";
import { roomOf, SESSION_ENDED_EVENT } from "./staff-rooms.ts";

/** How long an "agents online" count may be reused: counting asks every process. */
const PRESENCE_CACHE_MS = 1000;

export function socketNotifier(io: Server): Notifier & { presenceChanged(): void } {
  const customers = io.of("/customer");
  const agents = io.of("/agent");
  let cached: { at: number; value: Promise<number> } | null = null;

  async function countAgents(): Promise<number> {
    try {
      const sockets = await agents.in("agents").fetchSockets();
      return new Set(sockets.map((s) => (s.data.staff as { id: number } | undefined)?.id ?? s.id)).size;
    } catch {
      // Another process did not answer in time (Redis trouble): count our own.
      return new Set([...agents.sockets.values()].map((s) => (s.data.staff as { id: number } | undefined)?.id ?? s.id)).size;
    }
  }

  return {
    toCustomer(conversationId: string, event: string, payload: unknown) {
      customers.to(`conv:${conversationId}`).emit(event, payload);
    },
    toWatchers(conversationId: string, event: string, payload: unknown) {
      agents.to(`watch:${conversationId}`).emit(event, payload);
    },
    ticketChanged(ticket) {
      agents.to("agents").emit("ticket", ticket);
    },
    agentsOnline() {
      if (!cached || Date.now() - cached.at > PRESENCE_CACHE_MS) cached = { at: Date.now(), value: countAgents() };
      return cached.value;
    },
    staffAccessEnded(who, reason) {
      // Rooms span processes through the Redis adapter, so this reaches every server's sockets.
      agents.to(roomOf(who)).emit(SESSION_ENDED_EVENT, { reason });
      agents.in(roomOf(who)).disconnectSockets(true);
    },
    presenceChanged() {
      cached = null;
      void countAgents().then((n) => agents.to("agents").emit("presence", { agentsOnline: n }));
    },
  } as Notifier & { presenceChanged(): void };
}
