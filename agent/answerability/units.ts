// The units an answer can quote: each sentence, list or table row of the passages found, read
// with its document title and heading path (a row "| Annual fee | $95 |" under "Fees" of the
// "Ruby Travel Card" document is about that card's annual fee, and the table's header row
// names its columns).
import type { SearchHit } from "../../kb/search.ts";
import { isTableRow, isTableRule, rowWords, splitSentences, statesNothing } from "../../kb/text/sentences.ts";
import { listItemTexts } from "../../kb/text/lists.ts";
import { featuresOf, type TextFeatures } from "../answer/question-terms.ts";
import { detectInjection } from "../guard/injection.ts";
import { STOPWORDS, stem, tokenize } from "../../kb/text/terms.ts";
import { memoized } from "../../kb/text/memo.ts";

export type Unit = {
  hit: SearchHit;
  /** The passage's rank among the hits (0 = best). */
  rank: number;
  /** Verbatim text of the passage: what is quoted. */
  text: string;
  /** Position of the unit in its passage. */
  index: number;
  own: TextFeatures;
  /** Headings below the title, and a table's header row for its rows. */
  head: TextFeatures;
  title: TextFeatures;
  passage: TextFeatures;
  /** The sentence before it in the passage, which its "it" or "this" may stand for. */
  previous: TextFeatures | null;
  /** A list's items, each read as a fact of its own. */
  items: readonly TextFeatures[] | null;
  isTableRow: boolean;
  /** Holds inline code: a tool name or an identifier meant for staff. */
  hasCode: boolean;
  /** Neighbouring content stems of the unit ("data saver"), for phrase matches. */
  ownPairs: ReadonlySet<string>;
};

const CODE = /`[^`]+`/;
/** A sentence's prose: inline code and emphasis markers left out. */
const prose = (text: string) => text.replace(/`[^`]*`/g, " ").replace(/[*_]{1,2}/g, "");

function pairsOf(text: string): Set<string> {
  const stems = tokenize(text)
    .filter((t) => !STOPWORDS.has(t))
    .map(stem);
  const out = new Set<string>();
  for (let i = 1; i < stems.length; i++) out.add(`${stems[i - 1]} ${stems[i]}`);
  return out;
}

/** What a unit is apart from the search that found it: the same for every turn that finds its passage. */
type UnitBody = Omit<Unit, "hit" | "rank">;

export function unitsOf(hits: SearchHit[], passages: number): Unit[] {
  return hits.slice(0, passages).flatMap((hit, rank) => bodiesOf(hit).map((body) => ({ ...body, hit, rank })));
}

/** A passage's units, read once per text and heading path (memoised: every turn that retrieves a
 *  passage would otherwise split and read all its sentences again). */
const bodiesOf = memoized(
  (hit: SearchHit): readonly UnitBody[] => readBodies(hit.headingPath, hit.title, hit.content),
  (hit) => JSON.stringify([hit.headingPath, hit.title, hit.content]),
  4_000,
);

/** The line of a text that ends just before an offset. */
function lineBefore(text: string, at: number): string {
  const end = text.lastIndexOf("\n", at - 1);
  return end < 0 ? "" : text.slice(text.lastIndexOf("\n", end - 1) + 1, end).trim();
}

function readBodies(headingPath: readonly string[], hitTitle: string, content: string): UnitBody[] {
  const out: UnitBody[] = [];
  const headings = headingPath.slice(1).join(" ");
  const title = featuresOf(headingPath[0] ?? hitTitle);
  const passage = featuresOf(content);
  let header: string | null = null;
  let previous: TextFeatures | null = null;
  splitSentences(content).forEach((s, index) => {
    const before = previous;
    previous = featuresOf(prose(s.text));
    const isRow = isTableRow(s.text);
    if (isRow && isTableRule(s.text)) return;
    // A row right under the table's rule has a header of empty cells above it: it is data.
    if (isRow && header === null && isTableRule(lineBefore(content, s.start))) header = "";
    if (isRow && header === null) {
      // The first row of a table names its columns: the context of every row below it.
      header = rowWords(s.text);
      return;
    }
    if (!isRow) header = null;
    if (!isRow && statesNothing(s.text)) return;
    // A policy line that tries to instruct the assistant is data, never an answer.
    if (detectInjection(s.text).detected) return;
    // Inline code (`check_network_status()`) names a tool or a field, not what the sentence says.
    const words = prose(isRow ? rowWords(s.text) : s.text);
    const items = isRow ? null : listItemTexts(s.text);
    out.push({
      text: s.text,
      index,
      own: featuresOf(words),
      head: featuresOf(`${headings} ${isRow ? (header ?? "") : ""}`),
      title,
      passage,
      previous: before,
      items: items && items.map((i) => featuresOf(prose(i))),
      isTableRow: isRow,
      hasCode: CODE.test(s.text),
      ownPairs: pairsOf(`${headings} ${words}`),
    });
  });
  return out;
}
