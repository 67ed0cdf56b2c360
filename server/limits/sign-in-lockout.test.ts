// The per-account lockout's backoff: free failures first, then a lock that doubles with each
// further failure up to a ceiling, and a right password clears the count.
import { describe, expect, it } from "vitest";
import { AccountLocked, createSignInLockout } from "./sign-in-lockout.ts";

const POLICY = { freeFailures: 3, firstLockSeconds: 10, maxLockSeconds: 40, forgetAfterSeconds: 3600 } as const;

async function lockedFor(lockout: ReturnType<typeof createSignInLockout>, email: string): Promise<number | null> {
  try {
    await lockout.check(email);
    return null;
  } catch (err) {
    if (err instanceof AccountLocked) return err.retryAfterMs;
    throw err;
  }
}

describe("sign-in lockout", () => {
  it("locks after the free failures and doubles the lock with each further failure, up to the ceiling", async () => {
    const lockout = createSignInLockout({ prefix: "t1" }, POLICY);
    const email = "Someone@Example.test";
    for (let i = 0; i < POLICY.freeFailures; i++) await lockout.failed(email);
    expect(await lockedFor(lockout, email)).toBeNull();
    const seen = [];
    for (let i = 0; i < 4; i++) {
      await lockout.failed(email);
      seen.push(Math.round((await lockedFor(lockout, "someone@example.test"))! / 1000));
    }
    expect(seen).toEqual([10, 20, 40, 40]);
  });

  it("forgets the failures after a right password, and an unknown email locks the same way", async () => {
    const lockout = createSignInLockout({ prefix: "t2" }, POLICY);
    for (let i = 0; i < POLICY.freeFailures; i++) await lockout.failed("a@example.test");
    await lockout.succeeded("a@example.test");
    await lockout.failed("a@example.test");
    expect(await lockedFor(lockout, "a@example.test")).toBeNull();
    for (let i = 0; i <= POLICY.freeFailures; i++) await lockout.failed("nobody@example.test");
    expect(await lockedFor(lockout, "nobody@example.test")).toBeGreaterThan(0);
  });
});
