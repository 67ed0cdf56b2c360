import { describe, expect, it } from "vitest";
import type { Citation } from "../../protocol/answers.ts";
import type { StaffMessage } from "../../protocol/messages.ts";
import { digestConversation, kindOf, turnsOf } from "./conversation-summary.ts";

const window: Citation = {
  policy: "returns",
  title: "Returns",
  version: 1,
  section: "Return window",
  quote: "You can return unworn items within 30 days of delivery for a full refund.",
};
const hours: Citation = {
  policy: "contact",
  title: "Store hours and contact",
  version: 1,
  section: "Chat",
  quote: "Chat is staffed 8 a.m.–10 p.m. ET.",
};
const delivery: Citation = {
  policy: "shipping",
  title: "Shipping",
  version: 1,
  section: "Delivery times",
  quote: "Standard delivery takes 5 business days.",
};

let ids = 0;
type Premise = { claim: string; verdict: "supported" | "contradicted" | "unsupported" };
function customer(text: string): StaffMessage {
  return {
    id: String(++ids),
    conversationId: "c",
    author: "customer",
    authorName: null,
    text,
    createdAt: "2026-01-01T00:00:00Z",
    clientId: null,
    outcome: null,
    citations: [],
    masked: [],
    signals: null,
    grounding: null,
  };
}
function keel(
  outcome: StaffMessage["outcome"],
  citations: Citation[],
  over: { kinds?: ("pushback" | "false_premise" | "pressure")[]; premises?: Premise[]; reason?: "requested" } = {},
): StaffMessage {
  return {
    id: String(++ids),
    conversationId: "c",
    author: "keel",
    authorName: "Keel",
    text: "…",
    createdAt: "2026-01-01T00:00:00Z",
    clientId: null,
    outcome,
    citations,
    masked: [],
    grounding: null,
    signals: {
      sycophancy: { detected: Boolean(over.kinds?.length), kinds: over.kinds ?? [], premises: over.premises ?? [] },
      escalation: over.reason ? { reason: over.reason } : null,
      injection: false,
    },
  };
}
const system = (text: string): StaffMessage => ({ ...customer(text), author: "system" });

/** A returns dispute that ends in "I want to talk to a human", whose handoff cites the contact page. */
const returnsDispute = () => [
  customer("Hi"),
  keel("answer", []),
  customer("How many days do I have to return unworn items?"),
  keel("answer", [window]),
  customer("That's wrong, you allow returns within 90 days"),
  keel("answer", [window], {
    kinds: ["pushback", "false_premise"],
    premises: [{ claim: "you allow returns within 90 days", verdict: "contradicted" }],
  }),
  customer("I want to talk to a human"),
  keel("handoff", [hours], { reason: "requested" }),
  system("You asked for a person."),
];

