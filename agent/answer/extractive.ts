// The offline answer: the passage sentences that best answer the question, quoted with their
// citations. No sentence is written by Keel, so nothing can be invented; the work is in choosing,
// and in refusing when no sentence answers what was asked.
import { englishRank } from "../../kb/text/rarity.ts";
import type { SearchHit } from "../../kb/search.ts";
import type { TermStats } from "../../kb/terms.ts";
import { pointsBack, splitSentences, statesNothing } from "../../kb/text/sentences.ts";
import { NEGATION_WORDS, stem } from "../../kb/text/terms.ts";
import { namesOf } from "../verify/facts.ts";
import type { Citation, Draft, DraftSentence } from "../state.ts";
import { detectInjection } from "../guard/injection.ts";
import { ANSWER } from "../../config/limits.ts";
import { answerKindOf, fitsAnswerKind, quantityFit, type AnswerKind } from "./answer-kind.ts";
import { KIND_CONCEPTS } from "../../kb/text/concepts.ts";
import {
  featuresOf,
  headingCoverage,
  knowsConcept,
  matchQuestion,
  namesNegated,
  questionTerms,
  type QuestionTerm,
  type SentenceContext,
  type TextFeatures,
} from "./question-terms.ts";
import { listItemTexts, listLead } from "../../kb/text/lists.ts";
import { alternativesIn, excludedValue } from "../verify/alternatives.ts";

export { answerKindOf as questionType } from "./answer-kind.ts";

export function citationOf(hit: SearchHit, quote: string): Citation {
  return { policy: hit.policy, title: hit.title, version: hit.version, section: hit.section, quote };
}

/** A sentence that sends the reader to another policy ("follows the damaged furniture policy"):
 *  that policy's own sentence is the better quote. */
const REFERS_ELSEWHERE = /\b(?:see|follows?|described in|covered by|under|per) (?:the|our) [\w\s-]{2,40}? polic(?:y|ies)\b/i;

export type RankedSentence = {
  hit: SearchHit;
  text: string;
  index: number;
  score: number;
  /** Weighted share of the question this sentence (read with its headings) covers, 0..1. */
  coverage: number;
  /** The same share for the sentence's whole passage: is the passage about what was asked? */
  passageCoverage: number;
  /** The words and concepts of the sentence's whole passage. */
  passage: TextFeatures;
  /** Whether it has the kind of fact the question asks for (a duration for "how long"…). */
  fitsKind: boolean;
  matched: Set<string>;
};

/** Every sentence of the best passages, scored as an answer to the question, best first. */
export function rankSentences(question: string, hits: SearchHit[], stats: TermStats, kind: AnswerKind, terms: QuestionTerm[]): RankedSentence[] {
  const out: RankedSentence[] = [];
  const considered = hits.slice(0, ANSWER.passagesConsidered);
  const alternatives = alternativesIn(considered.map((h) => h.content));
  const askedStems = terms.flatMap((t) => t.stems);
  considered.forEach((hit, rank) => {
    const rankWeight = 1 / (1 + rank * ANSWER.rankPenalty);
    const section = featuresOf(hit.headingPath.slice(1).join(" "));
    const title = featuresOf(hit.headingPath[0] ?? hit.title);
    const passage = featuresOf(hit.content);
    // Names as the passage writes them mid-sentence: "Affirm" opening a sentence is the brand
    // that "a Klarna or Affirm payment" names.
    const passageNames = new Set(namesOf(hit.content).map((n) => n.toLowerCase()));
    const passageCoverage = matchQuestion(terms, { own: passage, section, title }).coverage;
    // A section whose heading names what was asked is about it; one about what the customer said
    // does not apply ("it's not faulty") is not.
    const headingFit =
      ANSWER.headingBonus * headingCoverage(terms, section) -
      (namesNegated(terms, featuresOf(hit.headingPath.join(" "))) ? ANSWER.negatedPenalty : 0);
    splitSentences(hit.content).forEach((s, index) => {
      // A policy line that tries to instruct the assistant is data, never an answer.
      if (detectInjection(s.text).detected) return;
      if (statesNothing(s.text)) return;
      // "Can I cancel a delivered order?" is answered by "…only be cancelled if its status is
      // 'pending'": the rule speaks to the asked value by naming the one it allows instead.
      const excluded = excludedValue(askedStems, s.text, alternatives);
      const read = featuresOf(s.text);
      const own = excluded ? { ...read, stems: new Set([...read.stems, excluded.named]) } : read;
      const m = listMatch(terms, s.text, { own, section, title }, kind);
      // A list answers "which statuses…?" when it enumerates them, not when it names them as an item.
      const fits = fitsAnswerKind(kind, s.text) && (kind.kind !== "list" || enumeratesAsked(terms, m.matched, s.text, section));
      const score =
        rankWeight *
        (m.coverage +
          ANSWER.passageWeight * passageCoverage +
          headingFit +
          (fits ? (kind.strict ? ANSWER.typeBonus : ANSWER.typeBonus / 3) : kind.strict ? -ANSWER.typeBonus : 0) +
          ANSWER.quantityBonus * quantityFit(question, s.text) +
          (index === 0 ? ANSWER.leadBonus : 0) -
          // "This action can only be called once" opening a section: which action, the reader can't tell.
          (index === 0 && pointsBack(s.text) ? ANSWER.danglingReferencePenalty : 0) -
          (REFERS_ELSEWHERE.test(s.text) ? ANSWER.crossReferencePenalty : 0) -
          (aboutAnotherName(terms, m.matched, s.text, passage, passageNames) ? ANSWER.otherNamePenalty : 0) -
          ANSWER.extraPenalty * extraShare(terms, own, stats));
      out.push({ hit, text: s.text, index, score, coverage: m.coverage, passageCoverage, passage, fitsKind: fits, matched: m.matched });
    });
  });
  return out.sort((a, b) => b.score - a.score);
}

