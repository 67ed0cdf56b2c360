// An open service issue is acknowledged before anything else, with the offer of the person
// handling it: the customer should never have to tell Keel what the company already knows.
import type { ServiceIssue } from "../../protocol/customer-context.ts";

const MAX_NAMED = 2;

function named(issue: ServiceIssue): string {
  const summary = issue.summary.replace(/[.\s]+$/, "");
  return `#${issue.id.replace(/^#/, "")} (${summary.charAt(0).toLowerCase()}${summary.slice(1)})`;
}

export function acknowledgement(issues: ServiceIssue[]): string {
  if (!issues.length) return "";
  const shown = issues.slice(0, MAX_NAMED).map(named);
  const more = issues.length > MAX_NAMED ? ` and ${issues.length - MAX_NAMED} more` : "";
  const which = issues.length === 1 ? `your issue ${shown[0]} is` : `your issues ${shown.join(" and ")}${more} are`;
  return `I can see ${which} still open with our team. If you'd like, I can connect you with the person handling it.`;
}
