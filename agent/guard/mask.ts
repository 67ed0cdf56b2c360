// Masking at rest: payment cards, national identifiers and bank account numbers never reach the
// database or the logs in full. Stored text keeps the last four characters ("•••• 1111"), the way
// help desks show a card, so an agent can still tell which card the customer meant. The agent's own
// redaction (agent/guard/redact.ts) runs after this, before anything reaches a model.
import { ALWAYS_MASKED, type MaskKind } from "../../config/privacy.ts";
import { findPersonalData, type Redaction, type RedactionKind } from "./redact.ts";

export type { MaskKind };

let masked: ReadonlySet<MaskKind> = new Set(ALWAYS_MASKED);

/** Sets what is masked in this process (the server does at start, from KEEL_MASK_AT_REST);
 *  ALWAYS_MASKED is kept whatever is given, so card masking cannot be turned off. */
export function useMaskedKinds(extra: readonly MaskKind[]): void {
  masked = new Set([...ALWAYS_MASKED, ...extra]);
}

export function maskedKinds(): MaskKind[] {
  return [...masked];
}

// Bank account numbers have no checksum or shape to tell them from an order number, so they are
// masked when the customer names them. Group 1 is the number; the label stays.
const BANK_ACCOUNT = [
  /\b(?:bank\s+)?(?:account|acct|a\/c)(?:\s*(?:number|num|no\.?|#))?(?:\s+is)?\s*[:#=]?\s*(\d(?:[ -]?\d){5,33})(?![\d-])/dgi,
  /\b(?:routing|ABA|transit)(?:\s*(?:number|num|no\.?|#))?(?:\s+is)?\s*[:#=]?\s*(\d{9})(?!\d)/dgi,
  /\bsort\s*code(?:\s+is)?\s*[:#=]?\s*(\d{2}[- ]?\d{2}[- ]?\d{2})(?!\d)/dgi,
];

function findBankAccounts(text: string): Redaction[] {
  const out: Redaction[] = [];
  for (const re of BANK_ACCOUNT) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const at = m.indices?.[1];
      // "iban" is the closest redactor kind; the span is relabelled below.
      if (at) out.push({ kind: "iban", start: at[0], end: at[1] });
    }
  }
  return out;
}

function maskOf(kind: MaskKind, original: string): string {
  if (kind === "email") return `•••@${original.slice(original.lastIndexOf("@") + 1)}`;
  return `•••• ${original.replace(/[^A-Za-z0-9]/g, "").slice(-4)}`;
}

/** The text with every masked kind replaced by its mask, and which kinds were found. Idempotent:
 *  a mask is never read as data again. */
export function maskText(text: string, kinds: ReadonlySet<MaskKind> = masked): { text: string; masked: MaskKind[] } {
  // Cheap exit for the common case: every maskable value has digits, or an "@" for emails.
  if (!/\d/.test(text) && !(kinds.has("email") && text.includes("@"))) return { text, masked: [] };
  const redactorKinds = [...kinds].filter((k): k is RedactionKind & MaskKind => k !== "bank_account");
  const spans: { kind: MaskKind; start: number; end: number }[] = findPersonalData(text, redactorKinds);
  if (kinds.has("bank_account")) {
    for (const b of findBankAccounts(text)) {
      if (!spans.some((s) => b.start < s.end && s.start < b.end)) spans.push({ ...b, kind: "bank_account" });
    }
  }
  if (!spans.length) return { text, masked: [] };
  spans.sort((a, b) => a.start - b.start);
  let out = "";
  let cursor = 0;
  for (const s of spans) {
    out += text.slice(cursor, s.start) + maskOf(s.kind, text.slice(s.start, s.end));
    cursor = s.end;
  }
  return { text: out + text.slice(cursor), masked: [...new Set(spans.map((s) => s.kind))] };
}

/** The customer's message as the agent should read it on a live turn: what the agent's own
 *  redaction does not know (bank account numbers) masked here, the rest left to it, so the graph
 *  reads "[CARD]" exactly as it does in the evals, and no full number reaches its state. */
export function maskForAgent(text: string): string {
  return maskText(text, new Set<MaskKind>(["bank_account"])).text;
}

/** Masks every string (not object keys) inside a JSON-like value: ticket context, event details, log fields. */
export function maskDeep<T>(value: T, kinds: ReadonlySet<MaskKind> = masked): T {
  if (typeof value === "string") return maskText(value, kinds).text as T;
  if (Array.isArray(value)) return value.map((v) => maskDeep(v, kinds)) as T;
  if (value instanceof Error) return maskText(value.stack ?? String(value), kinds).text as T;
  if (value && typeof value === "object" && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskDeep(v, kinds)])) as T;
  }
  return value;
}

/** What masking at rest changes in a stored record: each text field through maskText and each JSON
 *  field through maskDeep (as JSON text), in the order named, keeping only the fields whose value
 *  changes; and the kinds found in the text fields. Both the server's tables and the agent's go
 *  through it (server/privacy/at-rest.ts, agent/store/at-rest.ts), so they are masked alike. */
export function maskFields(
  record: Readonly<Record<string, unknown>>,
  fields: { text: readonly string[]; json: readonly string[] },
  kinds: ReadonlySet<MaskKind> = masked,
): { changed: { field: string; value: string; isJson: boolean }[]; found: MaskKind[] } {
  const changed: { field: string; value: string; isJson: boolean }[] = [];
  const found = new Set<MaskKind>();
  for (const field of fields.text) {
    const value = record[field];
    if (typeof value !== "string") continue;
    const m = maskText(value, kinds);
    if (m.text === value) continue;
    for (const k of m.masked) found.add(k);
    changed.push({ field, value: m.text, isJson: false });
  }
  for (const field of fields.json) {
    const value = record[field];
    if (value === null || value === undefined) continue;
    const json = JSON.stringify(maskDeep(value, kinds));
    if (json === JSON.stringify(value)) continue;
    changed.push({ field, value: json, isJson: true });
  }
  return { changed, found: [...found] };
}
