// One conversation in the console: the transcript (a grounding score on each of Keel's answers),
// the reply box with "Suggest grounded reply" and "Check my draft", claim, return and resolve.
// The reply box survives live updates: a ticket change redraws the buttons, never the draft.
import type { Citation } from "../../protocol/answers.ts";
import type { CustomerContext, GroundingScore, Note, StaffMessage, Ticket } from "../../protocol/messages.ts";
import type { Staff } from "./api.ts";
import { h, on } from "./dom.ts";
import { draftCheckView, type CheckedSentence } from "./draft-check.ts";
import { groundingBadge } from "./grounding.ts";
import { isNewAgent } from "./agent-help.ts";
import { awaitsAnswer } from "./signals.ts";
import { followTranscript } from "./transcript-follow.ts";

/** Said beside a message whose stored text had personal data masked ("•••• 1111"). */
const MASKED_LABELS: Record<StaffMessage["masked"][number], string> = {
  card: "card number masked",
  gov_id: "national ID number masked",
  iban: "IBAN masked",
  bank_account: "bank account number masked",
  email: "email address masked",
  phone: "phone number masked",
  ip: "IP address masked",
};

export type Ack = { ok: boolean; error?: { code: string; message: string } } & Record<string, unknown>;
export type Ask = (event: string, payload: object) => Promise<Ack>;
export type Opened = {
  conversation: { id: string; status: string; customer: CustomerContext };
  messages: StaffMessage[];
  ticket: Ticket | null;
  notes: Note[];
};
type Claim = CheckedSentence;
type Suggestion = { text: string; outcome: string; citations: Citation[]; grounding: (GroundingScore & { claims?: unknown }) | null };

const DISPOSITIONS = ["solved", "follow_up", "no_response", "duplicate", "not_an_issue"] as const;

export function citationNode(c: Citation, open = false): HTMLElement {
  return h("details", { class: "citation", open }, h("summary", {}, `${c.title} v${c.version} — ${c.section}`), h("blockquote", {}, c.quote));
}

/** Where the ticket stands, in the title: "ticket claimed by Alex", "returned to Keel by Alex". */
export function ticketState(t: Ticket | null, conversationStatus: string): string {
  if (!t) return conversationStatus;
  if (t.returnedToKeel) return `returned to Keel${t.claimedBy ? ` by ${t.claimedBy.displayName}` : ""}`;
  return `ticket ${t.status}${t.claimedBy ? ` by ${t.claimedBy.displayName}` : ""}`;
}

