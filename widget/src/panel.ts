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

  const launcher = el("button", { class: "launcher", type: "button", "aria-haspopup": "dialog", "aria-expanded": "false", "aria-controls": "keel-panel" });
  const badge = el("span", { class: "badge", "aria-live": "polite" });
  launcher.append(el("span", {}, t.launcher), " ", badge);

  const panel = el("section", { id: "keel-panel", class: "panel", role: "dialog", "aria-labelledby": "keel-title", hidden: "" });
  const header = el("header");
  const titles = el("div", { class: "titles" });
  titles.append(el("h2", { id: "keel-title" }, t.title), el("p", {}, t.subtitle));
  const close = el("button", { type: "button", class: "close", "aria-label": t.close }, "×");
  header.append(titles, close);
  const status = el("div", { class: "status", role: "status" });
  const log = el("div", { class: "log", role: "log", "aria-live": "polite", "aria-relevant": "additions", "aria-label": t.title, tabindex: "0" });
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
  panel.append(header, status, log, typing, ratingSlot, actions, form);
  root.append(launcher, panel);

  const media = window.matchMedia?.(FULL_SCREEN);
  const syncModal = () => panel.setAttribute("aria-modal", String(Boolean(media?.matches)));
  syncModal();
  media?.addEventListener?.("change", syncModal);

  return { host, root, launcher, badge, panel, close, status, log, typing, ratingSlot, human, form, input };
}

/** Full screen, the panel is modal: Tab and Shift+Tab cycle inside it. */
export function trapFocusWhenFullScreen(e: KeyboardEvent, panel: HTMLElement): void {
  if (e.key !== "Tab" || !window.matchMedia?.(FULL_SCREEN).matches) return;
  const focusable = Array.from(panel.querySelectorAll<HTMLElement>("button:not([disabled]), textarea, input, summary, [tabindex='0']")).filter((n) => !n.hidden && n.offsetParent !== null);
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
