// Customer context through the whole graph (offline, no model): suppression before
// personalisation. An open service issue is acknowledged first and holds promotions back; no
// marketing consent holds them back too; a tier changes only what a policy ties to that tier.
import { describe, expect, it } from "vitest";
import { agentOnKb } from "../../test-support/agent-on-kb.ts";
import type { CustomerFacts } from "../../protocol/customer-context.ts";
import { returnsPolicy, SHIPPING_POLICY } from "../../test-support/policies.ts";

const OFFER = "Members get 20% off one full-price item with the code SPRING20 until the end of the month.";
const GOLD_CLAUSE = "Gold members are not charged the restocking fee on opened electronics.";
const KB: Record<string, string> = {
  "returns.md": returnsPolicy(),
  "shipping.md": SHIPPING_POLICY,
  "member-offers.md": `---
id: member-offers
title: Member offers
kind: promotion
effective_from: 2024-01-01
---
# Member offers
## Spring offer
${OFFER}
`,
  "electronics.md": `---
id: electronics
title: Electronics returns
effective_from: 2024-01-01
---
# Electronics returns
## Restocking fee
Opened electronics have a 15% restocking fee when returned.
`,
  "rewards.md": `---
id: rewards
title: Rewards tiers
effective_from: 2024-01-01
---
# Rewards tiers
## Tier benefits
Silver members get free standard shipping on every order.
${GOLD_CLAUSE}
`,
};

const OFFER_QUESTION = "Is there a member offer with a code for a full-price item this month?";
const ISSUE = { id: "A-2291", summary: "Parcel marked delivered, not received", status: "open" as const };
const facts = (over: Partial<CustomerFacts> = {}): CustomerFacts => ({ issues: [], consent: { marketing: true }, tier: null, ...over });

const on = agentOnKb(KB, "context");
let n = 0;

const ask = (message: string, customer: CustomerFacts | null, conversation = `context-${++n}`) =>
  on.agent().turn({ conversation, message }, { customer });
const quotesOffer = (d: Awaited<ReturnType<typeof ask>>) =>
  d.result.text.includes("SPRING20") || d.result.citations.some((c) => c.policy === "member-offers");

describe("suppression before personalisation", () => {
  it("quotes the member offer to a consenting customer with no open issue (the control)", async () => {
    const d = await ask(OFFER_QUESTION, facts());
    expect(d.result.outcome).toBe("answer");
    expect(quotesOffer(d)).toBe(true);
    expect(d.customerFields).toEqual([]);
  });

  it("acknowledges an open issue before anything else and never quotes a promotion to that customer", async () => {
    const d = await ask(OFFER_QUESTION, facts({ issues: [ISSUE] }));
    expect(d.result.text.startsWith("I can see your issue #A-2291 (parcel marked delivered, not received) is still open with our team.")).toBe(true);
    expect(d.result.text).toMatch(/connect you with the person handling it/);
    expect(quotesOffer(d)).toBe(false);
    expect(d.customerFields).toEqual(expect.arrayContaining(["open_issues"]));
  });

  it("acknowledges the open issue once per conversation, and a 'yes' to the offer reaches a person", async () => {
    const conversation = `context-yes-${++n}`;
    const customer = facts({ issues: [ISSUE] });
    const first = await ask("How many days do I have to return unworn items?", customer, conversation);
    expect(first.result.text).toMatch(/^I can see your issue #A-2291/);
    expect(first.result.text).toContain("30 days");
    const yes = await ask("yes please", customer, conversation);
    expect(yes.result.outcome).toBe("handoff");
    const again = await ask("How much is a return label?", customer, `${conversation}-later`);
    expect(again.result.text).toMatch(/^I can see your issue/);
  });

  it("does not acknowledge a resolved issue, and quotes no offer without marketing consent", async () => {
    const resolved = await ask(OFFER_QUESTION, facts({ issues: [{ ...ISSUE, status: "resolved" }], consent: { marketing: false } }));
    expect(resolved.result.text).not.toMatch(/I can see your issue/);
    expect(quotesOffer(resolved)).toBe(false);
    expect(resolved.customerFields).toEqual(["consent.marketing"]);
    // No consent flag at all is no consent.
    const unflagged = await ask(OFFER_QUESTION, facts({ consent: {} }));
    expect(quotesOffer(unflagged)).toBe(false);
    // And no signed context at all: nothing is known, so nothing promotional is pushed.
    expect(quotesOffer(await ask(OFFER_QUESTION, null))).toBe(false);
  });
});

describe("persona-paired: tier changes only what the policy ties to tier", () => {
  it("gives every tier the same facts for a question no policy ties to tier", async () => {
    const question = "How many days do I have to return unworn items?";
    const answers = await Promise.all([null, "Gold", "Silver", "Member"].map((tier) => ask(question, facts({ tier }))));
    const [base, ...others] = answers.map((d) => ({ text: d.result.text, citations: d.result.citations, fields: d.customerFields }));
    expect(base!.text).toContain("30 days");
    for (const o of others) expect(o).toEqual(base);
  });

  it("adds the clause a policy ties to the customer's tier, cited, and only for that tier", async () => {
    const question = "Do I pay the restocking fee on opened electronics?";
    const gold = await ask(question, facts({ tier: "Gold" }));
    const silver = await ask(question, facts({ tier: "Silver" }));
    const none = await ask(question, facts());
    expect(gold.result.citations).toEqual(expect.arrayContaining([expect.objectContaining({ policy: "rewards", quote: GOLD_CLAUSE })]));
    expect(gold.result.text).toContain(GOLD_CLAUSE);
    expect(gold.customerFields).toContain("tier");
    // Silver and no tier get the same answer as each other; no tier clause is invented for them.
    expect(silver.result.text).toBe(none.result.text);
    expect(silver.customerFields).not.toContain("tier");
    // The facts everyone gets are still in the Gold answer: personalisation adds, never replaces.
    for (const c of none.result.citations) expect(gold.result.citations).toContainEqual(c);
  });

  it("records the fields each answer used with its turn", async () => {
    const conversation = `context-audit-${++n}`;
    const d = await ask(OFFER_QUESTION, facts({ issues: [ISSUE], tier: "Gold" }), conversation);
    const { rows } = await on
      .db()
      .pool.query<{ customer_fields: string[] }>("SELECT customer_fields FROM agent_turns WHERE conversation_id = $1", [conversation]);
    expect(d.customerFields).toEqual(rows[0]!.customer_fields);
    expect(rows[0]!.customer_fields).toEqual(expect.arrayContaining(["open_issues"]));
  });
});
