// The insights page's "By experience level" table (issue 17): per level of the agent who claimed
// the ticket, time to first reply, what became of Keel's suggestions and the drafts flagged.
import type { LevelInsight } from "../../protocol/insights.ts";
import { h } from "./dom.ts";

const LABEL: Record<LevelInsight["experience"], string> = { new: "New agents", experienced: "Experienced agents" };

function minutes(seconds: number | null): string {
  if (seconds === null) return "–";
  const m = Math.floor(seconds / 60);
  return m ? `${m} min ${seconds % 60} s` : `${seconds} s`;
}

export function levelsSection(levels: readonly LevelInsight[] | undefined): HTMLElement[] {
  if (!levels?.length) return [];
  const head = [
    "Level",
    "Tickets",
    "Median first reply",
    "Suggestions sent as is",
    "Edited",
    "Discarded",
    "Drafts checked",
    "Flagged by the checker",
  ];
  const rows = levels.map((l) => [
    LABEL[l.experience],
    l.tickets,
    minutes(l.median_first_reply_seconds),
    l.suggestions.sent_as_is,
    l.suggestions.edited,
    l.suggestions.discarded,
    l.drafts_checked,
    l.drafts_flagged,
  ]);
  return [
    h("h2", {}, "By experience level"),
    h(
      "div",
      { class: "table-scroll", tabindex: "0", role: "region", "aria-label": "By experience level" },
      h(
        "table",
        { class: "insights-table levels", "data-testid": "levels" },
        h("caption", {}, "Agents' use of Keel's help, by the experience level of the agent who claimed the ticket"),
        h("thead", {}, h("tr", {}, ...head.map((c, i) => h("th", { scope: "col", class: i ? "num" : "" }, c)))),
        h(
          "tbody",
          {},
          ...rows.map((r) => h("tr", {}, ...r.map((c, i) => (i ? h("td", { class: "num" }, String(c)) : h("th", { scope: "row" }, String(c)))))),
        ),
      ),
    ),
  ];
}
