// "Did this answer your question?" (issue 17): asked once per conversation when a person resolves
// it or the customer closes the widget after an answer. Real buttons and radio inputs with labels,
// a live status line, focus moved to what comes next; yes/no is saved at once (a customer may leave
// right after), and a score or comment sent later replaces that first rating.
import type { Strings } from "./i18n.ts";
import { el } from "./render.ts";

export type RatingBody = { helpful: boolean; score?: number; comment?: string };

/** Longest comment the server keeps (server/ratings/ratings.ts). */
const MAX_COMMENT = 1000;

export function buildRatingPrompt(
  t: Strings,
  options: { send: (body: RatingBody) => Promise<boolean>; done: (how: "sent" | "dismissed") => void },
): { node: HTMLElement; focus: () => void } {
  const node = el("section", { class: "rating", role: "group", "aria-labelledby": "keel-rate-q" });
  const question = el("h3", { id: "keel-rate-q" }, t.rateQuestion);
  const top = el("div", { class: "rate-top" });
  const yes = el("button", { type: "button", class: "choice", "aria-pressed": "false" }, t.rateYes);
  const no = el("button", { type: "button", class: "choice", "aria-pressed": "false" }, t.rateNo);
  const choices = el("div", { class: "choices" });
  choices.append(yes, no);

  const details = el("form", { class: "details", hidden: "" });
  const scale = el("fieldset", { class: "scale" });
  scale.append(el("legend", {}, t.rateScore));
  for (let n = 1; n <= 5; n++) {
    const label = el("label", { class: "star" });
    const radio = el("input", { type: "radio", name: "keel-score", value: String(n), "aria-label": `${n} / 5` });
    label.append(radio, el("span", { "aria-hidden": "true" }, String(n)));
    scale.append(label);
  }
  const commentLabel = el("label", { for: "keel-rate-comment", class: "comment-label" }, t.rateComment);
  const comment = el("textarea", { id: "keel-rate-comment", rows: "2", maxlength: String(MAX_COMMENT) });
  const send = el("button", { type: "submit", class: "primary" }, t.rateSend);
  const row = el("div", { class: "comment-row" });
  row.append(comment, send);
  details.append(scale, commentLabel, row);

  const dismiss = el("button", { type: "button", class: "dismiss secondary" }, t.rateDismiss);
  const live = el("p", { class: "rate-status", role: "status", "aria-live": "polite" });
  top.append(question, dismiss);
  node.append(top, choices, live, details);

  let helpful: boolean | null = null;
  async function choose(value: boolean): Promise<void> {
    helpful = value;
    yes.setAttribute("aria-pressed", String(value));
    no.setAttribute("aria-pressed", String(!value));
    if (!(await options.send({ helpful: value }))) {
      live.textContent = t.rateFailed;
      return;
    }
    live.textContent = t.rateSaved;
    details.hidden = false;
    scale.querySelector<HTMLInputElement>("input")?.focus();
  }
  yes.addEventListener("click", () => void choose(true));
  no.addEventListener("click", () => void choose(false));

  details.addEventListener("submit", async (e) => {
    e.preventDefault();
    if (helpful === null) return;
    const picked = scale.querySelector<HTMLInputElement>("input:checked");
    const text = comment.value.trim();
    const body: RatingBody = { helpful, ...(picked ? { score: Number(picked.value) } : {}), ...(text ? { comment: text } : {}) };
    send.disabled = true;
    const ok = await options.send(body);
    send.disabled = false;
    if (!ok) {
      live.textContent = t.rateFailed;
      return;
    }
    // The customer's words are not echoed back: the thanks is the whole acknowledgement.
    node.replaceChildren(el("p", { class: "rate-thanks", role: "status" }, t.rateThanks));
    options.done("sent");
  });
  dismiss.addEventListener("click", () => {
    node.remove();
    options.done("dismissed");
  });
  return { node, focus: () => yes.focus() };
}
