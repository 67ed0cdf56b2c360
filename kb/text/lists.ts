// The items of a list inside a sentence: bullet lines under a lead ("As a retail agent, you can
// help users:\n- cancel or modify pending orders\n- return or exchange delivered orders") or an
// inline enumeration ("can be: pending, processed, delivered, or cancelled"). Each item is a fact
// of its own: a claim that takes its verb from one item and its object from another ("return
// pending orders") is not what the list says.
import { memoByText } from "./memo.ts";

/** A sentence read as its list items, each with the words around the list: lead + item + tail. */
export const listItemTexts: (sentence: string) => readonly string[] | null = memoByText(readListItems);

function readListItems(sentence: string): string[] | null {
  return bulletItems(sentence) ?? inlineItems(sentence);
}

/** What a list enumerates: the words before it ("The status of an order can be:"), or null when
 *  the sentence has no list. */
export function listLead(sentence: string): string | null {
  const bullets = sentence.split(BULLET);
  if (bullets.length >= 3) return bullets[0]!;
  return inlineList(sentence)?.lead ?? null;
}

const BULLET = /\n\s*(?:[-*+]|\d+[.)])\s+/;

function bulletItems(sentence: string): string[] | null {
  const parts = sentence.split(BULLET);
  if (parts.length < 3) return null;
  const [lead, ...items] = parts;
  return items.map((i) => `${lead} ${strip(i)}`);
}

/** Three or more items of at most four words, the last joined by "and" or "or" (or ending the
 *  sentence: "gift card, paypal account, credit card."): ", but nothing else" is no item. */
const ITEM = String.raw`(?!(?:and|or|but)\b)[^\s,;:.]+(?: [^\s,;:.]+){0,3}`;
const INLINE = new RegExp(String.raw`(?:${ITEM}, ){2,}(?:(?:and |or )${ITEM}|${ITEM}(?=[.;!?]?\s*$))`);

/** An inline enumeration split into the words before it, its items and the words after it. The
 *  first item is cut to the length of the middle ones: in "ship internationally to Canada, Mexico,
 *  and the UK" the first item is "Canada", not "ship internationally to Canada". */
function inlineList(sentence: string): { lead: string; items: string[]; tail: string } | null {
  const m = sentence.match(INLINE);
  if (!m) return null;
  const parts = m[0].split(/, (?:and |or )?/);
  if (parts.filter((p) => strip(p)).length < 3) return null;
  const longestMiddle = Math.max(...parts.slice(1, -1).map((p) => p.split(" ").length));
  const firstWords = parts[0]!.split(" ");
  const first = firstWords.slice(-longestMiddle).join(" ");
  const lead = sentence.slice(0, m.index) + firstWords.slice(0, -longestMiddle).join(" ") + (firstWords.length > longestMiddle ? " " : "");
  return { lead, items: [first, ...parts.slice(1)].map(strip).filter(Boolean), tail: sentence.slice(m.index! + m[0].length) };
}

function inlineItems(sentence: string): string[] | null {
  const list = inlineList(sentence);
  return list && list.items.map((i) => `${list.lead}${i}${list.tail}`);
}

const strip = (item: string) => item.replace(/[*_]{1,2}/g, "").trim();
