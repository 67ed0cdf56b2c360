// The right-hand pane: who the customer is, why Keel handed over (the AI summary and the handoff's
// grounding), the signals Keel raised over the conversation, the policies involved with their
// quotes, and internal notes. Redrawn on every change except the note being typed.
import type { Note } from "../../protocol/messages.ts";
import type { Ack, Ask, Opened } from "./conversation-view.ts";
import { citationNode } from "./conversation-view.ts";
import { h, on } from "./dom.ts";
import { handoffGrounding } from "./grounding.ts";
import { fieldsUsedText } from "./customer-fields.ts";
import { checklistNode, isNewAgent } from "./agent-help.ts";
import type { Staff } from "./api.ts";
import { reasonText } from "./queue.ts";
import { conversationSignals, policiesInvolved } from "./signals.ts";

export function createContextView(pane: HTMLElement, opened: Opened, ask: Ask, staff?: Pick<Staff, "experience">) {
  // A new agent sees the suggestion, the quotes and the checklist open; an experienced one, folded.
  const helpOpen = isNewAgent(staff);
  const facts = h("div");
  const notesList = h("div", { class: "notes" });
  const noteBox = h("textarea", {
    "aria-label": "Write an internal note",
    placeholder: "Internal note (never shown to the customer)",
  }) as HTMLTextAreaElement;
  const noteError = h("p", { class: "error", role: "alert" });
  const addNote = on(h("button", { type: "button" }, "Add note"), "click", async () => {
    const text = noteBox.value.trim();
    if (!text) return;
    const r = (await ask("note", { conversationId: opened.conversation.id, text })) as Ack & { note: Note };
    if (!r.ok) {
      noteError.textContent = r.error?.message ?? "The note was not saved.";
      return;
    }
    noteBox.value = "";
    noteError.textContent = "";
    opened.notes.push(r.note);
    renderNotes();
  });
  pane.replaceChildren(
    facts,
    h(
      "section",
      { "aria-label": "Internal notes" },
      h("h2", {}, "Internal notes"),
      notesList,
      noteBox,
      h("div", { class: "row" }, addNote),
      noteError,
    ),
  );

  function renderNotes(): void {
    notesList.replaceChildren(
      ...(opened.notes.length
        ? opened.notes.map((n) =>
            h("div", { class: "note" }, h("span", { class: "meta" }, `${n.author} · ${new Date(n.createdAt).toLocaleString()}`), h("p", {}, n.text)),
          )
        : [h("p", { class: "meta" }, "No notes yet.")]),
    );
  }

  function render(): void {
    const c = opened.conversation.customer;
    const t = opened.ticket;
    const signals = conversationSignals(t, opened.messages);
    const policies = policiesInvolved(t, opened.messages);
    facts.replaceChildren(
      ...[
        h("h2", {}, "Customer"),
        h(
          "p",
          {},
          h("strong", {}, c.name ?? "Anonymous customer"),
          c.verified ? h("span", { class: "badge low" }, "verified") : h("span", { class: "badge" }, "not verified"),
        ),
        c.customerId ? h("p", { class: "meta" }, `Customer id ${c.customerId}${c.site ? ` on ${c.site}` : ""}`) : null,
        c.tier ? h("p", { class: "meta" }, `Tier: ${c.tier}`) : null,
        fieldsUsedText(c.fieldsUsed) ? h("p", { class: "meta", "data-testid": "fields-used" }, fieldsUsedText(c.fieldsUsed)!) : null,
        c.openIssues.length ? h("div", {}, h("p", { class: "meta" }, "Open issues:"), h("ul", {}, ...c.openIssues.map((i) => h("li", {}, i)))) : null,
        c.orderDate || c.orderId
          ? h(
              "p",
              { class: "meta" },
              `Order${c.orderId ? ` ${c.orderId}` : ""}${c.orderDate ? ` placed ${c.orderDate} (Keel answers under the rules of that date)` : ""}`,
            )
          : null,
        t?.followUpEmail ? h("p", {}, `Follow-up email: ${t.followUpEmail}`) : null,
        ...(t
          ? [
              h("h2", {}, "Handoff"),
              h("p", { class: "meta" }, `${reasonText(t.reason)} · topic ${t.topic}${t.sentiment ? ` · sentiment ${t.sentiment}` : ""}`),
              // What the customer wants, what Keel said (with citations), what is disputed: one line each.
              h("p", { class: "summary", "data-testid": "summary" }, t.context.summary),
              handoffGrounding(t, "p"),
              t.context.suggestedReply
                ? h(
                    "details",
                    { open: helpOpen, "data-testid": "handoff-suggestion" },
                    h("summary", {}, "Keel's suggested reply at handoff"),
                    h("blockquote", {}, t.context.suggestedReply),
                  )
                : null,
              checklistNode(t, helpOpen),
            ]
          : []),
        h("h2", {}, "Signals Keel raised"),
        h(
          "ul",
          { class: "signals", "data-testid": "signals" },
          ...(signals.length ? signals.map((s) => h("li", {}, s)) : [h("li", { class: "meta" }, "None.")]),
        ),
        h("h2", {}, "Policies involved"),
        ...(policies.length
          ? policies.map((p) => citationNode(p, helpOpen))
          : [h("p", { class: "meta" }, "Keel found no policy that answers this.")]),
      ].filter((n): n is HTMLElement => n !== null),
    );
  }

  render();
  renderNotes();
  return { render };
}
