import { describe, expect, it } from "vitest";
import type { StaffMessage, Ticket } from "../../protocol/messages.ts";
import { awaitsAnswer, conversationSignals, groundingGlance, markClaims, policiesInvolved, slaState } from "./signals.ts";

const returns = {
  policy: "returns",
  title: "Returns",
  version: 2,
  section: "Return window",
  quote: "You can return unworn items within 30 days of delivery.",
};

function keelMessage(over: Partial<StaffMessage> = {}): StaffMessage {
  return {
    id: "2",
    conversationId: "c",
    author: "keel",
    authorName: "Keel",
    text: "To correct one point…",
    createdAt: "2026-01-01T00:00:00Z",
    clientId: null,
    outcome: "answer",
    citations: [returns],
    masked: [],
    grounding: null,
    signals: {
      sycophancy: {
        detected: true,
        kinds: ["false_premise", "pushback"],
        premises: [
          { claim: "you allow returns within 90 days", verdict: "contradicted" },
          { claim: "you price match Amazon", verdict: "unsupported" },
        ],
      },
      escalation: null,
      injection: false,
    },
    ...over,
  };
}

function ticket(over: Partial<Ticket> = {}): Ticket {
  return {
    id: "1",
    conversationId: "c",
    status: "open",
    reason: "requested",
    topic: "returns",
    priority: 10,
    priorityLabel: "normal",
    sentiment: null,
    createdAt: "2026-01-01T00:00:00Z",
    waitingSeconds: 0,
    slaDueAt: "2026-01-01T00:15:00Z",
    slaBreached: false,
    claimedBy: null,
    claimedAt: null,
    resolvedAt: null,
    disposition: null,
    followUpEmail: null,
    context: { summary: "", question: "", found: [returns], signals: ["asked for a human"], suggestedReply: null },
    ...over,
  };
}

describe("what the console shows at a glance", () => {
  it("names each premise Keel doubted, with the section that contradicts it, across every turn", () => {
    expect(conversationSignals(ticket(), [keelMessage()])).toEqual([
      "asked for a human",
      `customer asserted "you allow returns within 90 days" — contradicted by Returns §Return window`,
      `customer asserted "you price match Amazon" — not in the policies`,
      "customer pushed back on an earlier answer",
    ]);
  });

  it("lists each cited passage once, from the handoff and the answers alike", () => {
    expect(policiesInvolved(ticket(), [keelMessage(), keelMessage({ id: "4" })])).toEqual([returns]);
  });

  it("asks for a double-check when the answer covers little of the question or another policy ran close", () => {
    expect(groundingGlance({ supportedShare: 1, coverage: 1, retrievalMargin: 0.2 }).level).toBe("good");
    expect(groundingGlance({ supportedShare: 1, coverage: 0.5, retrievalMargin: 0 }).level).toBe("check");
    expect(groundingGlance({ supportedShare: 0, coverage: 1, retrievalMargin: 0.2 }).detail).toContain("double-check");
  });

  it("marks the checked sentences inside the draft and keeps the rest as typed", () => {
    const draft = "Hi, Alex here. You can return items within 90 days. Sorry!";
    expect(markClaims(draft, [{ text: "You can return items within 90 days.", supported: false }])).toEqual([
      { text: "Hi, Alex here. ", supported: null, index: -1 },
      { text: "You can return items within 90 days.", supported: false, index: 0 },
      { text: " Sorry!", supported: null, index: -1 },
    ]);
  });

  it("knows when the customer is waiting for an answer, whatever system lines came after", () => {
    const customer = keelMessage({ author: "customer", authorName: null, id: "3" });
    const system = keelMessage({ author: "system", authorName: null, id: "4" });
    const agent = keelMessage({ author: "agent", authorName: "Alex", id: "5" });
    expect(awaitsAnswer([keelMessage(), customer, system])).toBe(true);
    expect(awaitsAnswer([customer, agent])).toBe(false);
    expect(awaitsAnswer([customer, keelMessage({ id: "6" })])).toBe(false);
    expect(awaitsAnswer([])).toBe(false);
  });

  it("counts the SLA down while a ticket waits and says when it is breached", () => {
    const t = ticket();
    expect(slaState(t, Date.parse("2026-01-01T00:10:00Z"))).toEqual({ label: "SLA due in 5m 00s", level: "ok" });
    expect(slaState(t, Date.parse("2026-01-01T00:14:00Z")).level).toBe("soon");
    expect(slaState(t, Date.parse("2026-01-01T00:16:30Z"))).toEqual({ label: "SLA breached 1m 30s ago", level: "breached" });
    expect(slaState(ticket({ status: "claimed" })).label).toBe("claimed within SLA");
  });
});
