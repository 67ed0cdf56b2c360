// Keel's customer widget: one script tag adds a launcher and a chat panel in a Shadow DOM.
//   <script src="https://keel.example/widget/keel-widget.js" data-site="shop" async></script>
// Optional: data-user-id, data-user-name, data-user-signature (HMAC from the host's server),
// data-user-email, data-order-date (YYYY-MM-DD: answers follow the rules of that day),
// data-order-id, data-lang (defaults to the page's lang), data-open="true".
import { io, type Socket } from "socket.io-client";
import type { Message, StatusEvent } from "../../protocol/messages.ts";
import { handoffMessage, nextHandoffState, NO_HANDOFF, wantsEmail, type HandoffEvent, type HandoffState } from "./handoff-state.ts";
import { fill, stringsFor } from "./i18n.ts";
import { formatOpening } from "./opening-time.ts";
import { createSuggestions } from "./suggestions.ts";
import { buildPanel, trapFocusWhenFullScreen } from "./panel.ts";
import { buildRatingPrompt, type RatingBody } from "./rating.ts";
import { el, renderMessage, renderPending } from "./render.ts";
import { createSession, forgetSession, loadSession, saveSession, type Identity, type OrderContext, type Session } from "./session.ts";

type Ack = { ok: boolean; error?: { code: string; message: string }; [k: string]: unknown };
type Partial = { conversationId: string; replyTo: string; index: number; text: string };

function newClientId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return `w-${Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("")}`;
}

function identityOf(script: HTMLScriptElement, site: string): Identity | null {
  const d = script.dataset;
  if (!d.userId || !d.userSignature) return null;
  return {
    site,
    userId: d.userId,
    signature: d.userSignature,
    ...(d.userName ? { name: d.userName } : {}),
    ...(d.userEmail ? { email: d.userEmail } : {}),
    ...(d.customerContext && d.contextSignature ? { signedContext: { data: d.customerContext, signature: d.contextSignature } } : {}),
  };
}

function orderOf(script: HTMLScriptElement): OrderContext {
  const d = script.dataset;
  return { ...(d.orderDate ? { order_date: d.orderDate } : {}), ...(d.orderId ? { order_id: d.orderId } : {}) };
}

