// handoff: pass the conversation to a human with what they need — a summary, the question,
// what Keel found, the signals it raised and a grounded suggested reply.
import { answerText, citationsOf, handoffText } from "../reply/compose.ts";
import { escalationReason } from "../route.ts";
import type { Handoff, State, Update } from "../state.ts";
import { finish } from "./finish.ts";

export function describeSignals(state: State): string[] {
  const s = state.signals;
  const out: string[] = [];
  if (!s) return out;
  if (s.humanRequested) out.push("asked for a human");
  for (const k of s.sensitive) out.push(`sensitive: ${k.replace("_", " ")}`);
  for (const p of s.pressure) out.push(`pressure: ${p.replace("_", " ")}`);
  if (s.sentiment === "angry" || s.sentiment === "negative") out.push(`sentiment: ${s.sentiment}`);
  if (s.pushback) out.push("pushed back on an earlier answer");
  for (const p of state.premises) {
    if (p.verdict === "contradicted" && p.citation)
      out.push(`customer asserted "${p.claim}" (contradicted by ${p.citation.title}, ${p.citation.section})`);
    if (p.verdict === "unsupported") out.push(`customer asserted "${p.claim}" (not in the policies)`);
  }
  if (state.injection) out.push("message contained instructions aimed at the assistant");
  if (state.modelError) out.push(`model error: ${state.modelError}`);
  return out;
}

export function handoff(state: State): Update {
  const reason = escalationReason(state) ?? "requested";
  const sentences = state.draft?.sentences ?? [];
  const found = citationsOf(sentences, state.premises);
  const grounded = answerText(state);
  const summary = [
    `Customer asked: "${state.redacted.slice(0, 300)}"`,
    grounded
      ? `Keel found: ${found.map((c) => `${c.title} v${c.version} (${c.section})`).join("; ")}.`
      : `Keel found no grounded answer (${state.draft?.gap ?? "nothing retrieved"}).`,
    `Handed off: ${reason.replace("_", " ")}.`,
  ].join(" ");
  const ticket: Handoff = { reason, summary, question: state.redacted, found, signals: describeSignals(state), suggestedReply: grounded || null };
  return finish(state, { outcome: "handoff", text: handoffText(state, reason), citations: found, escalation: { reason }, handoff: ticket });
}
