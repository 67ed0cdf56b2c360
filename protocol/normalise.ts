// The one normalisation of text that enters Keel (HTTP bodies, socket events, CLI input, imported
// policies): what a person, an agent and the model read is then the same string. It lives in
// protocol/ because the wire's schemas validate with it and every room (server, agent, CLI, the
// policy importer) shares it.
import { z } from "zod";

/** With the u flag a pair is one code point, so only unpaired halves match. */
const LONE_SURROGATE = /\p{Cs}/gu;
/** Bidirectional embeddings, overrides and isolates (LRE…RLO, PDF, LRI…PDI): they reorder what a
 *  screen shows ("\u202Eyad 09" displays as "90 day"), so a reader would see another text than Keel. */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;
/** Control characters other than tab and newline (C0, DEL, C1): NUL is refused by Postgres, the rest
 *  are invisible. Carriage returns are handled before this (they become newlines). */
const CONTROLS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;
/** Invisible characters that carry no meaning in a customer message and can split or hide words from
 *  matching: zero-width space, word joiner, invisible math operators, BOM, soft hyphen, Mongolian
 *  vowel separator, interlinear annotation marks. */
const INVISIBLE = /[\u200B\u2060-\u2064\uFEFF\u00AD\u180E\uFFF9-\uFFFB]/g;
/** Tag characters (U+E0000–E007F) are invisible ASCII look-alikes ("ASCII smuggling" to a model);
 *  the only real use is the subdivision flags: a black flag, tag letters, a cancel tag. */
const TAG_CHARS = /[\u{E0000}-\u{E007F}]/gu;
const FLAG_TAG_SEQUENCE = /\u{1F3F4}[\u{E0020}-\u{E007E}]{1,12}\u{E007F}/gu;
/** Variation selectors: one after a character chooses its presentation (emoji ❤️, CJK variants);
 *  a run of them encodes hidden bytes. */
const VARIATION_SELECTOR_RUNS = /([\uFE00-\uFE0F\u{E0100}-\u{E01EF}])[\uFE00-\uFE0F\u{E0100}-\u{E01EF}]+/gu;
/** ZWJ and ZWNJ are kept where a language or an emoji needs them (below), removed elsewhere. */
const JOINERS = /[\u200C\u200D]/g;
const EMOJI_BEFORE = /[\p{Extended_Pictographic}\p{Emoji_Modifier}\uFE0F]$/u;
const EMOJI_AFTER = /^\p{Extended_Pictographic}/u;
/** A letter or combining mark of a script that shapes with joiners (Arabic, Persian, Indic, …):
 *  Latin, Greek and Cyrillic have no use for them, so there they could only split a word. */
const JOINING_LETTER = /[\p{L}\p{M}]/u;
const NON_JOINING_SCRIPT = /[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}\p{Script=Common}]/u;

function isJoiningLetter(ch: string | undefined): boolean {
  return ch !== undefined && JOINING_LETTER.test(ch) && !NON_JOINING_SCRIPT.test(ch);
}

function keepJoiner(joiner: string, before: string, after: string): boolean {
  const prev = [...before.slice(-2)].pop();
  const next = [...after.slice(0, 2)][0];
  if (joiner === "\u200D" && EMOJI_BEFORE.test(before.slice(-2)) && EMOJI_AFTER.test(after.slice(0, 2))) return true;
  return isJoiningLetter(prev) && isJoiningLetter(next);
}

/**
 * Normalises one incoming string: lone surrogates become U+FFFD (so nothing downstream throws on
 * them), line breaks become "\n", control characters other than tab and newline go, bidirectional
 * overrides and hidden characters go (keeping ZWJ inside emoji sequences and ZWNJ/ZWJ between
 * letters of scripts that need them, such as Persian), and the result is in Unicode NFC.
 * Idempotent: normaliseText(normaliseText(s)) === normaliseText(s).
 */
export function normaliseText(input: string): string {
  // Removing one character can bring two others together that a step before would have treated
  // ("\uFE0F\u200C\u200C\uFE0F" becomes a run of variation selectors once its joiners go): the
  // steps are repeated until nothing changes, which is what makes the result idempotent.
  let s = normaliseOnce(input);
  for (let i = 0; i < MAX_PASSES; i++) {
    const again = normaliseOnce(s);
    if (again === s) break;
    s = again;
  }
  return s;
}
/** Each pass only removes or composes characters, so a few passes reach the fixed point. */
const MAX_PASSES = 4;

function normaliseOnce(input: string): string {
  let s = input.replace(LONE_SURROGATE, "\uFFFD").replace(/\r\n?|[\u2028\u2029]/g, "\n");
  s = s.replace(CONTROLS, "").replace(BIDI_CONTROLS, "").replace(INVISIBLE, "");
  if (/[\u{E0000}-\u{E007F}]/u.test(s)) {
    // Flags keep their tags; every other tag character goes.
    const flags: string[] = [];
    s = s.replace(FLAG_TAG_SEQUENCE, (m) => `\u{1F3F4}\u0000${flags.push(m) - 1}\u0000`).replace(TAG_CHARS, "");
    s = s.replace(/\u{1F3F4}\u0000(\d+)\u0000/gu, (_m, i: string) => flags[Number(i)]!);
  }
  s = s.replace(VARIATION_SELECTOR_RUNS, "$1").normalize("NFC");
  // Joiners are judged on composed text, so the letter before one is the letter a reader sees.
  if (/[\u200C\u200D]/.test(s)) {
    s = s.replace(JOINERS, (j, at: number, whole: string) =>
      keepJoiner(j, whole.slice(Math.max(0, at - 2), at), whole.slice(at + 1, at + 3)) ? j : "",
    );
  }
  return s.normalize("NFC");
}

/** Normalises every string (and object key) in a JSON-like value; other values are kept. */
export function normaliseDeep<T>(value: T): T {
  if (typeof value === "string") return normaliseText(value) as T;
  if (Array.isArray(value)) return value.map((v) => normaliseDeep(v)) as T;
  if (value && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [normaliseText(k), normaliseDeep(v)])) as T;
  }
  return value;
}

/** A zod string that is normalised before any other check: chain `.trim().min().max()` after it,
 *  so length limits apply to the text Keel keeps. Every text field at Keel's edges starts here. */
export function incomingText(): z.ZodString {
  return z.string().overwrite(normaliseText);
}
