// Turns messages into DOM. Every piece of text — the customer's, Keel's, an agent's, a policy
// quote — goes in through textContent: nothing anyone writes is ever parsed as HTML.
import type { Message } from "../../protocol/messages.ts";
import type { Strings } from "./i18n.ts";

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Keel did not answer from a policy: the customer is told so and offered a person. */
export function isUnconfirmed(m: Message): boolean {
  return m.author === "keel" && (m.outcome === "refusal" || m.outcome === "clarify");
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
  for (const c of m.citations) {
    const details = el("details", { class: "citation" });
    details.append(el("summary", {}, `${t.sources}: ${c.title}, ${c.section} (${t.version} ${c.version})`));
    details.append(el("blockquote", {}, c.quote));
    item.append(details);
  }
  return item;
}

/** A customer message not yet acknowledged by the server. */
export function renderPending(clientId: string, text: string, t: Strings): HTMLElement {
  const node = el("div", { class: "msg customer pending", "data-client-id": clientId });
  node.append(el("span", { class: "who" }, t.you), el("span", { class: "text" }, text));
  return node;
}
