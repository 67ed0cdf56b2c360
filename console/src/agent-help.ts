// Help sized to the agent (issue 17): a new agent sees Keel's grounded suggestion, the policy
// quotes and a short checklist for the ticket's topic open, and checks a draft before it is sent;
// an experienced agent sees the same help folded and sends directly.
import type { Ticket } from "../../protocol/messages.ts";
import { h } from "./dom.ts";

export type Experience = "new" | "experienced";

/** An account without a level is treated as new: the help is there unless someone said otherwise. */
export function isNewAgent(staff: { experience?: Experience | undefined } | undefined): boolean {
  return staff?.experience !== "experienced";
}

const BY_REASON: Partial<Record<Ticket["reason"], string>> = {
  requested: "Say who you are and that you have picked this up.",
  sensitive: "Acknowledge what the customer is going through before any policy.",
  pressure: "Stay with what the policy says: pressure does not change it.",
  policy_requires: "This policy needs a person: follow its steps and promise nothing beyond it.",
  repeated_refusal: "Keel could not answer twice: find what the customer is really asking.",
  model_error: "Keel's model failed: answer from the policies yourself.",
};

/** A short checklist for the ticket: its reason and topic decide two of the steps. */
export function checklistFor(ticket: Ticket): string[] {
  const topic = ticket.topic && ticket.topic !== "general" ? `the ${ticket.topic} policy` : "the policy that applies";
  return [
    "Read the customer's last message and what Keel already said.",
    BY_REASON[ticket.reason] ?? "Answer the open question first.",
    `Quote ${topic} (Policies involved) rather than paraphrasing it.`,
    "Check your draft before sending any number, date or promise.",
    "Resolve with the disposition that fits.",
  ];
}

export function checklistNode(ticket: Ticket, open: boolean): HTMLElement {
  return h(
    "details",
    { class: "checklist", open, "data-testid": "checklist" },
    h("summary", {}, `Checklist for this ticket (${ticket.topic})`),
    h("ol", {}, ...checklistFor(ticket).map((step) => h("li", {}, step))),
  );
}
