// personalise: after the reply is written, what the customer context may change — order and tone,
// never facts. An open service issue is acknowledged first (once per conversation) with the offer
// of the person handling it; a tier adds only the clause a retrieved policy ties to that tier,
// quoted and cited. Records which customer fields the reply used.
import { acknowledgement } from "../context/acknowledge.ts";
import { openIssuesOf } from "../context/suppression.ts";
import { tierClause } from "../context/tier-clause.ts";
import type { CustomerField } from "../../protocol/customer-context.ts";
import type { State, Update } from "../state.ts";

export function personalise(state: State): Update {
  let reply = state.reply;
  const used = new Set<CustomerField>(state.customerFields);
  const issues = openIssuesOf(state.customer);
  let acknowledged = false;
  if (reply && state.customer?.tier && reply.outcome === "answer") {
    const clause = tierClause(state.customer.tier, state.query, state.hits, new Set(reply.citations.map((c) => c.quote)));
    if (clause) {
      reply = { ...reply, text: `${reply.text}\n${clause.quote}`, citations: [...reply.citations, clause] };
      used.add("tier");
    }
  }
  if (reply && issues.length && !state.issueAcknowledged && reply.outcome !== "handoff") {
    reply = { ...reply, text: `${acknowledgement(issues)}\n${reply.text}` };
    acknowledged = true;
    used.add("open_issues");
  }
  return {
    reply,
    customerFields: [...used],
    issueAcknowledged: state.issueAcknowledged || acknowledged,
    issueOfferOpen: acknowledged,
  };
}
