// What Keel may use about the customer of a conversation: the context the host signed for it, or
// else the stored profile of a verified customer. Anonymous and unverified customers have none.
import type pg from "pg";
import { maskDeep } from "../../agent/guard/mask.ts";
import { customerFactsSchema, type CustomerFacts } from "../../protocol/customer-context.ts";
import type { ConversationRow } from "./store.ts";

export async function saveSignedContext(pool: pg.Pool, conversationId: string, facts: CustomerFacts): Promise<void> {
  await pool.query("UPDATE conversations SET signed_context = $2 WHERE id = $1", [conversationId, JSON.stringify(maskDeep(facts))]);
}

type ProfileRow = { tier: string | null; open_issues: unknown; consent: unknown };

/** A profile's free-text issue: "Order #A-2291: parcel not received" names its id; others are numbered. */
function issueOfText(text: string, i: number): { id: string; summary: string; status: "open" } {
  const named = text.match(/#([\w-]{1,64})\s*[:\u2013-]\s*(.+)$/u);
  return named
    ? { id: named[1]!, summary: named[2]!.slice(0, 200), status: "open" }
    : { id: String(i + 1), summary: text.slice(0, 200), status: "open" };
}

/** A stored profile in the signed context's shape. */
function factsOfProfile(p: ProfileRow): CustomerFacts | null {
  const issues = Array.isArray(p.open_issues) ? p.open_issues.filter((s): s is string => typeof s === "string") : [];
  const consent = p.consent && typeof p.consent === "object" ? (p.consent as Record<string, unknown>) : {};
  const parsed = customerFactsSchema.safeParse({
    issues: issues.slice(0, 10).map((text, i) => issueOfText(text, i)),
    consent: typeof consent.marketing === "boolean" ? { marketing: consent.marketing } : {},
    tier: p.tier ? p.tier.slice(0, 40) : null,
  });
  return parsed.success ? parsed.data : null;
}

export async function customerFactsOf(pool: pg.Pool, conv: ConversationRow & { signed_context?: unknown }): Promise<CustomerFacts | null> {
  if (!conv.verified || !conv.site || !conv.customer_id) return null;
  if (conv.signed_context) {
    const signed = customerFactsSchema.safeParse(conv.signed_context);
    if (signed.success) return signed.data;
  }
  const { rows } = await pool.query<ProfileRow>("SELECT tier, open_issues, consent FROM customer_profiles WHERE site = $1 AND customer_id = $2", [
    conv.site,
    conv.customer_id,
  ]);
  return rows[0] ? factsOfProfile(rows[0]) : null;
}