function start(script: HTMLScriptElement): void {
  const origin = new URL(script.src, location.href).origin;
  const site = script.dataset.site ?? "default";
  const identity = identityOf(script, site);
  const lang = script.dataset.lang ?? document.documentElement.lang;
  const t = stringsFor(lang);
  const ui = buildPanel(t);
  document.body.append(ui.host);
  const { launcher, panel, status, log, typing, human, form, input } = ui;
  // Greeted by name only when the host signed who the customer is.
  ui.greeting.textContent = identity?.name ? fill(t.greetingNamed, { name: identity.name }) : t.greeting;

  let session: Session | null = loadSession(site, identity);
  let socket: Socket | null = null;
  let lastId = "0";
  let handoffState: HandoffState = NO_HANDOFF;
  // Ratings (issue 17): asked once per conversation, after a person resolves it or when the
  // customer closes the widget after an answer.
  let rated = false;
  let answered = false;
  let ratingOpen = false;
  let unread = 0;
  const seen = new Set<string>();
  const pending = new Map<string, { text: string; node: HTMLElement }>();
  // Model mode: verified sentences arrive one by one before the whole reply (keyed by the question's id).
  const streaming = new Map<string, HTMLElement>();

  const emitWithAck = async <T>(event: string, payload: object, ms = 10_000): Promise<(Ack & T) | null> =>
    ((await socket
      ?.timeout(ms)
      .emitWithAck(event, payload)
      .catch(() => null)) ?? null) as (Ack & T) | null;

  function scrollDown(): void {
    log.scrollTop = log.scrollHeight;
  }

  function setUnread(n: number): void {
    unread = n;
    ui.badge.textContent = n ? fill(t.unread, { count: String(n) }) : "";
  }

  function add(m: Message): void {
    if (seen.has(m.id)) return;
    seen.add(m.id);
    if (m.author === "customer") dropSuggestions();
    // Keel handed off: where the request stands follows (status), until then "finding someone".
    if (m.author === "keel" && m.outcome === "handoff") onHandoff({ type: "requested" });
    const node = renderMessage(m, t, () => void askHuman());
    const optimistic = m.clientId && m.author === "customer" ? pending.get(m.clientId) : undefined;
    if (optimistic) {
      optimistic.node.replaceWith(node);
      pending.delete(m.clientId!);
    } else log.append(node);
    if (m.author === "keel") {
      if (m.outcome === "answer") answered = true;
      for (const s of streaming.values()) s.remove();
      streaming.clear();
    }
    if (BigInt(m.id) > BigInt(lastId)) lastId = m.id;
    if (panel.hidden && m.author !== "customer") setUnread(unread + 1);
    scrollDown();
  }

  function showPartial(p: Partial): void {
    let node = streaming.get(p.replyTo);
    if (!node) {
      node = el("div", { class: "msg streaming", "aria-busy": "true" });
      node.append(el("span", { class: "who" }, t.keel));
      streaming.set(p.replyTo, node);
      log.append(node);
    }
    node.append(el("span", { class: "text" }, `${p.index > 0 ? " " : ""}${p.text}`));
    scrollDown();
  }

  function showStatus(s: StatusEvent): void {
    onHandoff({ type: "status", status: s });
    // Once a person is on the way, the offers of one are moot.
    ui.root.classList.toggle("staffed", s.status === "queued" || s.status === "agent");
    human.hidden = s.status === "queued" || s.status === "agent";
    if (s.rated) rated = true;
    if (s.ended) askRating(false);
  }

  /** The handoff state machine's one message for where the request stands, and the email box
   *  while nobody can answer now. */
  function onHandoff(event: HandoffEvent): void {
    const next = nextHandoffState(handoffState, event);
    if (next === handoffState) return;
    handoffState = next;
    const text = handoffMessage(next, t, (iso) => formatOpening(iso, lang, t));
    ui.handoff.hidden = !text;
    ui.handoff.dataset.state = next.kind;
    if (ui.handoffText.textContent !== text) ui.handoffText.textContent = text;
    const asking = wantsEmail(next);
    if (asking && ui.emailForm.hidden && script.dataset.userEmail && !ui.emailField.value) ui.emailField.value = script.dataset.userEmail;
    ui.emailForm.hidden = !asking;
    if (!asking) ui.emailError.textContent = "";
  }

  // Up to three suggested questions under the greeting, until the customer writes.
  const suggestions = createSuggestions({
    origin,
    slot: ui.suggestions,
    ask: (q) => {
      input.value = q;
      sendMessage();
    },
  });
  const dropSuggestions = () => suggestions.drop();

  const askedKey = () => `keel:rating-asked:${session?.id ?? ""}`;
  function wasAsked(): boolean {
    try {
      return localStorage.getItem(askedKey()) === "1";
    } catch {
      return false;
    }
  }

  async function sendRating(body: RatingBody): Promise<boolean> {
    if (!session) return false;
    const res = await fetch(`${origin}/api/v1/conversations/${session.id}/rating`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${session.token}` },
      body: JSON.stringify(body),
    }).catch(() => null);
    if (res?.status === 201) rated = true;
    return res?.status === 201;
  }

  /** Shows the rating prompt unless this conversation was rated or asked already. Returns whether it did. */
  function askRating(closing: boolean): boolean {
    if (rated || ratingOpen || !session || wasAsked()) return false;
    ratingOpen = true;
    try {
      localStorage.setItem(askedKey(), "1");
    } catch {
      // Private mode: asked once for this page view still holds.
    }
    const prompt = buildRatingPrompt(t, {
      send: sendRating,
      done: (how) => {
        ratingOpen = false;
        if (how === "dismissed" && closing) shut();
        else input.focus();
      },
    });
    ui.ratingSlot.replaceChildren(prompt.node);
    // Focus moves only when the customer's own close asked; a person resolving the conversation
    // must not pull focus out of a message being typed (the slot is a live region instead).
    if (closing) prompt.focus();
    return true;
  }

  ui.emailForm.addEventListener("submit", async (e) => {
    e.preventDefault();
    const ack = await emitWithAck("followup", { email: ui.emailField.value });
    if (ack?.ok) {
      onHandoff({ type: "emailLeft" });
      input.focus();
    } else ui.emailError.textContent = t.emailFailed;
  });

  async function resync(): Promise<void> {
    const ack = await emitWithAck<{ messages: Message[]; status: StatusEvent }>("transcript", lastId === "0" ? {} : { after: lastId });
    if (!ack?.ok) return;
    for (const m of ack.messages) add(m);
    showStatus(ack.status);
    // Sends that never got an answer (offline, reload mid-send) go again: the clientId makes it safe.
    for (const [clientId, p] of pending) void deliver(clientId, p.text);
  }

  async function connect(): Promise<void> {
    if (!session) {
      session = await createSession(origin, identity, orderOf(script));
      saveSession(site, identity, session);
    }
    socket = io(`${origin}/customer`, { auth: { conversationId: session.id, token: session.token }, transports: ["websocket", "polling"] });
    socket.on("connect", () => {
      ui.root.classList.remove("disconnected");
      status.textContent = "";
      void resync();
    });
    socket.on("disconnect", () => {
      ui.root.classList.add("disconnected");
      status.textContent = t.reconnecting;
      typing.replaceChildren();
    });
    socket.on("connect_error", async (err) => {
      if (err.message === "unauthorized") {
        // The stored conversation is gone (expired, removed by retention): start afresh.
        socket?.close();
        forgetSession(site, identity);
        session = null;
        lastId = "0";
        await connect().catch(() => (status.textContent = t.offline));
      } else {
        ui.root.classList.add("disconnected");
        status.textContent = t.offline;
      }
    });
    socket.on("message", (m: Message) => add(m));
    socket.on("message:partial", (p: Partial) => showPartial(p));
    socket.on("status", (s: StatusEvent) => showStatus(s));
    socket.on("typing", (p: { who: string; name: string | null; typing: boolean }) => {
      typing.replaceChildren();
      if (!p.typing) return;
      const who = p.who === "agent" ? fill(t.typingAgent, { name: p.name ?? t.support }) : t.typingKeel;
      typing.append(el("span", {}, who), el("span", { class: "dots", "aria-hidden": "true" }, "…"));
    });
  }

  async function deliver(clientId: string, text: string): Promise<void> {
    const p = pending.get(clientId);
    if (!p) return;
    p.node.classList.remove("failed");
    p.node.querySelector(".retry")?.remove();
    const ack = await emitWithAck<{ message?: Message; reply?: Message }>("message:send", { clientId, text }, 60_000);
    if (ack?.ok) {
      if (ack.message) add(ack.message);
      if (ack.reply) add(ack.reply);
      return;
    }
    // Offline sends stay pending and go again on reconnect; a refused one can be retried by hand.
    if (!socket?.connected || !pending.has(clientId)) return;
    p.node.classList.add("failed");
    const retry = el("button", { type: "button", class: "retry" }, `${ack?.error?.message ?? t.failed} ${t.retry}`);
    retry.addEventListener("click", () => void deliver(clientId, text));
    p.node.append(retry);
  }

  function sendMessage(): void {
    const text = input.value.trim();
    if (!text) return;
    input.value = "";
    dropSuggestions();
    stopTyping();
    const clientId = newClientId();
    const node = renderPending(clientId, text, t);
    log.append(node);
    pending.set(clientId, { text, node });
    scrollDown();
    void deliver(clientId, text);
  }

  async function askHuman(): Promise<void> {
    onHandoff({ type: "requested" });
    dropSuggestions();
    if (!socket) await connect();
    const ack = await emitWithAck<{ status?: StatusEvent }>("human:request", {});
    if (ack?.ok && ack.status) showStatus(ack.status);
    else if (!ack?.ok) {
      onHandoff({ type: "failed" });
      status.textContent = ack?.error?.message ?? t.offline;
    }
    input.focus();
  }

  function open(focus = true): void {
    panel.hidden = false;
    launcher.setAttribute("aria-expanded", "true");
    ui.launcherLabel.textContent = t.launcherOpen;
    setUnread(0);
    void suggestions.show();
    if (focus) input.focus();
    scrollDown();
    if (!socket) void connect().catch(() => (status.textContent = t.offline));
  }
  function shut(ask = true): void {
    // Closing after an answer asks once whether it helped; closing again (or "Not now") closes.
    // Escape always just closes.
    if (ask && !panel.hidden && answered && askRating(true)) return;
    panel.hidden = true;
    launcher.setAttribute("aria-expanded", "false");
    ui.launcherLabel.textContent = t.launcher;
    launcher.focus();
  }

  launcher.addEventListener("click", () => (panel.hidden ? open() : shut()));
  ui.close.addEventListener("click", () => shut());
  panel.addEventListener("keydown", (e) => {
    if (e.key === "Escape") {
      e.stopPropagation();
      shut(false);
    } else trapFocusWhenFullScreen(e, panel);
  });
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    sendMessage();
  });
  input.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      sendMessage();
    }
  });
  let typingTimer: ReturnType<typeof setTimeout> | undefined;
  function stopTyping(): void {
    if (!typingTimer) return;
    clearTimeout(typingTimer);
    typingTimer = undefined;
    socket?.emit("typing", { typing: false });
  }
  input.addEventListener("input", () => {
    if (!socket?.connected) return;
    if (!typingTimer) socket.emit("typing", { typing: true });
    clearTimeout(typingTimer);
    typingTimer = setTimeout(stopTyping, 1500);
  });
  human.addEventListener("click", () => void askHuman());

  // A returning customer sees their conversation straight away (without stealing the page's focus).
  if (session || script.dataset.open === "true") open(false);
}

const current = document.currentScript as HTMLScriptElement | null;
const script = current ?? document.querySelector<HTMLScriptElement>("script[src*='keel-widget']");
if (script) {
  if (document.body) start(script);
  else document.addEventListener("DOMContentLoaded", () => start(script));
}
