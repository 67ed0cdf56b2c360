// Scale-out: socket.io rooms relayed between server processes through Redis pub/sub. Losing Redis
// must cost only the relay: each process keeps serving its own sockets and relays again on return.
import { createAdapter } from "@socket.io/redis-adapter";
import { createClient } from "redis";
import type { Server } from "socket.io";
import type { Log } from "../conversations/turns.ts";

/** Longest wait between reconnection attempts: Redis back → relaying again within about this. */
const MAX_RECONNECT_DELAY_MS = 2000;

/** Connects the adapter; resolves once both Redis connections are up. */
export type RedisRelay = {
  /** The publishing connection, also used for shared rate-limit counts: it fails fast while Redis is away. */
  client: { readonly isReady: boolean } & object;
  close(): Promise<void>;
};

export async function attachRedisRelay(io: Server, options: { url: string; channel: string; log: Log }): Promise<RedisRelay> {
  const { log } = options;
  const pub = createClient({
    url: options.url,
    // While Redis is away a publish fails at once instead of queueing for a burst of stale
    // events (typing, presence) when it returns.
    disableOfflineQueue: true,
    // Never give up: node-redis's default stops after a socket timeout, which would leave this
    // process cut off from the others until a restart.
    socket: { reconnectStrategy: (retries) => Math.min(50 * 2 ** retries, MAX_RECONNECT_DELAY_MS) + Math.floor(Math.random() * 200) },
  });
  const sub = pub.duplicate();
  let lost = false;
  const onLost = (err: unknown) => {
    // Every failed reconnection attempt and publish reports again: say it once per outage.
    if (lost) return;
    lost = true;
    log("warn", "Redis is unreachable: serving this process's sockets only until it returns", { error: String(err) });
  };
  for (const client of [pub, sub]) {
    client.on("error", onLost);
    client.on("ready", () => {
      if (!lost || !pub.isReady || !sub.isReady) return;
      lost = false;
      log("info", "Redis is back: relaying between server processes again", {});
    });
  }
  // A rejected call while connected is a real failure, logged each time; while away, one warning.
  const onRejected = (err: unknown) =>
    pub.isReady && sub.isReady ? log("warn", "a Redis relay command failed", { error: String(err) }) : onLost(err);
  await Promise.all([pub.connect(), sub.connect()]);
  // node-redis 5+ client types are narrower than the adapter declares; the runtime API is the same.
  type AdapterClient = Parameters<typeof createAdapter>[0];
  io.adapter(
    createAdapter(settled(pub, onRejected) as AdapterClient, settled(sub, onRejected) as AdapterClient, {
      key: options.channel,
      requestsTimeout: 2000,
    }),
  );
  return {
    client: pub,
    async close() {
      await Promise.allSettled([pub.quit(), sub.quit()]);
    },
  };
}

/** The client as the adapter sees it: the adapter publishes and (un)subscribes without awaiting,
 *  so while Redis is away those promises would reject unhandled and end the process. Each promise
 *  a call returns gets a handler that reports it; callers that await it still see the rejection. */
function settled<T extends object>(client: T, report: (err: unknown) => void): T {
  return new Proxy(client, {
    get(target, key) {
      const value = Reflect.get(target, key, target) as unknown;
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        const out = (value as (...a: unknown[]) => unknown).apply(target, args);
        if (out instanceof Promise) out.catch(report);
        return out;
      };
    },
  });
}
