// Splits text into sentences (list items count as sentences), keeping offsets so a quote can be
// traced back to its passage.
import { memoByText } from "./memo.ts";
import { STOPWORDS, tokenize } from "./terms.ts";

export type Sentence = { text: string; start: number; end: number };

const ABBREVIATIONS =
  /\b(?:e\.g|i\.e|etc|vs|approx|incl|no|st|mr|mrs|ms|dr|inc|ltd|u\.s|a\.m|p\.m|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\.$/i;

/** A list, heading or quote marker opening a line. */
const LINE_MARKER = /^\s*(?:[-*+]|\d+[.)]|#{1,6}|>)\s+/;

/** The sentences of a text, memoised (policy passages are split again every turn that finds them). */
export const splitSentences: (text: string) => readonly Readonly<Sentence>[] = memoByText(readSentences);

function readSentences(text: string): Sentence[] {
  const out: Sentence[] = [];
  const push = (start: number, end: number) => {
    const raw = text.slice(start, end);
    const lead = raw.length - raw.trimStart().length;
    const clean = raw.trim();
    if (clean && /[\p{L}\p{N}]/u.test(clean)) out.push({ text: clean, start: start + lead, end: start + lead + clean.length });
  };
  // Lines first: headings, list items and table rows end a sentence even without a full stop.
  let lineStart = 0;
  for (const line of text.split("\n")) {
    const lineEnd = lineStart + line.length;
    // A table row is one fact however many sentences its cells hold: its first cell names what
    // the rest is about ("| Riverside | No parking. Use the car park opposite |").
    if (isTableRow(line)) {
      push(lineStart, lineEnd);
      lineStart = lineEnd + 1;
      continue;
    }
    const body = line.replace(LINE_MARKER, (m) => " ".repeat(m.length));
    // A list item's marker is not part of its sentence, whether or not the item ends with a stop.
    let s = lineStart + (line.match(LINE_MARKER)?.[0].length ?? 0);
    const re = /[.!?]+["')\]]*(?=\s+|$)/g;
    for (let m = re.exec(body); m; m = re.exec(body)) {
      const end = lineStart + m.index + m[0].length;
      const before = text.slice(s, end);
      // Don't split on "e.g." or a decimal like "$6.95".
      if (ABBREVIATIONS.test(before.trim())) continue;
      push(s, end);
      s = end;
    }
    const rest = text.slice(s, lineEnd);
    const marker = rest.match(LINE_MARKER);
    push(marker ? s + marker[0].length : s, lineEnd);
    lineStart = lineEnd + 1;
  }
  return joinBackReferences(text, joinLists(text, out));
}

/** "Reasons accepted:" followed by list items reads as one statement: keep them together. */
function joinLists(text: string, sentences: Sentence[]): Sentence[] {
  const out: Sentence[] = [];
  let openList = false;
  for (const s of sentences) {
    const prev = out[out.length - 1];
    const lineStartsList = /^\s*(?:[-*+]|\d+[.)])\s+/.test(text.slice(text.lastIndexOf("\n", s.start - 1) + 1, s.start + 1));
    if (prev && lineStartsList && (openList || prev.text.endsWith(":"))) {
      openList = true;
      out[out.length - 1] = { text: text.slice(prev.start, s.end), start: prev.start, end: s.end };
      continue;
    }
    openList = false;
    out.push(s);
  }
  return out;
}

/** A sentence that opens by pointing back ("Other reasons are not acceptable.", "This has to be
 *  done even when…") states nothing on its own: it stays with the sentence it points to, when both
 *  are in the same paragraph line. */
const POINTS_BACK = /^(?:this|that|these|those|such|other|otherwise|it|they)\b/i;
export const pointsBack = (sentence: string) => POINTS_BACK.test(sentence);

function joinBackReferences(text: string, sentences: Sentence[]): Sentence[] {
  const out: Sentence[] = [];
  for (const s of sentences) {
    const prev = out[out.length - 1];
    if (prev && pointsBack(s.text) && !text.slice(prev.end, s.start).includes("\n")) {
      out[out.length - 1] = { text: text.slice(prev.start, s.end), start: prev.start, end: s.end };
      continue;
    }
    out.push(s);
  }
  return out;
}

/** A bare "Yes." or "No." opening a sentence: in a document, the answer to its heading's question
 *  ("Does the Lite kettle have a timer?" — "No. It boils on demand only."). */
export const ANSWER_WORD_LEAD = /^\s*(?:yes|no)[.,!]\s+(?=\S)/i;

/** A label and its value ("Annual fee: $25", "Seats: 5", "Monthly fee: none"): a fact however short. */
const LABELLED_VALUE = /^[^:]*\w[^:]*:\s*\S/;
/** Fewer words than this state nothing on their own ("- price"), unless a label with its value. */
const MIN_STATING_WORDS = 4;

/** Whether a sentence is too short to state anything: a list item cut off from its lead ("- price"),
 *  not a label with its value ("Annual fee: $125"). */
export function statesNothing(text: string): boolean {
  return text.split(/\s+/).length < MIN_STATING_WORDS && !LABELLED_VALUE.test(text);
}

/** A Markdown table row's cells, as written ("| Late fee | $25 |" → "Late fee", "$25"). */
export const rowCells = (row: string) =>
  row
    .split("|")
    .map((c) => c.trim())
    .filter(Boolean);

/** A table row read as "Cell: cell" for matching (the quote stays verbatim). */
export const rowWords = (row: string) => rowCells(row).join(": ");

/** A Markdown table row ("| Fee | $20 |") and the rule under its header ("|---|---|"). */
export const isTableRow = (text: string): boolean => /^\|.*\|\s*$/.test(text.trim());
export const isTableRule = (text: string): boolean => /^\|?\s*:?-{2,}/.test(text.replace(/\s/g, "").slice(0, 6));

/** A pronoun for something said before it ("that", "it", "those"…, and "one" closing a phrase: "the cheaper one?"). */
const ANAPHOR = /\b(?:that|this|it|them|those|these)\b|\bones?(?=\s*(?:[?.!,]|$))/i;
/** A sentence whose only subject matter is a pronoun for something said before it ("What would
 *  that involve?", "Can I pay for that in cash?"): it asks about the sentence before it. */
export const onlyPointsBack = (sentence: string) =>
  ANAPHOR.test(sentence) && tokenize(sentence).filter((t) => !STOPWORDS.has(t) && t.length > 1 && t !== "one" && t !== "ones").length <= 1;
