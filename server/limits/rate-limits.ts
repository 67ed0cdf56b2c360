// Rate limits for everything a customer or a stranger can trigger, the same for HTTP and sockets:
// counted per client address and per conversation with rate-limiter-flexible — in Redis when
// REDIS_URL is set (every process shares one count; a lost Redis falls back to this process's own
// count), in memory otherwise. A refusal carries how long to wait (retryAfterMs).
import type { NextFunction, Request, Response } from "express";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import type { RateLimits } from "../../config/limits.ts";
import { HttpError } from "../http/errors.ts";

/** A refusal: the client should wait retryAfterMs before trying again. */
export class RateLimited extends Error {
  constructor(
    readonly retryAfterMs: number,
    message: string,
  ) {
    super(message);
  }
}

export type LimitKind = "conversations" | "messages" | "transcript" | "handoff" | "ratings" | "typing" | "logins" | "suggestions";
type Rule = { per: "address" | "conversation"; points: number; durationS: number };

function rulesOf(limits: RateLimits): Record<LimitKind, { rules: Rule[]; message: string }> {
  return {
    conversations: {
      rules: [{ per: "address", points: limits.conversationsPerMinute, durationS: 60 }],
      message: "Too many new conversations from this address; wait a minute.",
    },
    messages: {
      rules: [
        { per: "conversation", points: limits.conversationMessagesPerMinute, durationS: 60 },
        { per: "address", points: limits.messagesPerMinute, durationS: 60 },
      ],
      message: "Too many messages: you are sending messages too quickly; wait a moment and try again.",
    },
    transcript: {
      rules: [
        { per: "conversation", points: limits.transcriptReadsPerMinute, durationS: 60 },
        { per: "address", points: limits.transcriptReadsPerAddressPerMinute, durationS: 60 },
      ],
      message: "Too many transcript reads; wait a moment and try again.",
    },
    handoff: {
      rules: [
        { per: "conversation", points: limits.handoffRequestsPerMinute, durationS: 60 },
        { per: "address", points: limits.handoffRequestsPerAddressPerMinute, durationS: 60 },
      ],
      message: "Too many requests for a person or follow-up; a request already made stands — wait a moment before trying again.",
    },
    ratings: {
      rules: [
        { per: "conversation", points: limits.ratingsPerMinute, durationS: 60 },
        { per: "address", points: limits.ratingsPerAddressPerMinute, durationS: 60 },
      ],
      message: "Too many ratings; your rating is saved — wait a moment before changing it again.",
    },
    typing: { rules: [{ per: "conversation", points: limits.typingPerMinute, durationS: 60 }], message: "Too many typing events." },
    logins: {
      rules: [{ per: "address", points: limits.loginsPer15Minutes, durationS: 15 * 60 }],
      message: "Too many sign-in attempts from this address; wait 15 minutes.",
    },
    suggestions: {
      rules: [{ per: "address", points: limits.suggestionsPerAddressPerMinute, durationS: 60 }],
      message: "Too many requests for suggested questions; wait a minute.",
    },
  };
}

/** The Redis client the limiters count in (node-redis); commands must fail fast while it is away. */
export type LimitStore = { isReady: boolean } & object;

/** How long a client whose address already has its share of turns running should wait: about the
 *  time a few offline turns take, so a retry usually finds a free slot. */
const BUSY_RETRY_AFTER_MS = 1000;

export type Limits = ReturnType<typeof createLimits>;

export function createLimits(limits: RateLimits, options: { redis?: LimitStore | null; prefix: string }) {
  const table = rulesOf(limits);
  const limiters = new Map<string, RateLimiterAbstract>();
  function limiterFor(kind: LimitKind, rule: Rule): RateLimiterAbstract {
    const keyPrefix = `${options.prefix}:limit:${kind}:${rule.per}`;
    let limiter = limiters.get(keyPrefix);
    if (!limiter) {
      const shape = { keyPrefix, points: rule.points, duration: rule.durationS };
      limiter = options.redis
        ? new RateLimiterRedis({ ...shape, storeClient: options.redis, useRedisPackage: true, insuranceLimiter: new RateLimiterMemory(shape) })
        : new RateLimiterMemory(shape);
      limiters.set(keyPrefix, limiter);
    }
    return limiter;
  }

  const inFlight = new Map<string, number>();

  /** Counts one request of this kind; throws RateLimited past any of its limits. */
  async function consume(kind: LimitKind, who: { address: string; conversationId?: string | undefined }): Promise<void> {
    const { rules, message } = table[kind];
    for (const rule of rules) {
      const key = rule.per === "address" ? who.address : who.conversationId;
      if (!key) continue;
      try {
        await limiterFor(kind, rule).consume(key);
      } catch (res) {
        if (res instanceof RateLimiterRes) throw new RateLimited(Math.max(1, res.msBeforeNext), message);
        throw new Error(`rate limit store failed for ${kind}: check Redis (REDIS_URL)`, { cause: res });
      }
    }
  }

  return {
    consume,

    /** Express middleware for a limit: 429 with Retry-After and the draft-8 RateLimit headers. */
    http(kind: LimitKind) {
      const policy = table[kind].rules.find((r) => r.per === "address") ?? table[kind].rules[0]!;
      return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
        try {
          await consume(kind, { address: req.ip ?? "unknown", conversationId: req.conversation?.id });
          next();
        } catch (err) {
          if (!(err instanceof RateLimited)) return next(err);
          const seconds = Math.ceil(err.retryAfterMs / 1000);
          res.set({
            "retry-after": String(seconds),
            "ratelimit-policy": `"${kind}";q=${policy.points};w=${policy.durationS}`,
            ratelimit: `"${kind}";r=0;t=${seconds}`,
          });
          next(new HttpError(429, "rate_limited", err.message, { retryAfterMs: err.retryAfterMs }, { cause: err }));
        }
      };
    },

    /** Claims one of an address's turns in flight (a message accepted, its reply not yet sent);
     *  the returned function gives it back. Throws RateLimited when the address has them all. */
    beginTurn(address: string): () => void {
      const n = inFlight.get(address) ?? 0;
      if (n >= limits.turnsInFlightPerAddress) {
        throw new RateLimited(
          BUSY_RETRY_AFTER_MS,
          "Too many messages: earlier messages from this address are still being answered; wait a moment and try again.",
        );
      }
      inFlight.set(address, n + 1);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        const left = (inFlight.get(address) ?? 1) - 1;
        if (left <= 0) inFlight.delete(address);
        else inFlight.set(address, left);
      };
    },
  };
}
