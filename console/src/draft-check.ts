// "Check my draft", shown: the draft sentence by sentence (backed ones green, flagged ones marked),
// and beside each flagged sentence the policy sentence that governs it and a correction the agent
// can put into the draft with one click. Everything here is set as text, never as markup.
import { h, on } from "./dom.ts";
import { markClaims } from "./signals.ts";

/** One checked sentence, as the server's "check" ack carries it (server/handoff/draft-corrections.ts). */
export type CheckedSentence = {
  text: string;
  supported: boolean;
  verdict?: "supported" | "contradicted" | "unsupported";
  evidence: string | null;
  source?: { title: string; section: string; version: number } | null;
  correction?: string | null;
};

const sourceLabel = (s: CheckedSentence["source"]) => (s ? `${s.title} v${s.version} — ${s.section}` : "Policy passage");

/** `replace(sentence, correction)` swaps the flagged sentence in the draft for the correction. */
export function draftCheckView(text: string, claims: CheckedSentence[], replace: (sentence: string, correction: string) => void): HTMLElement[] {
  const flagged = claims.filter((c) => !c.supported);
  const marked = h(
    "div",
    { class: "draft-check", "aria-label": "Your draft, sentence by sentence" },
    ...markClaims(text, claims).map((run) =>
      run.supported === null
        ? run.text
        : h(
            "mark",
            {
              class: `claim ${run.supported ? "supported" : "unsupported"}`,
              "data-supported": String(run.supported),
              title: run.supported ? "Backed by a policy" : "Not backed by the policies",
            },
            run.text,
          ),
    ),
  );
  const verdict =
    claims.length === 0
      ? "No factual claims found to check."
      : flagged.length === 0
        ? "Every claim in your draft is backed by a policy."
        : `${flagged.length} sentence${flagged.length === 1 ? " is" : "s are"} not backed by any policy (highlighted): fine for a greeting or empathy, not for a fact or a promise.`;
  // A sentence a policy governs gets that policy's words and a correction; one no policy speaks to
  // (empathy, or an invented promise) only a reminder not to state it as a fact.
  const corrections = flagged.map((c) =>
    c.evidence
      ? h(
          "div",
          { class: "correction", "data-testid": "correction" },
          h("p", { class: "flagged" }, h("span", { class: "label" }, "Disagrees with the policy: "), c.text),
          h(
            "figure",
            { class: "governing" },
            h("figcaption", {}, `What the policy says (${sourceLabel(c.source)})`),
            h("blockquote", {}, c.evidence),
          ),
          c.correction
            ? h(
                "div",
                { class: "suggested" },
                h("span", { class: "label" }, "Suggested correction: "),
                h("span", { "data-testid": "suggested-correction" }, c.correction),
                on(h("button", { type: "button", class: "small" }, "Use this correction"), "click", () => replace(c.text, c.correction!)),
              )
            : null,
        )
      : h(
          "p",
          { class: "unbacked meta", "data-testid": "unbacked" },
          `No policy says "${c.text}": fine as empathy; as a fact or a promise, check with a colleague first.`,
        ),
  );
  const backing = claims
    .filter((c) => c.supported && c.evidence)
    .map((c) => h("details", { class: "citation" }, h("summary", {}, sourceLabel(c.source)), h("blockquote", {}, c.evidence!)));
  // The corrections first: in a short reply box they are what the agent needs to see.
  return [h("p", { class: flagged.length ? "warn" : "ok" }, verdict), ...corrections, marked, ...backing];
}