/** A list sentence matches a question item by item ("Can I cancel a delivered order?" is not
 *  answered by "can be: pending, processed, delivered, or cancelled"), unless a list is asked for. */
function listMatch(terms: QuestionTerm[], text: string, at: SentenceContext, kind: AnswerKind): { coverage: number; matched: Set<string> } {
  const whole = matchQuestion(terms, at);
  const items = kind.kind === "list" ? null : listItemTexts(text);
  if (!items) return whole;
  const best = items.map((i) => matchQuestion(terms, { ...at, own: featuresOf(i) })).sort((a, b) => b.coverage - a.coverage)[0]!;
  return { coverage: best.coverage, matched: whole.matched };
}

/** The asked words are in what the list introduces (its lead, or its section heading), not only
 *  among its items. */
function enumeratesAsked(terms: QuestionTerm[], matched: Set<string>, text: string, section: TextFeatures): boolean {
  const lead = listLead(text);
  if (lead === null) return true;
  const leadFeatures = featuresOf(lead);
  const introduces = (t: QuestionTerm) =>
    [leadFeatures, section].some((f) => t.stems.some((s) => f.stems.has(s)) || t.concepts.some((c) => f.concepts.has(c)));
  return terms.filter((t) => matched.has(t.key)).every(introduces);
}

/** A name asked about (Klarna) that the sentence leaves out, though its passage has it, while the
 *  sentence names something else (Affirm): it states the other name's rule. */
function aboutAnotherName(terms: QuestionTerm[], matched: Set<string>, sentence: string, passage: TextFeatures, passageNames: Set<string>): boolean {
  const missed = terms.some((t) => t.focus && !matched.has(t.key) && passage.stems.has(t.key));
  if (!missed) return false;
  const first = sentence.match(/^[A-Z][a-zA-Z]+/)?.[0];
  const names = [...namesOf(sentence), ...(first && passageNames.has(first.toLowerCase()) ? [first] : [])];
  return names.some((n) => !terms.some((t) => t.stems.includes(stem(n.toLowerCase()))));
}

/** Share of a sentence's distinctive words the question never asked about: a sentence about
 *  printing labels answers a different question than one about the return window. */
function extraShare(terms: QuestionTerm[], own: TextFeatures, stats: TermStats): number {
  const asked = new Set(terms.flatMap((t) => t.stems));
  const askedConcepts = new Set(terms.flatMap((t) => t.concepts));
  let total = 0;
  let extra = 0;
  for (const s of own.stems) {
    const df = stats.df.get(s);
    const w = df ? Math.min(1, Math.log(1 + stats.chunks / df) / 3) : 0.3;
    total += w;
    if (!asked.has(s) && !(own.conceptsByStem.get(s) ?? []).some((c) => askedConcepts.has(c))) extra += w;
  }
  return total ? extra / total : 0;
}

/** What the text is: a question to answer, or a customer's premise whose governing rule is wanted.
 *  A premise may name what the policies never mention ("Venmo", "a platinum gift voucher") because it
 *  is false: the rule about its subject still governs it. */
export type ComposeFor = "question" | "premise";

