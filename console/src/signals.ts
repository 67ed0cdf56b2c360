// What the console tells an agent at a glance: one grounding number per Keel answer, and the
// signals Keel raised over the whole conversation (not only at the handoff turn), in words.
// Pure functions over the protocol's shapes, so they are tested without a browser.
import type { Citation } from "../../protocol/answers.ts";
import type { GroundingScore, StaffMessage, Ticket } from "../../protocol/messages.ts";

export type Glance = { value: number; level: "good" | "check" | "weak"; detail: string };

/** The answerability model's calibrated probability that the answer is right (claims that failed
 *  verification already discount it); older turns without it: claims supported × question covered,
 *  discounted when another policy ran close in retrieval. */
export function groundingGlance(g: GroundingScore): Glance {
  const value = g.answerability ?? g.supportedShare * g.coverage * (g.retrievalMargin > 0 ? 1 : 0.75);
  const level = value >= 0.6 ? "good" : value >= 0.35 ? "check" : "weak";
  const pct = (x: number) => `${Math.round(x * 100)}%`;
  const why =
    g.answerability !== undefined
      ? `chance the answer is right ${pct(g.answerability)}, claims supported ${pct(g.supportedShare)}`
      : `claims supported ${pct(g.supportedShare)}, question covered ${pct(g.coverage)}, retrieval margin ${g.retrievalMargin.toFixed(3)}`;
  const detail = `${why}${level === "good" ? "" : " — double-check this answer"}`;
  return { value, level, detail };
}

const KIND_WORDS: Record<string, string> = {
  pressure: "pressed Keel to agree",
  pushback: "pushed back on an earlier answer",
  confirmation_seeking: "asked Keel to confirm an assumption",
};

const cite = (c: Citation) => `${c.title} §${c.section}`;

/** The signals on the ticket plus those each Keel turn recorded, without repeats. */
export function conversationSignals(ticket: Ticket | null, messages: StaffMessage[]): string[] {
  const out = new Set<string>(ticket?.context.signals ?? []);
  for (const m of messages) {
    const s = m.signals;
    if (m.author !== "keel" || !s) continue;
    for (const p of s.sycophancy.premises) {
      if (p.verdict === "supported") continue;
      // The reply to a false premise cites the passage that corrects it.
      const by =
        p.verdict === "contradicted" && m.citations[0]
          ? ` — contradicted by ${cite(m.citations[0])}`
          : p.verdict === "contradicted"
            ? " — contradicted by the policies"
            : " — not in the policies";
      out.add(`customer asserted "${p.claim}"${by}`);
    }
    for (const k of s.sycophancy.kinds) if (KIND_WORDS[k]) out.add(`customer ${KIND_WORDS[k]}`);
    if (s.escalation) out.add(`Keel escalated: ${s.escalation.reason.replace(/_/g, " ")}`);
    if (s.injection) out.add("a message contained instructions aimed at the assistant");
  }
  return [...out];
}

/** Every policy passage the conversation touched: the handoff's findings and each answer's citations. */
export function policiesInvolved(ticket: Ticket | null, messages: StaffMessage[]): Citation[] {
  const seen = new Map<string, Citation>();
  const all = [...(ticket?.context.found ?? []), ...messages.flatMap((m) => (m.author === "keel" ? m.citations : []))];
  for (const c of all) {
    const key = `${c.policy}@${c.version}#${c.section}`;
    if (!seen.has(key)) seen.set(key, c);
  }
  return [...seen.values()];
}

/** Whether the customer wrote last: no answer from Keel or a person since (system lines aside). */
export function awaitsAnswer(messages: StaffMessage[]): boolean {
  return messages.filter((m) => m.author !== "system").at(-1)?.author === "customer";
}

/** Splits a draft into runs: plain text, and each checked claim marked supported or not. */
export function markClaims(
  draft: string,
  claims: { text: string; supported: boolean }[],
): { text: string; supported: boolean | null; index: number }[] {
  const runs: { text: string; supported: boolean | null; index: number }[] = [];
  let at = 0;
  claims.forEach((c, index) => {
    const i = draft.indexOf(c.text, at);
    if (i < 0) return;
    if (i > at) runs.push({ text: draft.slice(at, i), supported: null, index: -1 });
    runs.push({ text: c.text, supported: c.supported, index });
    at = i + c.text.length;
  });
  if (at < draft.length) runs.push({ text: draft.slice(at), supported: null, index: -1 });
  return runs;
}

export function slaState(t: Ticket, now = Date.now()): { label: string; level: "ok" | "soon" | "breached" | "done" } {
  if (t.status === "resolved") return { label: "resolved", level: "done" };
  if (t.status === "claimed") return t.slaBreached ? { label: "SLA breached", level: "breached" } : { label: "claimed within SLA", level: "done" };
  const left = Math.round((Date.parse(t.slaDueAt) - now) / 1000);
  if (t.slaBreached || left <= 0) return { label: `SLA breached ${duration(-left)} ago`, level: "breached" };
  return { label: `SLA due in ${duration(left)}`, level: left < 120 ? "soon" : "ok" };
}

export function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s >= 3600) return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
  if (s >= 60) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, "0")}s`;
  return `${s}s`;
}

/** Waiting time of a ticket now: an open ticket keeps counting; otherwise the server's figure
 *  (which stops at the first human reply). */
export function waitingSeconds(t: Ticket, now = Date.now()): number {
  return t.status === "open" ? (now - Date.parse(t.createdAt)) / 1000 : t.waitingSeconds;
}
