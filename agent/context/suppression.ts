// Suppression before personalisation: what Keel must hold back, given what the host signed about
// the customer. A promotion (a policy marked `kind: promotion`) is never quoted to a customer with
// an open service issue, nor to one who has not consented to marketing (no flag is no consent).
import type { CustomerFacts, CustomerField, ServiceIssue } from "../../protocol/customer-context.ts";

export function openIssuesOf(facts: CustomerFacts | null): ServiceIssue[] {
  return (facts?.issues ?? []).filter((i) => i.status !== "resolved");
}

export type Suppression = {
  /** Promotions must not be quoted. */
  promotions: boolean;
  /** The customer fields that decided it. */
  because: CustomerField[];
};

export function suppressionFor(facts: CustomerFacts | null): Suppression {
  const because: CustomerField[] = [];
  if (openIssuesOf(facts).length) because.push("open_issues");
  if (facts?.consent.marketing !== true) because.push("consent.marketing");
  return { promotions: because.length > 0, because };
}

/** The items not drawn from a promotion, when promotions are suppressed. */
export function withoutPromotions<T extends { policy: string }>(items: T[], promotionPolicies: ReadonlySet<string>, suppression: Suppression): T[] {
  return suppression.promotions ? items.filter((h) => !promotionPolicies.has(h.policy)) : items;
}
