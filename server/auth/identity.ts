// Signed customer identity, as established chat widgets do it: the host site's server computes
// HMAC-SHA256(site secret, user id) and the page passes it along; Keel recomputes it and only
// then trusts the user id (and may load that customer's profile).
import { createHmac, timingSafeEqual } from "node:crypto";
import type pg from "pg";
import { z } from "zod";
import { incomingText } from "../../protocol/normalise.ts";

export const identitySchema = z
  .object({
    site: incomingText().min(1).max(100),
    userId: incomingText().min(1).max(200),
    signature: z.string().regex(/^[0-9a-f]{64}$/i, "signature must be a hex HMAC-SHA256"),
    name: incomingText().max(200).optional(),
    email: incomingText().email().max(254).optional(),
  })
  .strict();
export type Identity = z.infer<typeof identitySchema>;

export function signUserId(secret: string, userId: string): string {
  return createHmac("sha256", secret).update(userId).digest("hex");
}

export async function verifyIdentity(pool: pg.Pool, identity: Identity): Promise<boolean> {
  const { rows } = await pool.query<{ secret: string }>("SELECT secret FROM sites WHERE id = $1", [identity.site]);
  if (!rows[0]) return false;
  const expected = Buffer.from(signUserId(rows[0].secret, identity.userId), "hex");
  const given = Buffer.from(identity.signature, "hex");
  return expected.length === given.length && timingSafeEqual(expected, given);
}
