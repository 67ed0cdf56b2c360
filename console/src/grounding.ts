// The grounding score as the console shows it: one number with its parts in the tooltip, coloured
// so a new agent sees which of Keel's answers to double-check.
import type { GroundingScore, Ticket } from "../../protocol/messages.ts";
import { h } from "./dom.ts";
import { groundingGlance } from "./signals.ts";

export function groundingBadge(g: GroundingScore | null | undefined): HTMLElement | null {
  if (!g) return null;
  const glance = groundingGlance(g);
  return h(
    "span",
    {
      class: `score ${glance.level}`,
      title: glance.detail,
      "aria-label": `grounding ${Math.round(glance.value * 100)}%: ${glance.detail}`,
      "data-testid": "grounding",
    },
    `grounding ${Math.round(glance.value * 100)}%`,
  );
}

/** "At handoff: grounding N%" for a ticket, from the grounding stored with it (older tickets may
 *  lack a coverage figure: it counts as full), or nothing when the handoff turn had no answer. */
export function handoffGrounding(ticket: Ticket, tag: "p" | "div"): HTMLElement | null {
  const g = ticket.context.grounding;
  if (!g) return null;
  const score: GroundingScore = {
    supportedShare: g.supportedShare,
    coverage: g.coverage ?? 1,
    retrievalMargin: g.retrievalMargin,
    ...(g.answerability !== undefined && { answerability: g.answerability }),
  };
  return h(tag, { class: "meta" }, "At handoff: ", groundingBadge(score));
}
