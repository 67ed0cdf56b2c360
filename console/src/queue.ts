// The live queue: open tickets first by priority, then claimed ones, then today's resolved ones.
// Waiting times and SLA states tick in place every second, without redrawing the list (so focus
// and scroll position stay where the agent left them).
import type { Ticket } from "../../protocol/messages.ts";
import { h, on } from "./dom.ts";
import { handoffGrounding } from "./grounding.ts";
import { duration, slaState, waitingSeconds } from "./signals.ts";

const REASONS: Record<Ticket["reason"], string> = {
  requested: "asked for a person",
  sensitive: "sensitive topic",
  pressure: "pressure",
  policy_requires: "policy requires a person",
  repeated_refusal: "repeated refusals",
  model_error: "model error",
};
const ORDER = { open: 0, claimed: 1, resolved: 2 } as const;

export function reasonText(reason: Ticket["reason"]): string {
  return REASONS[reason] ?? reason;
}

export function createQueue(pane: HTMLElement, onSelect: (ticketId: string) => void) {
  const tickets = new Map<string, Ticket>();
  let selected: string | null = null;
  const heading = h("h2", {}, "Queue");
  const presence = h("p", { class: "meta", "aria-live": "polite" });
  const list = h("div", { class: "queue" });
  pane.replaceChildren(heading, presence, list);

  function item(t: Ticket): HTMLElement {
    const sla = slaState(t);
    const node = h(
      "button",
      {
        class: `ticket${t.id === selected ? " selected" : ""}`,
        type: "button",
        "data-ticket": t.id,
        "data-conversation": t.conversationId,
        "data-status": t.status,
        "aria-current": t.id === selected ? "true" : false,
      },
      h(
        "div",
        { class: "row tight" },
        h("span", { class: `badge ${t.priorityLabel}` }, t.priorityLabel),
        h("strong", { class: "topic" }, t.topic),
        h("span", { class: `sla ${sla.level}`, "data-sla": t.id }, sla.label),
      ),
      h(
        "div",
        { class: "meta" },
        `${reasonText(t.reason)} · ${t.returnedToKeel ? "returned to Keel" : t.status}${t.claimedBy ? ` by ${t.claimedBy.displayName}` : ""}${t.disposition ? ` (${t.disposition.replace(/_/g, " ")})` : ""} · waiting `,
        h("span", { "data-wait": t.id }, duration(waitingSeconds(t))),
        t.followUpEmail ? " · email left" : null,
      ),
      // The question the conversation is about; the handoff's own line ("I want a human") only without one.
      h("div", { class: "question" }, (t.context.openQuestion ?? t.context.question).slice(0, 160)),
      handoffGrounding(t, "div"),
    );
    on(node, "click", () => onSelect(t.id));
    return node;
  }

  function render(): void {
    const all = [...tickets.values()].sort(
      (a, b) => ORDER[a.status] - ORDER[b.status] || b.priority - a.priority || a.createdAt.localeCompare(b.createdAt),
    );
    const waiting = all.filter((t) => t.status === "open").length;
    const focused = (document.activeElement as HTMLElement | null)?.dataset?.ticket;
    heading.textContent = `Queue · ${waiting} waiting`;
    const groups: [string, Ticket[]][] = [
      ["Waiting", all.filter((t) => t.status === "open")],
      ["Claimed", all.filter((t) => t.status === "claimed")],
      ["Resolved today", all.filter((t) => t.status === "resolved")],
    ];
    // One heading and one list per group: a list holds only its items (axe: aria-required-children).
    list.replaceChildren(
      ...groups.flatMap(([label, ts]) =>
        ts.length
          ? [h("h3", {}, `${label} (${ts.length})`), h("ul", { class: "tickets", "aria-label": label }, ...ts.map((t) => h("li", {}, item(t))))]
          : [],
      ),
    );
    if (!all.length) list.append(h("p", { class: "meta" }, "No tickets. New handoffs appear here as they happen."));
    if (focused) list.querySelector<HTMLElement>(`[data-ticket="${focused}"]`)?.focus();
  }

  function tick(): void {
    for (const t of tickets.values()) {
      const wait = list.querySelector(`[data-wait="${t.id}"]`);
      if (wait) wait.textContent = duration(waitingSeconds(t));
      const slaNode = list.querySelector(`[data-sla="${t.id}"]`);
      if (slaNode) {
        const sla = slaState(t);
        slaNode.textContent = sla.label;
        slaNode.className = `sla ${sla.level}`;
      }
    }
  }
  setInterval(tick, 1000);

  return {
    tickets,
    render,
    setAll(all: Ticket[]): void {
      tickets.clear();
      for (const t of all) tickets.set(t.id, t);
      render();
    },
    upsert(t: Ticket): void {
      tickets.set(t.id, t);
      render();
    },
    select(id: string | null): void {
      selected = id;
      render();
    },
    setPresence(n: number): void {
      presence.textContent = `${n} agent${n === 1 ? "" : "s"} online`;
    },
  };
}
