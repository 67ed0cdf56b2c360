// The features of one unit as an answer to one question: general measures that mean the same on
// any knowledge base (how much of the question the unit covers in context, whether it holds the
// kind of fact asked for, whether it is about the product named, how it was retrieved). One
// fitted model (model.ts) turns them into the probability that the unit answers the question.
import { fitsAnswerKind, quantityFit } from "../answer/answer-kind.ts";
import { questionTerms, type TextFeatures } from "../answer/question-terms.ts";
import { rankSentences } from "../answer/extractive.ts";
import { stem } from "../../kb/text/terms.ts";
import { rowWords } from "../../kb/text/sentences.ts";
import { isContentToken, type QuestionReading, type Term } from "./question.ts";
import type { Unit } from "./units.ts";
import type { ProductBinding } from "./products.ts";

export const FEATURES = [
  "covOwn",
  "covItem",
  "covHead",
  "covTitle",
  "covConcept",
  "covSynonym",
  "covPassage",
  "covWindow",
  "phrase",
  "rarestIn",
  "unknownShare",
  "missingMax",
  "typeFit",
  "typeMiss",
  "hasNumber",
  "figureFit",
  "rankRecip",
  "semantic",
  "lead",
  "extra",
  "length",
  "bestInChunk",
  "entity",
  "code",
  "legacy",
] as const;
export type FeatureName = (typeof FEATURES)[number];
export type FeatureVector = number[];

const has = (f: TextFeatures, t: Term) => f.stems.has(t.stem);
const conceptIn = (f: TextFeatures, t: Term) => t.concepts.some((c) => f.concepts.has(c));

function share(terms: Term[], total: number, hit: (t: Term) => number): number {
  if (!total) return 0;
  let got = 0;
  for (const t of terms) got += t.weight * hit(t);
  return got / total;
}

export function unitFeatures(q: QuestionReading, u: Unit, binding: ProductBinding | null, bestOwnInChunk: number, legacy: number): FeatureVector {
  const terms = q.terms.filter((t) => t.weight > 0);
  const total = terms.reduce((a, t) => a + t.weight, 0);
  const inCtx = (t: Term) => has(u.own, t) || has(u.head, t) || has(u.title, t);
  const covOwn = share(terms, total, (t) => (has(u.own, t) ? 1 : 0));
  const covItem = u.items ? Math.max(...u.items.map((f) => share(terms, total, (t) => (has(f, t) ? 1 : 0)))) : covOwn;
  const maxWeight = Math.max(0, ...terms.map((t) => t.weight));
  const missing = terms.filter((t) => !inCtx(t) && !has(u.passage, t) && !conceptIn(u.own, t) && !conceptIn(u.head, t));
  const text = u.isTableRow ? rowWords(u.text) : u.text;
  const fits = q.kind.kind !== "other" && fitsAnswerKind(q.kind, text);
  const asked = new Set(terms.map((t) => t.stem));
  const extra = u.own.stems.size ? [...u.own.stems].filter((s) => !asked.has(s)).length / u.own.stems.size : 0;
  // Two question words side by side in the unit too ("data saver", "return window").
  const pairs = adjacentPairs(q);
  const unitPairs = u.ownPairs;
  const phrase = pairs.length ? pairs.filter((p) => unitPairs.has(p)).length / pairs.length : 0;
  const known = terms.filter((t) => t.known);
  const rarest = known.length ? known.reduce((a, t) => (t.weight > a.weight ? t : a)) : null;
  const words = text.split(/\s+/).length;
  const entity = !binding?.bound ? 0 : u.hit.policy === binding.bound ? 1 : binding.family.includes(u.hit.policy) ? -1 : 0;
  const x: Record<FeatureName, number> = {
    covOwn,
    covItem,
    covHead: share(terms, total, (t) => (has(u.head, t) ? 1 : 0)),
    covTitle: share(terms, total, (t) => (has(u.title, t) ? 1 : 0)),
    covConcept: share(terms, total, (t) => (!inCtx(t) && (conceptIn(u.own, t) || conceptIn(u.head, t)) ? 1 : 0)),
    covSynonym: share(terms, total, (t) => (!inCtx(t) && t.synonyms.some((x) => u.own.stems.has(x) || u.head.stems.has(x)) ? 1 : 0)),
    covPassage: share(terms, total, (t) => (inCtx(t) || has(u.passage, t) ? 1 : 0)),
    covWindow: share(terms, total, (t) => (inCtx(t) || (u.previous !== null && has(u.previous, t)) ? 1 : 0)),
    phrase,
    rarestIn: rarest && (has(u.own, rarest) || has(u.head, rarest)) ? 1 : 0,
    unknownShare: share(terms, total, (t) => (t.known ? 0 : 1)),
    missingMax: maxWeight ? Math.max(0, ...missing.map((t) => t.weight)) / maxWeight : 1,
    typeFit: fits ? 1 : 0,
    typeMiss: q.kind.strict && !fits ? 1 : 0,
    hasNumber: q.kind.kind !== "other" && q.kind.kind !== "list" && /\d/.test(text) ? 1 : 0,
    figureFit: quantityFit(q.text, text),
    rankRecip: 1 / (1 + u.rank),
    semantic: u.hit.semantic,
    lead: u.index === 0 ? 1 : 0,
    extra,
    length: Math.min(1, Math.log(1 + words) / Math.log(60)),
    bestInChunk: covOwn >= bestOwnInChunk - 1e-9 && covOwn > 0 ? 1 : 0,
    entity,
    code: u.hasCode ? 1 : 0,
    legacy,
  };
  return FEATURES.map((f) => x[f]);
}

/** Content stems of the question that stand next to each other (stop words skipped). */
function adjacentPairs(q: QuestionReading): string[] {
  const out: string[] = [];
  const stems = q.tokens.filter(isContentToken).map(stem);
  for (let i = 1; i < stems.length; i++) out.push(`${stems[i - 1]} ${stems[i]}`);
  return out;
}

/** Every unit's feature vector, in the order of `units`. */
export function featuresOfUnits(q: QuestionReading, units: Unit[], binding: ProductBinding | null): FeatureVector[] {
  const terms = q.terms.filter((t) => t.weight > 0);
  const total = terms.reduce((a, t) => a + t.weight, 0);
  const bestOwn = new Map<number, number>();
  for (const u of units) {
    const c = share(terms, total, (t) => (has(u.own, t) ? 1 : 0));
    bestOwn.set(u.hit.chunkId, Math.max(bestOwn.get(u.hit.chunkId) ?? 0, c));
  }
  // The hand-weighted sentence ranking Keel used before this model, as one feature among the others:
  // the fit decides what it is worth, and the left-out figures show whether it carries over.
  const stats = { chunks: q.stats.chunks, df: new Map(Object.entries(q.stats.df)) };
  const hits = [...new Map(units.map((u) => [u.hit.chunkId, u.hit])).values()].sort(
    (a, b) => units.find((u) => u.hit === a)!.rank - units.find((u) => u.hit === b)!.rank,
  );
  const legacy = new Map(
    rankSentences(q.text, hits, stats, q.kind, questionTerms(q.text, stats, q.dates)).map((r) => [`${r.hit.chunkId}|${r.text}`, r.score]),
  );
  return units.map((u) => unitFeatures(q, u, binding, bestOwn.get(u.hit.chunkId) ?? 0, legacy.get(`${u.hit.chunkId}|${u.text}`) ?? 0));
}
