// Verifies the customer context a host site signed beside the identity. Anything that is not
// signed with the site's secret for this very user, or that does not parse, is dropped (with the
// reason logged by the caller): unsigned context is never trusted, and never refuses the chat.
import { createHmac, timingSafeEqual } from "node:crypto";
import type pg from "pg";
import { customerFactsSchema, type CustomerFacts, type SignedContext } from "../../protocol/customer-context.ts";

export function signCustomerContext(secret: string, userId: string, data: string): string {
  return createHmac("sha256", secret).update(`${userId}\n${data}`).digest("hex");
}

export type ContextCheck = { facts: CustomerFacts; reason: null } | { facts: null; reason: string };

/** The facts when `signed` is signed for (site, userId) and well formed; otherwise why not. */
export async function verifyCustomerContext(pool: pg.Pool, site: string, userId: string, signed: SignedContext): Promise<ContextCheck> {
  const { rows } = await pool.query<{ secret: string }>("SELECT secret FROM sites WHERE id = $1", [site]);
  if (!rows[0]) return { facts: null, reason: "unknown site" };
  const expected = Buffer.from(signCustomerContext(rows[0].secret, userId, signed.data), "hex");
  const given = Buffer.from(signed.signature, "hex");
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { facts: null, reason: "signature does not match" };
  let json: unknown;
  try {
    json = JSON.parse(signed.data);
  } catch (err) {
    return { facts: null, reason: `data is not JSON: ${(err as Error).message}` };
  }
  const parsed = customerFactsSchema.safeParse(json);
  if (!parsed.success)
    return {
      facts: null,
      reason: `data is not a customer context: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
    };
  return { facts: parsed.data, reason: null };
}
