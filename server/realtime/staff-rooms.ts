// Every /agent socket sits in a room per staff account and per session, so access taken back on
// one process (logout, password change, disable, a revoked token) closes the matching sockets on
// every process: through the Redis adapter from a server, through a Redis emitter from the CLI.
import { Emitter } from "@socket.io/redis-emitter";
import { createClient } from "redis";
import type { StaffSockets } from "./notifier.ts";

export const staffRoom = (staffId: number): string => `staff:${staffId}`;
export const sessionRoom = (sessionId: string): string => `session:${sessionId}`;
export const roomOf = (who: StaffSockets): string => ("staffId" in who ? staffRoom(who.staffId) : sessionRoom(who.sessionId));

/** What a console is told just before its socket is closed. */
export const SESSION_ENDED_EVENT = "session:ended";

/** From a process with no sockets of its own (the CLI): closes the sockets on every server sharing
 *  this Redis. Without Redis, servers notice within STAFF_SESSION_RECHECK_MS on their own. */
export async function endStaffSocketsEverywhere(redisUrl: string, channel: string, who: StaffSockets, reason: string): Promise<void> {
  const client = createClient({ url: redisUrl, socket: { connectTimeout: 2000, reconnectStrategy: false } });
  try {
    await client.connect();
  } catch (err) {
    throw new Error(
      `could not reach Redis at REDIS_URL to close the account's open consoles now (servers will close them within their recheck interval): ${(err as Error).message}`,
      { cause: err },
    );
  }
  try {
    // The adapter's key is the channel prefix (server/realtime/redis-relay.ts); the emitter must match.
    const agents = new Emitter(client, { key: channel }).of("/agent");
    agents.to(roomOf(who)).emit(SESSION_ENDED_EVENT, { reason });
    agents.in(roomOf(who)).disconnectSockets(true);
  } finally {
    await client.quit();
  }
}