/** `kind` overrides what the text asks for: a premise "the link lasts 24 hours" wants a duration. */
export function composeExtractive(
  question: string,
  hits: SearchHit[],
  stats: TermStats,
  kind: AnswerKind = answerKindOf(question),
  composeFor: ComposeFor = "question",
): Draft {
  if (!hits.length) return { sentences: [], source: "offline", gap: "no passage matched the question" };
  // "Vouchers never expire" is governed by the rule on when vouchers expire: the premise's
  // negation is what the rule is checked against, not a word to steer away from.
  const allTerms = questionTerms(composeFor === "premise" ? question.replace(NEGATION_WORDS, " ") : question, stats);
  // What a premise says that no policy mentions is what makes it false, not what it is about;
  // an instance of a kind the policies name ("my husband" of other users) is governed by the kind's rule.
  const known = allTerms.filter((t) => !t.unknown || t.concepts.some((c) => KIND_CONCEPTS.has(c) && knowsConcept(c, stats)));
  const terms = composeFor === "premise" && known.length ? known : allTerms;
  if (!terms.length) return { sentences: [], source: "offline", gap: "the message asks nothing the policies could answer" };
  const candidates = rankSentences(question, hits, stats, kind, terms);
  let best = candidates[0];
  if (!best) return { sentences: [], source: "offline", gap: "no passage matched the question" };
  // "How much…?" is answered by an amount: when the best match has none, a close runner-up that
  // has one answers the question that was asked.
  if (kind.strict && !best.fitsKind) {
    const typed = candidates.find((c) => c.fitsKind && c.score >= best!.score * ANSWER.typedRunnerUpRatio);
    if (typed) best = typed;
  }
  // What a question is about that no policy mentions (a premise is checked for its subject: what
  // it names that no policy has is what may make it false).
  const unknown = composeFor === "question" ? unknownTopic(terms) : null;
  const gap = refusalReason(kind, best, terms, composeFor, unknown);
  if (gap) return { sentences: [], source: "offline", gap, coverage: best.coverage, ...(unknown ? { unknown } : {}) };
  const chosen: RankedSentence[] = [best];
  for (const c of candidates.slice(1)) {
    if (chosen.length >= ANSWER.maxSentences) break;
    if (c.hit.chunkId !== best.hit.chunkId || c.score < best.score * ANSWER.companionRatio) continue;
    // A companion must add something the first sentence did not cover.
    if ([...c.matched].every((m) => chosen.some((x) => x.matched.has(m)))) continue;
    chosen.push(c);
  }
  chosen.sort((a, b) => a.index - b.index);
  const sentences: DraftSentence[] = chosen.map((c) => ({ text: c.text, citation: citationOf(c.hit, c.text), chunkId: c.hit.chunkId }));
  return { sentences, source: "offline", gap: null, coverage: best.coverage, best: chosen.indexOf(best) };
}

/** A word outside the most common English ones (rank from kb/text/rarity.ts), or a phrase with one. */
function isUncommonWord(label: string): boolean {
  return label
    .toLowerCase()
    .split(/\s+/)
    .some((w) => englishRank(w) >= ANSWER.commonWordRank);
}

/** What a question is mostly about that the policies never mention ("boat insurance", "rent"), or
 *  null. Items ("lamp") and filler weigh at most unknownWordWeight: they are the situation, not the
 *  topic. Everyday words ("allow", "offer") say nothing about scope when a small KB happens not to
 *  use them. */
function unknownTopic(terms: QuestionTerm[]): string[] | null {
  const total = terms.reduce((a, t) => a + t.weight, 0);
  const unknown = terms.filter((t) => t.unknown && t.weight > ANSWER.unknownWordWeight && isUncommonWord(t.label));
  return total && unknown.reduce((a, t) => a + t.weight, 0) / total > ANSWER.maxUnknownShare ? unknown.map((t) => t.label) : null;
}

/** Why the best sentence does not answer the question, or null when it does. */
function refusalReason(
  kind: AnswerKind,
  best: RankedSentence,
  terms: QuestionTerm[],
  composeFor: ComposeFor,
  unknown: string[] | null,
): string | null {
  const where = `${best.hit.title}, ${best.hit.section}`;
  if (kind.strict && !best.fitsKind) return `the closest passage (${where}) gives no ${kind.label} for this`;
  // Most of what is asked about appears nowhere in the policies ("boat insurance"): whatever
  // matched the rest ("sell") answers another question.
  if (unknown) return `the policies never mention ${unknown.join(", ")}`;
  // Read in its passage: a sentence that answers within a passage about the question counts more.
  if ((1 - ANSWER.passageWeight) * best.coverage + ANSWER.passageWeight * best.passageCoverage < ANSWER.minCoverage)
    return `the closest passage (${where}) does not answer it`;
  // The question's most specific known words (a brand, a program, a product class) must be
  // addressed: "Target's return policy" is not answered by the shop's own return window.
  // Read in its passage: "International shipping costs $19.99" answers for Canada when its
  // section lists Canada.
  const missing = composeFor === "question" ? terms.filter((t) => t.focus && !best.matched.has(t.key) && !best.passage.stems.has(t.key)) : [];
  if (missing.length) return `the closest passage (${where}) says nothing about ${missing.map((t) => t.label).join(", ")}`;
  return null;
}