export function createConversationView(pane: HTMLElement, opened: Opened, staff: Staff, ask: Ask, onTicket: (t: Ticket) => void) {
  const id = opened.conversation.id;
  const customerName = opened.conversation.customer.name ?? "Customer";
  const title = h("h2", {});
  const typing = h("span", { class: "meta typing", "aria-live": "polite" });
  const transcript = h("div", { class: "transcript", role: "log", "aria-live": "polite", "aria-label": "Transcript" });
  const keelDraft = h("div", { class: "keel-draft", hidden: true });
  const draft = h("textarea", { "aria-label": "Reply to the customer", "aria-describedby": "send-hint" }) as HTMLTextAreaElement;
  const hint = h("span", { id: "send-hint", class: "meta" }, "Ctrl+Enter sends");
  const buttons = h("div", { class: "row" });
  const output = h("div", { "data-testid": "check-result", "aria-live": "polite" });
  const closing = h("div", { class: "row closing" });
  // The transcript and Keel's draft card share the space above the reply box; neither covers the other.
  const frame = h("div", { class: "transcript-frame" }, transcript);
  pane.replaceChildren(
    h("div", { class: "conv-head" }, title, typing),
    frame,
    keelDraft,
    h("div", { class: "compose" }, draft, output, buttons, closing),
  );
  const follow = followTranscript(transcript, frame);

  // The last check, so Send knows whether this exact text was already checked.
  let checked: { text: string; claims: Claim[] } | null = null;
  let confirmFor: string | null = null;
  // Resolve was pressed while the customer's last message had no answer: the next press resolves.
  let resolvePending = false;
  const mine = () => opened.ticket?.status === "claimed" && opened.ticket.claimedBy?.id === staff.id;
  const fail = (r: Ack) => output.replaceChildren(h("p", { class: "error", role: "alert" }, r.error?.message ?? "Something went wrong."));

  function messageNode(m: StaffMessage): HTMLElement {
    const who = m.author === "customer" ? customerName : m.author === "keel" ? "Keel" : m.author === "agent" ? (m.authorName ?? "Agent") : "";
    const head = who
      ? h(
          "span",
          { class: "who" },
          who,
          m.author === "keel" && (m.outcome === "answer" || m.outcome === "handoff") ? groundingBadge(m.grounding) : null,
          m.author === "keel" && m.outcome && m.outcome !== "answer" ? h("span", { class: `outcome ${m.outcome}` }, m.outcome) : null,
        )
      : null;
    const node = h("div", { class: `msg ${m.author}`, "data-id": m.id }, head, h("span", { class: "text" }, m.text));
    // Text, never markup: the agent reads exactly what Keel stored and answered.
    if (m.masked?.length)
      node.append(h("span", { class: "masked", "data-masked": m.masked.join(" ") }, m.masked.map((k) => MASKED_LABELS[k]).join(" · ")));
    for (const c of m.citations) node.append(citationNode(c));
    return node;
  }

  function showCheck(text: string, r: { supported: boolean; claims: Claim[] }): void {
    // Beside each flagged sentence: the policy's words and a correction that replaces it in the draft.
    output.replaceChildren(
      ...draftCheckView(text, r.claims, (sentence, correction) => {
        draft.value = draft.value.replace(sentence, correction);
        draft.dispatchEvent(new Event("input"));
        checked = null;
        output.replaceChildren(h("p", { class: "meta" }, "Correction put into your draft: check it again before sending."));
        draft.focus();
      }),
    );
  }

  async function check(): Promise<{ supported: boolean; claims: Claim[] } | null> {
    const text = draft.value.trim();
    if (!text) return null;
    const r = (await ask("check", { text, conversationId: id })) as Ack & { supported: boolean; claims: Claim[] };
    if (!r.ok) {
      fail(r);
      return null;
    }
    checked = { text, claims: r.claims };
    showCheck(text, r);
    return r;
  }

  async function send(): Promise<void> {
    const text = draft.value.trim();
    if (!text || !mine()) return;
    // A new agent's draft goes out checked: unsupported sentences are shown first and need one more
    // click. An experienced agent may send directly (and still check when they choose).
    if (isNewAgent(staff)) {
      if (!(await checkedForSending(text))) return;
    }
    await sendNow(text);
  }

  /** True when the text was checked and is supported, or its objections were seen and overridden. */
  async function checkedForSending(text: string): Promise<boolean> {
    if (checked?.text !== text) await check();
    if (checked?.text !== text) return false;
    if (checked.claims.some((c) => !c.supported) && confirmFor !== text) {
      confirmFor = text;
      renderButtons();
      return false;
    }
    return true;
  }

  async function sendNow(text: string): Promise<void> {
    const r = await ask("reply", { conversationId: id, clientId: `a-${crypto.randomUUID()}`, text });
    if (!r.ok) return fail(r);
    draft.value = "";
    checked = null;
    confirmFor = null;
    output.replaceChildren();
    renderButtons();
  }

  function renderButtons(): void {
    const t = opened.ticket;
    const isMine = mine();
    title.textContent = `${customerName} · ${ticketState(t, opened.conversation.status)}`;
    draft.placeholder = isMine
      ? "Type a reply, or ask Keel for a grounded suggestion"
      : t?.status === "open"
        ? "Claim the ticket to reply (you can prepare a draft now)"
        : "Only the agent who claimed this ticket can reply";
    const sendLabel = confirmFor && confirmFor === draft.value.trim() ? "Send anyway" : "Send";
    buttons.replaceChildren();
    buttons.append(
      ...[
        t?.status === "open"
          ? on(h("button", { class: "primary", type: "button" }, "Claim"), "click", async () => {
              const r = (await ask("ticket:claim", { ticketId: t.id })) as Ack & { ticket: Ticket };
              if (!r.ok) return fail(r);
              onTicket(r.ticket);
            })
          : null,
        on(h("button", { type: "button" }, "Suggest grounded reply"), "click", async () => {
          const r = (await ask("suggest", { conversationId: id })) as Ack & { suggestion: Suggestion };
          if (!r.ok) return fail(r);
          draft.value = r.suggestion.text;
          checked = null;
          output.replaceChildren(
            h("p", { class: "meta" }, "Keel's grounded suggestion, from: ", groundingBadge(r.suggestion.grounding)),
            ...r.suggestion.citations.map((c) => citationNode(c, isNewAgent(staff))),
          );
          draft.focus();
        }),
        on(h("button", { type: "button" }, "Check my draft"), "click", () => void check()),
        // "Send anyway" sends past the policies' objection: a warning, never the look of Send.
        on(
          h("button", { class: sendLabel === "Send" ? "primary" : "warning", type: "button", disabled: !isMine }, sendLabel),
          "click",
          () => void send(),
        ),
        hint,
      ].filter((n): n is HTMLElement => n !== null),
    );
    closing.replaceChildren();
    if (!isMine) return;
    const disposition = h(
      "select",
      { "aria-label": "Disposition" },
      ...DISPOSITIONS.map((d) => h("option", { value: d }, d.replace(/_/g, " "))),
    ) as HTMLSelectElement;
    closing.append(
      ...[
        on(h("button", { type: "button" }, "Return to Keel"), "click", async () => {
          const r = (await ask("return", { conversationId: id })) as Ack & { ticket: Ticket | null };
          if (!r.ok) return fail(r);
          if (r.ticket) onTicket(r.ticket);
        }),
        h("label", { class: "meta" }, "Disposition ", disposition),
        on(
          h("button", { type: "button", class: resolvePending ? "warning" : "" }, resolvePending ? "Resolve anyway" : "Resolve"),
          "click",
          async () => {
            // The customer is waiting for an answer: say so once before closing the ticket on them.
            if (!resolvePending && awaitsAnswer(opened.messages)) {
              resolvePending = true;
              renderButtons();
              return;
            }
            resolvePending = false;
            const r = (await ask("resolve", { ticketId: t!.id, disposition: disposition.value })) as Ack & { ticket: Ticket };
            if (!r.ok) return fail(r);
            onTicket(r.ticket);
          },
        ),
        resolvePending
          ? h("p", { class: "warn", role: "alert" }, "The customer's last message has no answer yet. Resolve anyway, or reply first.")
          : null,
      ].filter((n): n is HTMLElement => n !== null),
    );
  }

  let typingTimer: ReturnType<typeof setTimeout> | undefined;
  draft.addEventListener("input", () => {
    if (confirmFor) {
      confirmFor = null;
      renderButtons();
    }
    if (!mine()) return;
    if (!typingTimer) void ask("typing", { conversationId: id, typing: true });
    clearTimeout(typingTimer);
    typingTimer = setTimeout(() => {
      void ask("typing", { conversationId: id, typing: false });
      typingTimer = undefined;
    }, 1500);
  });
  draft.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void send();
    }
  });

  for (const m of opened.messages) transcript.append(messageNode(m));
  renderButtons();
  follow.toNewest();

  return {
    setTicket(t: Ticket | null): void {
      opened.ticket = t;
      // The ticket moved on (returned, claimed): a pending "Resolve anyway" asks again.
      resolvePending = false;
      renderButtons();
    },
    addMessage(m: StaffMessage): void {
      if (opened.messages.some((x) => x.id === m.id)) return;
      opened.messages.push(m);
      transcript.append(messageNode(m));
      // The agent's own reply always shows; others wait behind a pill if the agent reads further up.
      follow.added(m.author === "agent");
      if (m.author === "customer") typing.textContent = "";
      if (m.author === "customer" && resolvePending) {
        resolvePending = false;
        renderButtons();
      }
    },
    setCustomerTyping(isTyping: boolean): void {
      typing.textContent = isTyping ? `${customerName} is typing…` : "";
    },
    /** Keel's grounded draft for the customer's latest message, while a human owns the conversation. */
    showKeelDraft(text: string, citations: Citation[]): void {
      keelDraft.hidden = false;
      keelDraft.replaceChildren(
        h(
          "div",
          { class: "row tight" },
          h("strong", {}, "Keel's draft for the latest message"),
          on(h("button", { type: "button" }, "Use this draft"), "click", () => {
            draft.value = text;
            checked = null;
            draft.focus();
          }),
        ),
        h("blockquote", {}, text),
        ...citations.map((c) => citationNode(c)),
      );
    },
  };
}
