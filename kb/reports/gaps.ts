// The knowledge-gap report: what customers asked that the knowledge base could not answer —
// refusals, and handoffs for lack of grounding — grouped by what the (redacted) questions ask,
// with counts, examples and dates, newest group first.
//
// Two questions are alike when they share their specific words: a weighted Jaccard over content
// stems, where a word weighs more the rarer it is in spoken English, so "Do you offer monogramming?" and
// "Do you offer engraving?" stay apart while "Can I get monogramming on a towel?" joins the first.
// (The retrieval lexicon's concepts are left out: "offer" → promotion, "installments" → assembly
// bridge topics that have nothing to do with each other here.) Turns are grouped oldest first, each joining the group whose common
// features it matches best; a group's key derives from its first turn, so it stays the same as
// newer questions join it.
import { createHash } from "node:crypto";
import type pg from "pg";
import type { GapGroup } from "../../protocol/policy-reports.ts";
import { englishRank } from "../text/rarity.ts";
import type { GapTurn, TurnReader } from "./turn-reader.ts";
import { STOPWORDS, stem, tokenize } from "../text/terms.ts";

export const GAP_GROUPING = {
  /** Weighted share of features a question must share with a group's common features to join it:
   *  high enough that a shared everyday word ("offer", "pay") never joins two topics alone. */
  sameGroup: 0.4,
  /** Examples kept per group, newest first: enough to see the variety, short enough to read. */
  examples: 5,
  /** A word's specificity is log10(its spoken-English frequency rank) − 1.5, clamped to these
   *  bounds (words not in the list, like "layaway" or brand names, get the maximum), then squared:
   *  one shared rare word ("bitcoin") outweighs two differing everyday ones ("pay", "accept"). */
  minWordWeight: 0.3,
  maxWordWeight: 3,
} as const;

/** A group with every member, for resolving it (attaching its questions, remembering its turns). */
export type GapCluster = GapGroup & { turnIds: string[]; questions: string[] };

type Features = Map<string, number>;

function wordWeight(word: string): number {
  const rank = englishRank(word);
  const specificity = Number.isFinite(rank) ? Math.log10(rank + 1) - 1.5 : GAP_GROUPING.maxWordWeight;
  return Math.min(GAP_GROUPING.maxWordWeight, Math.max(GAP_GROUPING.minWordWeight, specificity)) ** 2;
}

