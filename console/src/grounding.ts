// The grounding score as the console shows it: one number with its parts in the tooltip, coloured
// so a new agent sees which of Keel's answers to double-check.
import type { GroundingScore } from "../../protocol/messages.ts";
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
