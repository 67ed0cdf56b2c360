// Splits a policy body along its heading structure. Each chunk knows its heading path and its
// character span in the body, so a citation can name the section and quote it exactly.
import { MAX_CHUNK_CHARS } from "../config/limits.ts";

export type Chunk = {
  ordinal: number;
  headingPath: string[];
  section: string;
  content: string;
  charStart: number;
  charEnd: number;
};

type Section = { headingPath: string[]; start: number; end: number };

const HEADING = /^(#{1,6})\s+(.+?)\s*#*\s*$/;

function sectionsOf(body: string, title: string): Section[] {
  const sections: Section[] = [];
  const stack: { level: number; text: string }[] = [];
  let current: Section = { headingPath: [title], start: 0, end: 0 };
  let inFence = false;
  let offset = 0;
  for (const line of body.split("\n")) {
    const lineStart = offset;
    offset += line.length + 1;
    if (/^\s*(```|~~~)/.test(line)) inFence = !inFence;
    const m = inFence ? null : line.match(HEADING);
    if (!m) continue;
    current.end = lineStart;
    sections.push(current);
    const level = m[1]!.length;
    while (stack.length && stack[stack.length - 1]!.level >= level) stack.pop();
    stack.push({ level, text: m[2]!.replace(/[*_`]/g, "") });
    // Every path starts at the document's title, whether or not the body has a level-1 heading.
    const path = stack.map((s) => s.text);
    current = { headingPath: stack[0]!.level === 1 ? path : [title, ...path], start: offset, end: body.length };
  }
  current.end = body.length;
  sections.push(current);
  return sections;
}

/** Splits [start, end) of body at blank lines into pieces of at most MAX_CHUNK_CHARS (a longer paragraph stays whole). */
function splitSpan(body: string, start: number, end: number): [number, number][] {
  const spans: [number, number][] = [];
  const paragraphs: [number, number][] = [];
  const re = /\n\s*\n/g;
  let pStart = start;
  re.lastIndex = start;
  for (let m = re.exec(body); m && m.index < end; m = re.exec(body)) {
    paragraphs.push([pStart, m.index]);
    pStart = m.index + m[0].length;
  }
  paragraphs.push([pStart, end]);
  let cur: [number, number] | null = null;
  for (const p of paragraphs) {
    if (!cur) cur = [...p];
    else if (p[1] - cur[0] <= MAX_CHUNK_CHARS) cur[1] = p[1];
    else {
      spans.push(cur);
      cur = [...p];
    }
  }
  if (cur) spans.push(cur);
  return spans;
}

export function chunkPolicy(body: string, title: string): Chunk[] {
  const chunks: Chunk[] = [];
  for (const s of sectionsOf(body, title)) {
    for (const [a, b] of splitSpan(body, s.start, s.end)) {
      // Trim the span to its text so quotes carry no stray blank lines.
      const raw = body.slice(a, b);
      const lead = raw.length - raw.trimStart().length;
      const content = raw.trim();
      if (!content) continue;
      chunks.push({
        ordinal: chunks.length,
        headingPath: s.headingPath,
        section: s.headingPath[s.headingPath.length - 1]!,
        content,
        charStart: a + lead,
        charEnd: a + lead + content.length,
      });
    }
  }
  return chunks;
}
