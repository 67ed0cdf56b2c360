// The widget's frame: a launcher and a dialog panel inside a shadow root, so the host page's
// styles cannot reach in and the widget's cannot leak out.
import type { Strings } from "./i18n.ts";
import { el } from "./render.ts";
import { STYLES } from "./styles.ts";

export type Panel = ReturnType<typeof buildPanel>;

/** Below this width the panel takes the whole screen (and behaves as a modal dialog). */
const FULL_SCREEN = "(max-width: 480px)";

export function buildPanel(t: Strings) {
  const host = el("div", { id: "keel-widget" });
  const shadow = host.attachShadow({ mode: "open" });
  const style = el("style");
  style.textContent = STYLES;
  const root = el("div", { class: "root" });
  shadow.append(style, root);

  const launcher = el("button", {
    class: "launcher",
    type: "button",
    "aria-haspopup": "dialog",
    "aria-expanded": "false",
    "aria-controls": "keel-panel",
  });
  const badge = el("span", { class: "badge", "aria-live": "polite" });
  // The label says what a press does: open the chat, or hide it while it is open.
  const launcherLabel = el("span", { class: "label" }, t.launcher);
  launcher.append(el("span", { class: "icon", "aria-hidden": "true" }), launcherLabel, " ", badge);

  const panel = el("section", { id: "keel-panel", class: "panel", role: "dialog", "aria-labelledby": "keel-title", hidden: "" });
  const header = el("header");
  const titles = el("div", { class: "titles" });
  titles.append(el("h2", { id: "keel-title" }, t.title), el("p", {}, t.subtitle));
  const close = el("button", { type: "button", class: "close", "aria-label": t.close }, "×");
  header.append(titles, close);
  const status = el("div", { class: "status", role: "status" });
  // Where a request for a person stands (widget/src/handoff-state.ts): one message, and the email
  // box when nobody can answer now.
  const handoff = el("div", { class: "handoff", hidden: "" });
  const handoffText = el("p", { class: "handoff-text", role: "status" });
  const emailForm = el("form", { class: "email", hidden: "" });
  const emailField = el("input", {
    type: "email",
    required: "",
    autocomplete: "email",
    maxlength: "254",
    "aria-label": t.emailLabel,
    placeholder: t.emailLabel,
  });
  emailForm.append(emailField, el("button", { type: "submit", class: "secondary" }, t.emailSend));
  const emailError = el("p", { class: "error", role: "alert" });
  handoff.append(handoffText, emailForm, emailError);
  const log = el("div", { class: "log", role: "log", "aria-live": "polite", "aria-relevant": "additions", "aria-label": t.title, tabindex: "0" });
  // The greeting and suggested questions, above the transcript (not messages: nothing is stored).
  const welcome = el("div", { class: "welcome" });
  const greeting = el("p", { class: "greeting" });
  const suggestions = el("div", { class: "suggestions", role: "group", "aria-label": t.suggestions });
  welcome.append(greeting, suggestions);
  log.append(welcome);
  const typing = el("div", { class: "typing", "aria-live": "polite" });
  // Where the "did this answer your question?" prompt appears (widget/src/rating.ts).
  const ratingSlot = el("div", { class: "rating-slot", "aria-live": "polite" });
  const actions = el("div", { class: "actions" });
  const human = el("button", { type: "button", class: "secondary human" }, t.askHuman);
  actions.append(human);
  const form = el("form", { class: "compose" });
  const label = el("label", { class: "sr", for: "keel-input" }, t.placeholder);
  const input = el("textarea", { id: "keel-input", rows: "1", placeholder: t.placeholder, maxlength: "4000", enterkeyhint: "send" });
  const send = el("button", { type: "submit", class: "primary" }, t.send);
  form.append(label, input, send);
  panel.append(header, status, handoff, log, typing, ratingSlot, actions, form);
  root.append(launcher, panel);

  const media = window.matchMedia?.(FULL_SCREEN);
  const syncModal = () => panel.setAttribute("aria-modal", String(Boolean(media?.matches)));
  syncModal();
  media?.addEventListener?.("change", syncModal);

  return {
    host,
    root,
    launcher,
    launcherLabel,
    badge,
    panel,
    close,
    status,
    handoff,
    handoffText,
    emailForm,
    emailField,
    emailError,
    log,
    welcome,
    greeting,
    suggestions,
    typing,
    ratingSlot,
    human,
    form,
    input,
  };
}

/** Full screen, the panel is modal: Tab and Shift+Tab cycle inside it. */
export function trapFocusWhenFullScreen(e: KeyboardEvent, panel: HTMLElement): void {
  if (e.key !== "Tab" || !window.matchMedia?.(FULL_SCREEN).matches) return;
  const focusable = Array.from(panel.querySelectorAll<HTMLElement>("button:not([disabled]), textarea, input, summary, [tabindex='0']")).filter(
    (n) => !n.hidden && n.offsetParent !== null,
  );
  if (!focusable.length) return;
  const first = focusable[0]!;
  const last = focusable[focusable.length - 1]!;
  const active = (panel.getRootNode() as ShadowRoot).activeElement;
  if (e.shiftKey && active === first) {
    e.preventDefault();
    last.focus();
  } else if (!e.shiftKey && active === last) {
    e.preventDefault();
    first.focus();
  }
}
