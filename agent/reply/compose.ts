// Writes the customer-facing text from verified parts: corrections of premises, the quoted policy
// sentences, and honest statements of what Keel cannot confirm. Keel's own words only frame.
import type { Citation, DraftSentence, EscalationReason, PremiseVerdict, State } from "../state.ts";
import { checkAnswer } from "../verify/claims.ts";
import type { SocialAct } from "../understand/social.ts";
import { englishRank } from "../../kb/text/rarity.ts";
import { ANSWER_WORD_LEAD, rowCells } from "../../kb/text/sentences.ts";
import { contentStems, NEGATIONS, stem } from "../../kb/text/terms.ts";

/** "our Warranty policy", but "our Retail agent policy" when the title already says so. */
export function ourPolicy(title: string): string {
  return /\bpolic(?:y|ies)$/i.test(title.trim()) ? `our ${title}` : `our ${title} policy`;
}

/** A policy's sentence as a customer reads it: a Markdown table row ("| Late fee | $25 |") as its
 *  cells ("Late fee: $25."), and no Markdown emphasis marks. The citation keeps the quote as written. */
export function spoken(text: string): string {
  const plain = text.replace(/\*\*(.+?)\*\*/g, "$1");
  return plain.replace(/\|(?:[^|\n]*\|)+/g, (row) => {
    const cells = rowCells(row);
    if (!cells.length) return row;
    const [first, ...rest] = cells;
    const said = rest.length ? `${first}: ${rest.join(", ")}` : first!;
    return /[.!?]$/.test(said) ? said : `${said}.`;
  });
}

/** The answer starts with the policy's own sentences, one line per section quoted; which policy,
 *  section and version each comes from travels as its citation (the widget's "Sources" row). */