describe("the whole conversation, not its last line", () => {
  it("files a returns dispute that ends in a request for a person under returns", () => {
    expect(digestConversation(returnsDispute(), "requested").topic).toBe("Returns");
  });

  it("summarises what the customer wants, what Keel said with its citation, and what is disputed", () => {
    const d = digestConversation(returnsDispute(), "requested");
    expect(d.wants).toEqual(["How many days do I have to return unworn items?"]);
    expect(d.said).toEqual([window]);
    expect(d.disputed).toEqual([{ claim: "you allow returns within 90 days", policy: window }]);
    const lines = d.summary.split("\n");
    expect(lines[0]).toBe(`Wants: "How many days do I have to return unworn items?"`);
    expect(lines[1]).toBe(`Keel said: Returns v1 §Return window: "${window.quote}"`);
    expect(lines[2]).toBe(`Disputed: the customer says "you allow returns within 90 days" — Returns v1 §Return window says "${window.quote}"`);
    expect(lines.at(-1)).toBe("Handed off: the customer asked for a person.");
    expect(d.summary).not.toContain("talk to a human");
    expect(d.summary).not.toContain("Store hours");
  });

  it("takes the disputed question as the open question, not the request for a person", () => {
    expect(digestConversation(returnsDispute()).openQuestion).toBe("How many days do I have to return unworn items?");
    expect(digestConversation(returnsDispute()).lastKind).toBe("human");
  });

  it("reopens the disputed question when the pushback makes no claim, and records the pushback as disputed", () => {
    const messages = [
      customer("How many days do I have to return unworn items?"),
      keel("answer", [window]),
      customer("No way. Check again."),
      keel("answer", [window], { kinds: ["pushback"] }),
      customer("thanks"),
      keel("answer", []),
    ];
    const d = digestConversation(messages);
    expect(d.openQuestion).toBe("How many days do I have to return unworn items?");
    expect(d.disputed).toEqual([{ claim: "No way. Check again.", policy: window }]);
  });

  it("reads messages a person received without Keel's reply by their words", () => {
    const messages = [
      customer("How long does standard delivery take?"),
      keel("answer", [delivery]),
      customer("I want to talk to a human"),
      keel("handoff", [hours], { reason: "requested" }),
      customer("Can I return unworn items after 20 days?"),
      customer("Thanks Alex!"),
    ];
    const turns = turnsOf(messages);
    expect(turns.map((t) => kindOf(t, true))).toEqual(["question", "human", "question", "social"]);
    const d = digestConversation(messages);
    expect(d.openQuestion).toBe("Can I return unworn items after 20 days?");
    expect(d.wants).toEqual(["How long does standard delivery take?", "Can I return unworn items after 20 days?"]);
    expect(d.summary).toContain(`Open: "Can I return unworn items after 20 days?"`);
  });

  it("lists what Keel found no policy for, and says when nothing was asked", () => {
    const refused = digestConversation([customer("Do you offer layaway plans for sofas?"), keel("refusal", [])]);
    expect(refused.summary).toContain(`No policy found for: "Do you offer layaway plans for sofas?"`);
    expect(refused.topic).toBe("general");
    const empty = digestConversation([customer("I want to talk to a human"), keel("handoff", [hours], { reason: "requested" })], "requested");
    expect(empty.topic).toBe("general");
    expect(empty.openQuestion).toBeNull();
    expect(empty.summary.split("\n")[0]).toBe("Wants: no question asked yet.");
  });

  it("weighs a policy the customer disputes above one merely answered from", () => {
    const messages = [
      customer("How long does standard delivery take?"),
      keel("answer", [delivery]),
      customer("Since you allow returns within 90 days, can I return my shoes after 60 days?"),
      keel("answer", [window], { kinds: ["false_premise"], premises: [{ claim: "you allow returns within 90 days", verdict: "contradicted" }] }),
    ];
    expect(digestConversation(messages).topic).toBe("Returns");
  });

  it("quotes a disputed passage once for every claim made against it", () => {
    const messages = [
      customer("How many days do I have to return unworn items?"),
      keel("answer", [window]),
      customer("You allow 90 days and returns are free"),
      keel("answer", [window], {
        kinds: ["pushback"],
        premises: [
          { claim: "You allow 90 days", verdict: "contradicted" },
          { claim: "returns are free", verdict: "contradicted" },
        ],
      }),
      customer("Also you price match Amazon"),
      keel("answer", [], { kinds: ["pushback"], premises: [{ claim: "you price match Amazon", verdict: "unsupported" }] }),
    ];
    const line = digestConversation(messages)
      .summary.split("\n")
      .find((l) => l.startsWith("Disputed: "));
    expect(line).toBe(
      `Disputed: the customer says "You allow 90 days" and "returns are free" — Returns v1 §Return window says "${window.quote}"; the customer says "you price match Amazon" — not in the policies`,
    );
  });

  it("shortens a long question at a word boundary", () => {
    const long = `Can I return ${"these very nice unworn leather boots ".repeat(12)}after 20 days?`;
    const d = digestConversation([customer(long), keel("answer", [window])]);
    expect(d.wants[0]!.length).toBeLessThanOrEqual(221);
    expect(d.wants[0]).toMatch(/\w…$/);
  });
});