/** Content stems of a question, weighted by rarity, with a readable word per stem. */
export function questionFeatures(text: string): { features: Features; words: Map<string, string> } {
  const features: Features = new Map();
  const words = new Map<string, string>();
  for (const token of tokenize(text)) {
    const word = token.replace(/'s$/, "");
    if (STOPWORDS.has(word) || (word.length < 2 && !/\d/.test(word))) continue;
    const s = stem(word);
    // Inflected forms are rarer than the word itself ("discounts"): weigh the commonest form.
    const w = Math.min(wordWeight(word), wordWeight(word.replace(/s$/, "")), wordWeight(s));
    // Of several forms of one stem ("plan", "plans"), the commoner one decides: it is the same word.
    if (!features.has(s) || w < features.get(s)!) features.set(s, w);
    if (!words.has(s)) words.set(s, word);
  }
  return { features, words };
}

/** Weighted Jaccard (Ruzicka) similarity: Σ min / Σ max over the union of features. */
export function similarity(a: Features, b: Features): number {
  let shared = 0;
  let total = 0;
  for (const [f, wa] of a) {
    const wb = b.get(f) ?? 0;
    shared += Math.min(wa, wb);
    total += Math.max(wa, wb);
  }
  for (const [f, wb] of b) if (!a.has(f)) total += wb;
  return total ? shared / total : 0;
}

type Member = { turn: GapTurn; features: Features };
type Cluster = { members: Member[]; counts: Map<string, { n: number; weight: number }>; words: Map<string, string>; core: Features };

/** Features found in more than half of the group's questions, at their mean weight. */
function coreOf(c: Cluster): Features {
  const core: Features = new Map();
  for (const [f, { n, weight }] of c.counts) if (n * 2 > c.members.length) core.set(f, weight / n);
  return core;
}

export function groupQuestions(turns: GapTurn[]): GapCluster[] {
  const clusters: Cluster[] = [];
  const ordered = [...turns].sort((a, b) => a.at.getTime() - b.at.getTime() || Number(a.id) - Number(b.id));
  for (const turn of ordered) {
    const { features, words } = questionFeatures(turn.message_redacted);
    if (!features.size) continue;
    let best: Cluster | null = null;
    let bestScore = 0;
    for (const c of clusters) {
      const score = similarity(features, c.core);
      if (score > bestScore) [best, bestScore] = [c, score];
    }
    if (!best || bestScore < GAP_GROUPING.sameGroup) {
      best = { members: [], counts: new Map(), words: new Map(), core: new Map() };
      clusters.push(best);
    }
    best.members.push({ turn, features });
    for (const [f, w] of features) {
      const e = best.counts.get(f) ?? { n: 0, weight: 0 };
      best.counts.set(f, { n: e.n + 1, weight: e.weight + w });
    }
    for (const [s, w] of words) if (!best.words.has(s)) best.words.set(s, w);
    best.core = coreOf(best);
  }
  return clusters.map(toGroup).sort((a, b) => b.lastAt.localeCompare(a.lastAt) || b.count - a.count);
}

function toGroup(c: Cluster): GapCluster {
  const newest = [...c.members].sort((a, b) => b.turn.at.getTime() - a.turn.at.getTime());
  const typical = [...newest].sort((a, b) => similarity(b.features, c.core) - similarity(a.features, c.core))[0]!;
  const terms = [...c.core].sort((a, b) => b[1] - a[1]).map(([f]) => c.words.get(f) ?? f);
  const seed = c.members[0]!.turn;
  return {
    key: createHash("sha256").update(`gap:${seed.id}`).digest("hex").slice(0, 16),
    label: typical.turn.message_redacted,
    count: c.members.length,
    terms,
    examples: newest.slice(0, GAP_GROUPING.examples).map((m) => ({
      question: m.turn.message_redacted,
      conversation: m.turn.conversation_id,
      at: m.turn.at.toISOString(),
      outcome: m.turn.outcome,
    })),
    firstAt: seed.at.toISOString(),
    lastAt: newest[0]!.turn.at.toISOString(),
    turnIds: c.members.map((m) => m.turn.id),
    questions: [...new Set(newest.map((m) => m.turn.message_redacted))],
  };
}

/** Gap turns that no resolution has covered yet. */
async function openGapTurns(db: pg.Pool | pg.PoolClient, turns: TurnReader): Promise<GapTurn[]> {
  const { rows } = await db.query<{ id: string }>("SELECT unnest(turn_ids)::text AS id FROM gap_resolutions");
  const resolved = new Set(rows.map((r) => r.id));
  return (await turns.gapTurns(db)).filter((t) => !resolved.has(t.id));
}

/** Open gap groups with their members. Keys are computed over every open turn, so a filtered view shares them. */
export async function gapClusters(db: pg.Pool | pg.PoolClient, turns: TurnReader): Promise<GapCluster[]> {
  return groupQuestions(await openGapTurns(db, turns));
}

/** Open gap groups, newest first; `since` keeps the groups asked about on or after that moment. */
export async function gapReport(db: pg.Pool | pg.PoolClient, turns: TurnReader, options: { since?: Date } = {}): Promise<GapGroup[]> {
  const since = options.since?.toISOString();
  return (await gapClusters(db, turns))
    .filter((g) => !since || g.lastAt >= since)
    .map(({ turnIds: _turns, questions: _questions, ...group }) => group);
}
