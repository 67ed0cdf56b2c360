// Removes personal data (cards, emails, phones, government ids, IBANs, IPs) from text
// before it is logged, stored or sent to a model; runs on every chat turn, so it is pure and fast.

export type RedactionKind = "card" | "email" | "phone" | "gov_id" | "iban" | "ip";

/** A span of the ORIGINAL text that was replaced; `end` is exclusive. */
export type Redaction = { kind: RedactionKind; start: number; end: number };

export const PLACEHOLDERS: Record<RedactionKind, string> = {
  card: "[CARD]",
  email: "[EMAIL]",
  phone: "[PHONE]",
  gov_id: "[GOV_ID]",
  iban: "[IBAN]",
  ip: "[IP]",
};

// When two detectors claim overlapping text the earlier kind wins: an email can hold
// digits that look like a phone, and an IBAN's digits can look like a card.
const PRIORITY: RedactionKind[] = ["email", "iban", "card", "gov_id", "ip", "phone"];

/** IBAN length by country; a wrong length is rejected before the checksum is even tried. */
const IBAN_LENGTHS: Record<string, number> = {
  AD: 24,
  AE: 23,
  AL: 28,
  AT: 20,
  AZ: 28,
  BA: 20,
  BE: 16,
  BG: 22,
  BH: 22,
  BR: 29,
  BY: 28,
  CH: 21,
  CR: 22,
  CY: 28,
  CZ: 24,
  DE: 22,
  DK: 18,
  DO: 28,
  EE: 20,
  EG: 29,
  ES: 24,
  FI: 18,
  FO: 18,
  FR: 27,
  GB: 22,
  GE: 22,
  GI: 23,
  GL: 18,
  GR: 27,
  GT: 28,
  HR: 21,
  HU: 28,
  IE: 22,
  IL: 23,
  IQ: 23,
  IS: 26,
  IT: 27,
  JO: 30,
  KW: 30,
  KZ: 20,
  LB: 28,
  LC: 32,
  LI: 21,
  LT: 20,
  LU: 20,
  LV: 21,
  MC: 27,
  MD: 24,
  ME: 22,
  MK: 19,
  MR: 27,
  MT: 31,
  MU: 30,
  NL: 18,
  NO: 15,
  PK: 24,
  PL: 28,
  PS: 29,
  PT: 25,
  QA: 29,
  RO: 24,
  RS: 22,
  SA: 24,
  SC: 31,
  SE: 24,
  SI: 19,
  SK: 24,
  SM: 27,
  ST: 25,
  SV: 28,
  TL: 23,
  TN: 24,
  TR: 26,
  UA: 29,
  VA: 22,
  VG: 24,
  XK: 20,
};

