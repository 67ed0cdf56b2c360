// The policy owner's reports: what customers asked that no policy answers (knowledge gaps), reviews
// overdue and stale vectors (freshness), and the replay of recent questions against a draft
// (what would change if it took effect). Every value is set as text.
import type { Citation } from "../../protocol/answers.ts";
import type { Freshness, GapGroup } from "../../protocol/policy-reports.ts";
import { api } from "./api.ts";
import { h } from "./dom.ts";

export async function renderGaps(pane: HTMLElement): Promise<void> {
  const r = await api<{ groups: GapGroup[] }>("GET", "/api/v1/policies/reports/gaps");
  pane.replaceChildren(
    h("h2", {}, "Knowledge gaps"),
    h("p", { class: "meta" }, "What customers asked that the policies could not answer, grouped by topic, most recent first."),
    ...(r.groups.length
      ? r.groups.map((g) =>
          h(
            "div",
            { class: "change", "data-gap": g.key },
            h("div", { class: "row tight" }, h("strong", {}, `${g.count}×`), h("span", {}, g.label)),
            h(
              "p",
              { class: "meta" },
              `first ${g.firstAt.slice(0, 10)} · last ${g.lastAt.slice(0, 10)}${g.terms.length ? ` · about: ${g.terms.join(", ")}` : ""}`,
            ),
            g.examples.length > 1
              ? h(
                  "details",
                  {},
                  h("summary", {}, `${g.examples.length} example questions`),
                  h(
                    "ul",
                    {},
                    ...g.examples.map((e) => h("li", {}, e.question, h("span", { class: "meta" }, ` (${e.outcome}, ${e.at.slice(0, 10)})`))),
                  ),
                )
              : null,
          ),
        )
      : [h("p", {}, "No open gaps: every recent question found a policy.")]),
  );
}

export async function renderFreshness(pane: HTMLElement): Promise<void> {
  const r = await api<Freshness>("GET", "/api/v1/policies/reports/freshness");
  pane.replaceChildren(
    h("h2", {}, "Reviews overdue"),
    ...(r.overdueReviews.length
      ? r.overdueReviews.map((o) =>
          h("p", { class: "overdue" }, `${o.title} v${o.version}: review was due ${o.reviewBy} (${o.daysOverdue} days ago)`),
        )
      : [h("p", {}, "None.")]),
    h("h2", {}, "Stale vectors"),
    h("p", { class: "meta" }, `Current embedder: ${r.currentEmbedder}`),
    ...(r.staleVectors.length
      ? r.staleVectors.map((s) =>
          h("p", {}, `${s.policy} v${s.version}: ${s.chunks} chunk(s) embedded with ${s.embeddingModel ?? "an unknown model"} — run keel kb reindex`),
        )
      : [h("p", {}, "None.")]),
  );
}

/** The replay of recent questions against a version (issue 9), as the policies API returns it. */
export type ReplayAnswer = { outcome: string; text: string; citations: Citation[] };
export type Replay = {
  policy: string;
  version: number;
  effectiveFrom: string;
  changed: number;
  items: { question: string; source: string; before: ReplayAnswer; after: ReplayAnswer; change: string }[];
};

const CHANGE_WORDS: Record<string, string> = {
  changed: "answer changes",
  now_refused: "now refused",
  now_handed_off: "now handed to a person",
  now_answered: "now answered",
};

function answerNode(label: string, a: ReplayAnswer): HTMLElement {
  return h(
    "div",
    {},
    h(
      "p",
      { class: "meta" },
      `${label} · ${a.outcome}${a.citations.length ? ` · cites ${a.citations.map((c) => `${c.title} v${c.version} §${c.section}`).join("; ")}` : ""}`,
    ),
    h("blockquote", {}, a.text),
  );
}

export function replayNode(r: Replay): HTMLElement {
  const changed = r.items.filter((i) => i.change !== "same");
  const same = r.items.filter((i) => i.change === "same");
  return h(
    "section",
    { class: "replay", "data-testid": "replay", "aria-label": "Replay" },
    h("h3", {}, `Replay of v${r.version}: ${r.changed} of ${r.items.length} answer${r.items.length === 1 ? "" : "s"} would change`),
    ...changed.map((i) =>
      h(
        "div",
        { class: "change", "data-change": i.change },
        h(
          "div",
          { class: "row tight" },
          h("strong", {}, CHANGE_WORDS[i.change] ?? i.change),
          h("span", {}, i.question),
          h(
            "span",
            { class: "meta" },
            `(${i.source === "recent" ? "recent question" : i.source === "authored" ? "the policy's own question" : "added question"})`,
          ),
        ),
        h("div", { class: "cols" }, answerNode("today", i.before), answerNode(`with v${r.version}`, i.after)),
      ),
    ),
    same.length ? h("details", {}, h("summary", {}, `${same.length} unchanged`), h("ul", {}, ...same.map((i) => h("li", {}, i.question)))) : null,
  );
}
