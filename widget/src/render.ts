// Turns messages into DOM. Every piece of text — the customer's, Keel's, an agent's, a policy
// quote — goes in through textContent: nothing anyone writes is ever parsed as HTML.
import type { Message } from "../../protocol/messages.ts";
import { fill, type Strings } from "./i18n.ts";

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Keel did not answer from a policy: the customer is told so and offered a person. (A clarifying
 *  question or a reply to "hi" or "thanks" is no failure to confirm anything.) */
export function isUnconfirmed(m: Message): boolean {
  return m.author === "keel" && m.outcome === "refusal";
}

export function renderMessage(m: Message, t: Strings, askHuman: () => void): HTMLElement {
  const item = el("div", { class: `msg ${m.author}`, "data-id": m.id, ...(m.clientId ? { "data-client-id": m.clientId } : {}) });
  if (m.author !== "system") {
    const who = m.author === "customer" ? t.you : m.author === "keel" ? t.keel : (m.authorName ?? t.support);
    item.append(el("span", { class: "who" }, who));
  }
  item.append(el("span", { class: "text" }, m.text));
  if (isUnconfirmed(m)) {
    const note = el("div", { class: "unconfirmed", role: "note" });
    note.append(el("strong", {}, t.cannotConfirm), el("span", {}, ` ${t.offerHuman} `));
    const offer = el("button", { type: "button", class: "offer secondary" }, t.askHuman);
    offer.addEventListener("click", askHuman);
    note.append(offer);
    item.append(note);
  }
  if (m.citations.length) item.append(renderSources(m, t));
  return item;
}

/** The answer's citations folded into one compact row, "Sources (3)", that expands in place: a
 *  real button with aria-expanded, so it works from the keyboard and reads right aloud. */
function renderSources(m: Message, t: Strings): HTMLElement {
  const box = el("div", { class: "sources" });
  const listId = `keel-sources-${m.id}`;
  const toggle = el(
    "button",
    { type: "button", class: "sources-toggle", "aria-expanded": "false", "aria-controls": listId },
    m.citations.length === 1 ? `${t.sources} (1)` : fill(t.sourcesCount, { count: String(m.citations.length) }),
  );
  const list = el("ol", { class: "source-list", id: listId, hidden: "" });
  for (const c of m.citations) {
    const li = el("li", { class: "citation" });
    li.append(el("span", { class: "source-name" }, `${c.title}, ${c.section} (${t.version} ${c.version})`), el("blockquote", {}, c.quote));
    list.append(li);
  }
  toggle.addEventListener("click", () => {
    const open = list.hidden;
    list.hidden = !open;
    toggle.setAttribute("aria-expanded", String(open));
  });
  box.append(toggle, list);
  return box;
}

/** A customer message not yet acknowledged by the server. */
export function renderPending(clientId: string, text: string, t: Strings): HTMLElement {
  const node = el("div", { class: "msg customer pending", "data-client-id": clientId });
  node.append(el("span", { class: "who" }, t.you), el("span", { class: "text" }, text));
  return node;
}