export function quoteAnswer(sentences: DraftSentence[]): string {
  const groups = new Map<string, DraftSentence[]>();
  for (const s of sentences) {
    const key = `${s.citation.policy}|${s.citation.section}`;
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  return [...groups.values()].map((g) => g.map((s, i) => ended(spoken(s.text), i < g.length - 1)).join(" ")).join("\n");
}

/** A list item quoted before another ends as a sentence does, so two items do not run together. */
const ended = (text: string, more: boolean) => (more && !/[.!?:]["'”)]?$/.test(text) ? `${text}.` : text);

export function premiseNotes(premises: PremiseVerdict[]): string[] {
  const notes: string[] = [];
  for (const p of premises) {
    if (p.verdict === "contradicted" && p.citation) {
      // Asked to confirm something false, the customer first hears "No".
      notes.push(
        `${p.kind === "confirmation" ? "No — " : "To correct one point: "}${ourPolicy(p.citation.title)} (${p.citation.section}) says: "${spoken(p.citation.quote)}"${p.also ? alsoSays(p.citation, p.also) : ""}`,
      );
    } else if (p.verdict === "unsupported" && p.citation) {
      notes.push(
        `I can't confirm that ${embedded(p.claim)}. What ${ourPolicy(p.citation.title)} (${p.citation.section}) says is: "${spoken(p.citation.quote)}"`,
      );
    } else if (p.verdict === "unsupported") {
      notes.push(`I can't confirm that ${embedded(p.claim)}: I don't find it in our policies.`);
    }
  }
  return notes;
}

/** A customer's sentence set inside Keel's ("I can't confirm that a VPN always…"): no closing
 *  mark, and its first word in lower case unless it is a name, "I" or an acronym. */
function embedded(claim: string): string {
  const text = claim.trim().replace(/[.!?]+$/, "");
  const first = text.match(/^[A-Z][a-z']*\b/)?.[0];
  if (!first || first === "I" || first.startsWith("I'") || !Number.isFinite(englishRank(first.toLowerCase()))) return text;
  return first.toLowerCase() + text.slice(first.length);
}

/** The second correcting sentence, named by its section, or by its policy when it is another one. */
function alsoSays(first: Citation, also: Citation): string {
  if (also.policy !== first.policy) return ` And ${ourPolicy(also.title)} (${also.section}) says: "${spoken(also.quote)}"`;
  return ` It also says${also.section === first.section ? "" : ` (${also.section})`}: "${spoken(also.quote)}"`;
}

/** The sentences quoted about the customer's premises: what applies, and each correction. */
function premiseCitations(premises: PremiseVerdict[]): Citation[] {
  return premises
    .filter((p) => p.verdict !== "supported" && p.citation)
    .flatMap((p) => [p.citation!, ...(p.verdict === "contradicted" && p.also ? [p.also] : [])]);
}

export function citationsOf(sentences: DraftSentence[], premises: PremiseVerdict[]): Citation[] {
  const all = [...premiseCitations(premises), ...sentences.map((s) => s.citation)];
  const seen = new Set<string>();
  return all.filter((c) => {
    const key = `${c.policy}|${c.version}|${c.section}|${c.quote}`;
    return !seen.has(key) && seen.add(key);
  });
}

/** "Yes — " or "No — " before the quote, when a yes/no question is answered by the quoted rule
 *  itself: the checker reads the bare answer with the question against the quoted sentences. */
function yesOrNo(state: State, sentences: DraftSentence[]): string {
  // A quote that opens with the document's own "Yes." or "No." needs no other.
  if (!state.reading?.yesNo || state.signals?.pushback || ANSWER_WORD_LEAD.test(sentences[0]?.text ?? "")) return "";
  // Only a clear answer: the rule must support one reading and not the other. The best sentence
  // (quoted first) answers; the ones after it qualify it ("…no free shipping on international
  // orders"), so they decide only when it alone does not.
  const lead = (quoted: DraftSentence[]) => {
    const passages = [{ text: quoted.map((s) => s.text).join("\n") }];
    const yes = checkAnswer("Yes.", passages, state.query).supported;
    const no = checkAnswer("No.", passages, state.query).supported && !negatesOnlyOtherThings(quoted, state.query);
    return yes && !no ? "Yes — " : no && !yes ? "No — " : "";
  };
  return (sentences.length > 1 && lead(sentences.slice(0, 1))) || lead(sentences);
}

/** The word a "not" applies to: the first word after it, past the auxiliaries ("cannot be
 *  returned" → returned, "do not charge" → charge, "never expire" → expire). */
const NEGATED_HEAD = new RegExp(
  String.raw`(?:\b(?:${[...NEGATIONS].join("|")})\b|n't\b)\s+(?:(?:be|been|being|have|has|had|do|does|did|get|got|yet|ever|always)\s+)*([a-z]+)`,
  "gi",
);

/** True when the quoted rules say no only about things the customer did not ask about: "Can I
 *  cancel my order?" is not answered "No" by "We do not charge your card for a cancelled order".
 *  A "no" that comes from a word of the opposite meaning ("free" against a fee) has no negation to
 *  read and stands. */
function negatesOnlyOtherThings(sentences: DraftSentence[], question: string): boolean {
  const asked = new Set(contentStems(question));
  const heads = sentences.flatMap((s) => [...s.text.matchAll(NEGATED_HEAD)].map((m) => stem(m[1]!.toLowerCase())));
  return heads.length > 0 && !heads.some((h) => asked.has(h));
}

/** Words whose capital only marks the start of a sentence: after "Yes — " they are lowercased.
 *  Any other first word keeps its capital ("No — Acme gift cards never expire"). */
const SENTENCE_START_ONLY = new Set([
  "the",
  "a",
  "an",
  "you",
  "your",
  "we",
  "our",
  "it",
  "its",
  "they",
  "their",
  "this",
  "these",
  "that",
  "those",
  "all",
  "any",
  "each",
  "every",
  "most",
  "some",
  "only",
  "if",
  "when",
  "there",
  "in",
  "on",
  "for",
  "after",
  "before",
  "within",
]);

function afterDash(sentence: string): string {
  const first = /^\p{L}+/u.exec(sentence)?.[0] ?? "";
  return SENTENCE_START_ONLY.has(first.toLowerCase()) ? `${sentence.charAt(0).toLowerCase()}${sentence.slice(1)}` : sentence;
}

export function answerText(state: State): string {
  const sentences = state.draft?.sentences ?? [];
  const parts: string[] = [];
  const repeated = state.signals?.pushback && state.lastAnswer;
  if (repeated) {
    const same = state.lastAnswer!.citations.map((c) => c.quote).join() === sentences.map((s) => s.citation.quote).join();
    parts.push(same ? "I've checked again, and our policy says the same." : "I've checked again against our current policies.");
  }
  parts.push(...premiseNotes(state.premises));
  // A sentence already quoted to correct a premise is not quoted a second time as the answer.
  const quoted = new Set(premiseCitations(state.premises).map((c) => c.quote));
  const rest = sentences.filter((s) => !quoted.has(s.citation.quote));
  if (rest.length) {
    const lead = parts.length ? "" : yesOrNo(state, rest);
    const quote = quoteAnswer(rest);
    parts.push(lead ? `${lead}${afterDash(quote)}` : quote);
  }
  return parts.join("\n");
}

// Keel cannot know whether anyone is online or chat is open, so it promises no connection: where
// the handoff stands (queued, nobody online, closed until…) is the widget's one status line.
const HANDOFF_OPENINGS: Record<EscalationReason, string> = {
  requested: "Of course. I've passed this conversation to our support team.",
  sensitive: "I'm sorry you're dealing with this. I've passed this conversation to our team so a person can help you personally.",
  policy_requires: "This is something a member of our team needs to handle, so I've passed this conversation to them.",
  pressure: "I understand this matters a lot to you. I've asked a member of our team to look at it with you.",
  repeated_refusal: "I haven't been able to find the answers in our policies, so I've passed this conversation to our support team.",
  model_error: "I'm having trouble answering reliably right now, so I've passed this conversation to our support team.",
};

/** Someone may be in danger now: a queue is not where they should wait. */
const DANGER_KINDS: readonly string[] = ["self_harm", "safety"];
const EMERGENCY_LINE = "If you or anyone else is in immediate danger, please call your local emergency number now.";

export function handoffText(state: State, reason: EscalationReason): string {
  const parts = [HANDOFF_OPENINGS[reason]];
  if (state.signals?.sensitive.some((k) => DANGER_KINDS.includes(k))) parts.push(EMERGENCY_LINE);
  const grounded = answerText(state);
  if (grounded) parts.push(`In the meantime, here is what our policy says:\n${grounded}`);
  parts.push("Whoever picks it up will see everything here, so you won't need to repeat yourself.");
  return parts.join("\n");
}

export function refusalText(state: State): string {
  const parts: string[] = [];
  if (state.unknownSpecifics.length) {
    parts.push(`I'm sorry, I can't find anything in our policies about ${state.unknownSpecifics.join(" or ")}, so I can't tell you that one exists.`);
    const instead = state.binding?.unknown ? (state.binding.instead ?? []) : [];
    if (instead.length) parts.push(`The ones I can tell you about are ${listed(instead, "and")}.`);
  } else {
    parts.push("I'm sorry, I can't find anything in our policies that answers that, and I don't want to guess.");
  }
  parts.push(...premiseNotes(state.premises));
  parts.push("Would you like me to connect you with a member of our team?");
  return parts.join("\n");
}

export function clarifyText(state: State): string {
  const titles = state.draft?.clarify?.length ? state.draft.clarify : [...new Set(state.hits.map((h) => h.title))].slice(0, 3);
  return `I want to make sure I answer the right question. Are you asking about ${listed(titles, "or")}?`;
}

/** "A, B or C"; one item alone. */
function listed(items: string[], conjunction: "and" | "or"): string {
  return items.length > 1 ? `${items.slice(0, -1).join(", ")} ${conjunction} ${items[items.length - 1]}` : (items[0] ?? "");
}

/** Keel's reply to a message that only greets, thanks, agrees, declines or acknowledges. */
export function socialReply(act: SocialAct, context: { answered: boolean; offeredPerson: boolean }): string {
  switch (act) {
    case "greeting":
      return "Hello! What can I help you with today?";
    case "thanks":
      return "You're welcome! Is there anything else I can help you with?";
    case "no":
      return context.offeredPerson
        ? "All right. If there's anything else I can help with, just ask."
        : "All right. Is there anything else I can help you with?";
    case "yes":
    case "ack":
      return context.answered ? "Glad that helps. Is there anything else I can help you with?" : "What can I help you with?";
  }
}
