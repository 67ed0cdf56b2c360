// The offline answer: the passage sentences that best answer the question, quoted with their
// citations. No sentence is written by Keel, so nothing can be invented; the work is in choosing.
import type { SearchHit } from "../../kb/search.ts";
import { idfOf, type TermStats } from "../../kb/terms.ts";
import { conceptsOf } from "../../kb/text/concepts.ts";
import { splitSentences } from "../../kb/text/sentences.ts";
import { contentStems } from "../../kb/text/terms.ts";
import type { Citation, Draft, DraftSentence } from "../state.ts";
import { quantitiesOf } from "../verify/facts.ts";
import { ANSWER } from "../../config/limits.ts";

type QuestionType = "duration" | "money" | "other";

export function questionType(q: string): QuestionType {
  if (/\bhow (?:long|many (?:days|weeks|months|hours))\b|\bwhen\b|\bdeadline\b|\bwindow\b|\bby what date\b|\bhow soon\b|\bhow quickly\b/i.test(q)) return "duration";
  if (/\bhow much\b|\bcost\b|\bfee\b|\bprice\b|\bcharge\b|\bpay\b|\bfree\b|\bminimum\b|\bspend\b|\bpercent|%/i.test(q)) return "money";
  return "other";
}

function fitsType(type: QuestionType, sentence: string): boolean {
  const qs = quantitiesOf(sentence);
  if (type === "duration") return qs.some((q) => ["day", "business_day", "hour", "week", "month", "year", "date"].includes(q.unit));
  if (type === "money") return qs.some((q) => q.unit === "money" || q.unit === "percent") || /\bfree\b|\bno (?:fee|charge|cost)\b/i.test(sentence);
  return false;
}

export function citationOf(hit: SearchHit, quote: string): Citation {
  return { policy: hit.policy, title: hit.title, version: hit.version, section: hit.section, quote };
}

type Scored = { hit: SearchHit; text: string; index: number; score: number; matched: Set<string> };

/** How much of the question (weighted by term rarity) a text covers, 0..1. Unknown words weigh little: they may be product names. */
export function questionCoverage(questionStems: string[], text: string, stats: TermStats): { share: number; matched: Set<string> } {
  const have = new Set(contentStems(text));
  const concepts = new Set(conceptsOf(text));
  let total = 0;
  let got = 0;
  const matched = new Set<string>();
  for (const s of new Set(questionStems)) {
    const w = stats.df.get(s) ? idfOf(stats, s) : ANSWER.unknownWordWeight;
    total += w;
    if (have.has(s) || conceptsOf(s).some((c) => concepts.has(c))) {
      got += w;
      matched.add(s);
    }
  }
  return { share: total ? got / total : 0, matched };
}

export function composeExtractive(question: string, hits: SearchHit[], stats: TermStats): Draft {
  const qStems = contentStems(question);
  if (!hits.length) return { sentences: [], source: "offline", gap: "no passage matched the question" };
  if (!qStems.length) return { sentences: [], source: "offline", gap: "the message asks nothing the policies could answer" };
  const type = questionType(question);
  const candidates: Scored[] = [];
  hits.slice(0, ANSWER.passagesConsidered).forEach((hit, rank) => {
    const rankWeight = 1 / (1 + rank * ANSWER.rankPenalty);
    const heading = hit.headingPath.join(" ");
    splitSentences(hit.content).forEach((s, index) => {
      const own = questionCoverage(qStems, s.text, stats);
      const withHeading = questionCoverage(qStems, `${heading} ${s.text}`, stats);
      const score = rankWeight * (0.55 * own.share + 0.35 * withHeading.share + (fitsType(type, s.text) ? ANSWER.typeBonus : 0));
      candidates.push({ hit, text: s.text, index, score, matched: withHeading.matched });
    });
  });
  candidates.sort((a, b) => b.score - a.score);
  const best = candidates[0]!;
  const chunkCoverage = questionCoverage(qStems, `${best.hit.headingPath.join(" ")} ${best.hit.content}`, stats).share;
  if (best.score < ANSWER.minSentenceScore || chunkCoverage < ANSWER.minPassageCoverage) {
    return { sentences: [], source: "offline", gap: `the closest passage (${best.hit.title}, ${best.hit.section}) does not answer it` };
  }
  const chosen: Scored[] = [best];
  for (const c of candidates.slice(1)) {
    if (chosen.length >= ANSWER.maxSentences) break;
    if (c.hit.chunkId !== best.hit.chunkId || c.score < best.score * ANSWER.companionRatio) continue;
    // A companion must add something the first sentence did not cover.
    if ([...c.matched].every((m) => chosen.some((x) => x.matched.has(m)))) continue;
    chosen.push(c);
  }
  chosen.sort((a, b) => a.index - b.index);
  const sentences: DraftSentence[] = chosen.map((c) => ({ text: c.text, citation: citationOf(c.hit, c.text), chunkId: c.hit.chunkId }));
  return { sentences, source: "offline", gap: null };
}
