// The items of a list inside a sentence: bullet lines under a lead ("As a retail agent, you can
// help users:\n- cancel or modify pending orders\n- return or exchange delivered orders") or an
// inline enumeration ("can be: pending, processed, delivered, or cancelled"). Each item is a fact
// of its own: a claim that takes its verb from one item and its object from another ("return
// pending orders") is not what the list says.

/** A sentence read as its list items, each with the words around the list: lead + item + tail. */
export function listItemTexts(sentence: string): string[] | null {
  return bulletItems(sentence) ?? inlineItems(sentence);
}

const BULLET = /\n\s*(?:[-*+]|\d+[.)])\s+/;

function bulletItems(sentence: string): string[] | null {
  const parts = sentence.split(BULLET);
  if (parts.length < 3) return null;
  const [lead, ...items] = parts;
  return items.map((i) => `${lead} ${strip(i)}`);
}

/** Three or more items of at most four words, the last joined by "and" or "or". */
const ITEM = String.raw`[^\s,;:.]+(?: [^\s,;:.]+){0,3}`;
const INLINE = new RegExp(String.raw`(?:${ITEM}, ){2,}(?:and |or )?${ITEM}`);

function inlineItems(sentence: string): string[] | null {
  const m = sentence.match(INLINE);
  if (!m) return null;
  const items = m[0].split(/, (?:and |or )?/).map(strip).filter(Boolean);
  if (items.length < 3) return null;
  const lead = sentence.slice(0, m.index);
  const tail = sentence.slice(m.index! + m[0].length);
  return items.map((i) => `${lead}${i}${tail}`);
}

const strip = (item: string) => item.replace(/[*_]{1,2}/g, "").trim();
