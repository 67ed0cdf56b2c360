// Per-account sign-in lockout with backoff: failures are counted per email, whatever address they
// come from, so guessing one account's password from many addresses is stopped too. Emails with no
// account are counted the same way, so a lock tells nothing about which accounts exist.
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { SIGN_IN_LOCKOUT } from "../../config/limits.ts";
import type { LimitStore } from "./rate-limits.ts";

export class AccountLocked extends Error {
  constructor(readonly retryAfterMs: number) {
    super(`This account is locked after repeated wrong passwords; try again in ${Math.ceil(retryAfterMs / 1000)} s.`);
  }
}

export type SignInLockout = ReturnType<typeof createSignInLockout>;

export type LockoutPolicy = { readonly [K in keyof typeof SIGN_IN_LOCKOUT]: number };

export function createSignInLockout(options: { redis?: LimitStore | null; prefix: string }, policy: LockoutPolicy = SIGN_IN_LOCKOUT) {
  function limiter(name: string, points: number, duration: number): RateLimiterAbstract {
    const shape = { keyPrefix: `${options.prefix}:signin:${name}`, points, duration };
    return options.redis
      ? new RateLimiterRedis({ ...shape, storeClient: options.redis, useRedisPackage: true, insuranceLimiter: new RateLimiterMemory(shape) })
      : new RateLimiterMemory(shape);
  }
  // Failures in a row, forgotten a day after the last one.
  const failures = limiter("failures", Number.MAX_SAFE_INTEGER, policy.forgetAfterSeconds);
  // The lock itself: block() sets it for the backoff's duration.
  const locks = limiter("locked", 1, policy.maxLockSeconds);
  const key = (email: string) => email.trim().toLowerCase();

  return {
    /** Throws AccountLocked while the account is locked (even the right password is refused then). */
    async check(email: string): Promise<void> {
      const res = await locks.get(key(email));
      if (res && res.consumedPoints > 1 && res.msBeforeNext > 0) throw new AccountLocked(res.msBeforeNext);
    },
    /** A wrong password: past the free failures, locks the account for a doubling time. */
    async failed(email: string): Promise<void> {
      const res: RateLimiterRes = await failures.penalty(key(email));
      const over = res.consumedPoints - policy.freeFailures;
      if (over <= 0) return;
      const seconds = Math.min(policy.firstLockSeconds * 2 ** (over - 1), policy.maxLockSeconds);
      await locks.block(key(email), seconds);
    },
    /** A right password: the count starts again. */
    async succeeded(email: string): Promise<void> {
      await failures.delete(key(email));
    },
    /** An admin's unlock (and tests). */
    async reset(email: string): Promise<void> {
      await Promise.all([failures.delete(key(email)), locks.delete(key(email))]);
    },
  };
}