const PATTERNS = {
  email:
    /(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?)*\.[A-Za-z]{2,24}(?![\w-])/g,
  // Printed IBANs come either unbroken or in groups of four; insisting on that shape keeps
  // ordinary words from being read as a BBAN.
  iban: /(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}(?:[A-Za-z0-9]{11,30}|(?: [A-Za-z0-9]{4}){2,7}(?: [A-Za-z0-9]{1,4})?)(?![A-Za-z0-9])/g,
  // A run of digit groups; which part of it (if any) is a card is decided by shape and Luhn.
  // No trailing lookahead: backtracking through a long run would be quadratic, so a group
  // glued to letters is dropped in code instead.
  digitRun: /(?<![A-Za-z0-9.,$£€])\d+(?:[ -]\d+)*/g,
  ssn: /(?<![\w-])\d{3}-\d{2}-\d{4}(?![\w]|-\d)/g,
  // Unformatted nine digits are only an SSN when the customer says so.
  ssnLabelled: /\b(?:SSN#?|social security(?: number| no\.?| #)?|soc\.? sec\.?)[^\d\n]{0,20}?(\d{3}[- ]?\d{2}[- ]?\d{4})(?!\d)/dgi,
  ukNi: /(?<![A-Za-z0-9])(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z](?: ?\d{2}){3} ?[A-D](?![A-Za-z0-9])/gi,
  ipv4: /(?<![\w.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?![\w]|\.\d)/g,
  // Each group starts with a separator or a bracketed area code, so a long digit run cannot be
  // split up in many ways while backtracking; unbroken numbers take the second branch.
  phoneIntl: /(?<![\w+])\+(?:\d{1,3}(?:(?:[ .-]|[ .-]?\(\d{1,4}\)[ .-]?)\d{1,8}){1,6}|\d{8,15})(?![\w])/g,
  // North American numbers need separators: unbroken ten digits are more often order numbers.
  phoneNanp: /(?<![\w+]|\d[ .-])(?:1[ .-])?(?:\(\d{3}\)[ .-]?|\d{3}[ .-])\d{3}[ .-]\d{4}(?![\w]|[.-]\d)/g,
  phoneTrunk: /(?<![\w+.]|\d[ .-])0\d{2,4}[ -]?\d{3,4}[ -]?\d{3,4}(?![\w]|[.-]\d)/g,
  phoneLabelled:
    /\b(?:phone|mobile|cell|tel|telephone|call me|text me|reach me|whatsapp)(?: (?:number|no\.?|#))?(?: is| at| on|:)?\s*(\+?\d[\d .-]{8,16}\d)(?![\w])/dgi,
};

/** Replaces personal data with placeholders; offsets in `found` refer to the input text. */
export function redactPersonalData(text: string): { text: string; found: Redaction[] } {
  const candidates = [...findEmails(text), ...findIbans(text), ...findCards(text), ...findGovIds(text), ...findIps(text), ...findPhones(text)];
  const found = pickNonOverlapping(candidates);
  let out = "";
  let cursor = 0;
  for (const r of found) {
    out += text.slice(cursor, r.start) + PLACEHOLDERS[r.kind];
    cursor = r.end;
  }
  out += text.slice(cursor);
  return { text: out, found };
}

/** The spans of only these kinds (each kind found as if it were the only one sought, then the
 *  usual priority between them): for callers that mask some kinds and must not lose a card to an
 *  overlapping kind they leave alone. */
export function findPersonalData(text: string, kinds: readonly RedactionKind[]): Redaction[] {
  const finders: Record<RedactionKind, (t: string) => Redaction[]> = {
    email: findEmails,
    iban: findIbans,
    card: findCards,
    gov_id: findGovIds,
    ip: findIps,
    phone: findPhones,
  };
  return pickNonOverlapping(kinds.flatMap((k) => finders[k](text)));
}

function pickNonOverlapping(candidates: Redaction[]): Redaction[] {
  const ranked = [...candidates].sort(
    (a, b) => PRIORITY.indexOf(a.kind) - PRIORITY.indexOf(b.kind) || b.end - b.start - (a.end - a.start) || a.start - b.start,
  );
  const kept: Redaction[] = [];
  for (const c of ranked) {
    if (!kept.some((k) => c.start < k.end && k.start < c.end)) kept.push(c);
  }
  return kept.sort((a, b) => a.start - b.start);
}

function spans(text: string, re: RegExp, kind: RedactionKind, accept: (m: string) => boolean = () => true): Redaction[] {
  const out: Redaction[] = [];
  for (const m of allMatches(re, text)) {
    if (accept(m[0])) out.push({ kind, start: m.index, end: m.index + m[0].length });
  }
  return out;
}

/** Spans of capture group 1, for patterns whose label must not itself be redacted. */
function groupSpans(text: string, re: RegExp, kind: RedactionKind, accept: (m: string) => boolean = () => true): Redaction[] {
  const out: Redaction[] = [];
  for (const m of allMatches(re, text)) {
    const at = m.indices?.[1];
    if (at && accept(m[1])) out.push({ kind, start: at[0], end: at[1] });
  }
  return out;
}

function findEmails(text: string): Redaction[] {
  return text.includes("@") ? spans(text, PATTERNS.email, "email") : [];
}

function findIbans(text: string): Redaction[] {
  const out: Redaction[] = [];
  for (const m of allMatches(PATTERNS.iban, text)) {
    const expected = IBAN_LENGTHS[m[0].slice(0, 2).toUpperCase()];
    if (!expected) continue;
    // A greedy match may run into a following word; cut it at the country's length.
    let taken = 0;
    let end = 0;
    while (end < m[0].length && taken < expected) {
      if (m[0][end] !== " ") taken++;
      end++;
    }
    if (taken < expected || (end < m[0].length && m[0][end] !== " ")) continue;
    const compact = m[0].slice(0, end).replace(/ /g, "").toUpperCase();
    if (isValidIban(compact)) out.push({ kind: "iban", start: m.index, end: m.index + end });
  }
  return out;
}

export function isValidIban(compact: string): boolean {
  const rearranged = compact.slice(4) + compact.slice(0, 4);
  let remainder = 0;
  for (const ch of rearranged) {
    const code = ch.charCodeAt(0);
    const value = code >= 65 ? code - 55 : code - 48;
    remainder = value >= 10 ? (remainder * 100 + value) % 97 : (remainder * 10 + value) % 97;
  }
  return remainder === 1;
}

export function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

// Cards are printed unbroken, in fours (up to 19 digits), or Amex/Diners style.
function looksLikeCardGrouping(lengths: number[]): boolean {
  if (lengths.length === 1) return true;
  const key = lengths.join("-");
  if (key === "4-6-5" || key === "4-6-4") return true;
  return lengths.slice(0, -1).every((n) => n === 4) && lengths[lengths.length - 1] <= 4;
}

function findCards(text: string): Redaction[] {
  const out: Redaction[] = [];
  for (const m of allMatches(PATTERNS.digitRun, text)) {
    const groups = allMatches(/\d+/g, m[0]).map((g) => ({ start: m.index + g.index, digits: g[0] }));
    if (/[A-Za-z]/.test(text[m.index + m[0].length] ?? "")) groups.pop();
    // A run can hold a date or quantity next to a card; take the longest card-shaped slice first.
    let i = 0;
    while (i < groups.length) {
      const end = findCardEnd(text, groups, i);
      if (end >= 0) {
        const last = groups[end];
        out.push({ kind: "card", start: groups[i].start, end: last.start + last.digits.length });
        i = end + 1;
      } else {
        i++;
      }
    }
  }
  return out;
}

/** Index of the last group of the longest card starting at group `i`, or -1. */
function findCardEnd(text: string, groups: Array<{ start: number; digits: string }>, i: number): number {
  const ends: number[] = [];
  let count = 0;
  for (let j = i; j < groups.length && count + groups[j].digits.length <= 19; j++) {
    count += groups[j].digits.length;
    if (j > i && text[groups[j].start - 1] !== text[groups[i + 1].start - 1]) break;
    if (count >= 13) ends.push(j);
  }
  for (let k = ends.length - 1; k >= 0; k--) {
    // Every multi-group card layout starts with four digits; this skips most slices cheaply.
    if (ends[k] > i && groups[i].digits.length !== 4) continue;
    const slice = groups.slice(i, ends[k] + 1);
    if (looksLikeCardGrouping(slice.map((g) => g.digits.length)) && passesLuhn(slice.map((g) => g.digits).join(""))) return ends[k];
  }
  return -1;
}

function findGovIds(text: string): Redaction[] {
  return [
    ...spans(text, PATTERNS.ssn, "gov_id"),
    ...groupSpans(text, PATTERNS.ssnLabelled, "gov_id"),
    // Lower-case NI numbers are accepted only unspaced: "ab 12 34 56 c" is more likely prose.
    ...spans(text, PATTERNS.ukNi, "gov_id", (m) => m === m.toUpperCase() || !m.includes(" ")),
  ];
}

function findIps(text: string): Redaction[] {
  return spans(text, PATTERNS.ipv4, "ip");
}

const countDigits = (s: string): number => s.replace(/\D/g, "").length;

function findPhones(text: string): Redaction[] {
  return [
    ...spans(text, PATTERNS.phoneIntl, "phone", (m) => countDigits(m) >= 8 && countDigits(m) <= 15),
    ...spans(text, PATTERNS.phoneNanp, "phone"),
    ...spans(text, PATTERNS.phoneTrunk, "phone", (m) => countDigits(m) >= 10 && countDigits(m) <= 11),
    ...groupSpans(text, PATTERNS.phoneLabelled, "phone", (m) => countDigits(m) >= 10 && countDigits(m) <= 15),
  ];
}

// matchAll clones its regex on every call, which costs more than the matching itself on
// chat-sized text; the module's regexes are global and used synchronously, so exec is safe.
function allMatches(re: RegExp, text: string): RegExpExecArray[] {
  const out: RegExpExecArray[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    out.push(m);
    if (m[0].length === 0) re.lastIndex++;
  }
  return out;
}
