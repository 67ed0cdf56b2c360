// The offline answer, decided by the answerability model: every unit of the passages found is
// scored as an answer to the question; the best one is quoted when its probability clears the
// model's threshold, and nothing is quoted otherwise. "Out of scope" is exactly that — no unit
// answers — never "some word is unknown". A product the question names binds the answer to its
// own document; a name that fits several siblings is asked about.
import type { SearchHit } from "../../kb/search.ts";
import { ANSWER } from "../../config/limits.ts";
import type { Citation, Draft, DraftSentence } from "../state.ts";
import { featuresOfUnits, FEATURES } from "./features.ts";
import { probability, rankScore, type AnswerabilityModel } from "./model.ts";
import { aboutProduct, type ProductBinding } from "./products.ts";
import type { QuestionReading } from "./question.ts";
import { unitsOf, type Unit } from "./units.ts";
import { jaccard } from "../../kb/text/jaccard.ts";
import { contentStems, figuresOf, stem, tokenize } from "../../kb/text/terms.ts";
import { ANSWER_WORD_LEAD, rowCells } from "../../kb/text/sentences.ts";
import { heldInBand, statesOtherFigure } from "../answer/answer-kind.ts";

export function citationOf(hit: SearchHit, quote: string): Citation {
  return { policy: hit.policy, title: hit.title, version: hit.version, section: hit.section, quote };
}

export type ScoredUnit = { unit: Unit; score: number; x: number[] };

/** Every unit a customer may be quoted, ranked best first; staff documents are left out, and so
 *  are a bound product's siblings. `also`: passages read whatever their rank (the document whose
 *  sample question was asked). */
export function scoreUnits(
  q: QuestionReading,
  hits: SearchHit[],
  binding: ProductBinding | null,
  model: AnswerabilityModel,
  also: SearchHit[] = [],
): ScoredUnit[] {
  const pool = aboutProduct(
    binding,
    hits.filter((h) => h.audience !== "staff"),
  );
  // With a product bound, its own document's passages (added after the search results) count too.
  const first = pool.slice(0, ANSWER.passagesConsidered + (binding?.bound ? 3 : 0));
  // So do the passages of every product that fits what was named, read to tell whether their answers differ.
  const fitting = binding && !binding.bound ? pool.filter((h) => binding.candidates.some((c) => c.policy === h.policy)) : [];
  const considered = [...new Set([...first, ...also.filter((h) => pool.includes(h)), ...fitting])];
  const units = unitsOf(considered, considered.length);
  const xs = featuresOfUnits(q, units, binding);
  return units.map((unit, i) => ({ unit, x: xs[i]!, score: rankScore(model, xs[i]!) })).sort((a, b) => b.score - a.score);
}

/** The probability that the best of the ranked units answers the question. */
export function bestProbability(model: AnswerabilityModel, scored: ScoredUnit[]): number {
  const [best, next] = scored;
  return best ? probability(model, best.score, next ? best.score - next.score : 5, best.x) : 0;
}

const COV_OWN = FEATURES.indexOf("covOwn");
/** How sure the quoted units together must be of holding the answer, by the ranker's probabilities. */
const COVER = 0.8;
/** A rival product's unit this close to the best one's score competes with it. */
const COMPANION_MAX_GAP = 1;
/** A best unit at this share of the threshold or more nearly answers: its policy may still decide. */
const NEAR_MISS = 0.5;

/** A question is broad when the title of one policy carries this share of what it asks ("How do
 *  exchanges work?" is mostly "exchanges"): it asks for the policy itself, not one fact in it. Only a
 *  question no single sentence answers is read so. */
const BROAD_TITLE_SHARE = 0.6;
/** The main points of a policy: the opening sentence of this many of its sections. */
const OVERVIEW_SECTIONS = 3;

const TYPE_FIT = FEATURES.indexOf("typeFit");
const FIGURE_FIT = FEATURES.indexOf("figureFit");
/** Sentences this alike (shared content stems over all of theirs) state the same thing of different options. */
const OPTIONS_ALIKE = 0.4;
const alike = (a: Unit, b: Unit) => jaccard(a.own.stems, b.own.stems) >= OPTIONS_ALIKE;

/** For a broad question ("How do exchanges work?", "Tell me about refunds"), the policy's main
 *  points: the opening sentence of each of its sections found, best section first. Asked for a kind
 *  of fact ("How much does delivery cost?" of a policy whose sections each price one kind of
 *  delivery), the first sentence of each section that states that kind of fact, in the policy's own
 *  order: its first option is the usual one. A yes/no question is never broad. */
function broadOverview(q: QuestionReading, scored: ScoredUnit[]): DraftSentence[] | null {
  if (q.yesNo) return null;
  const terms = q.terms.filter((t) => t.weight > 0 && !t.aside);
  const total = terms.reduce((a, t) => a + t.weight, 0);
  if (!terms.length || terms.length > 3 || !total) return null;
  const best = scored[0]!.unit;
  const inTitle = terms.filter((t) => best.title.stems.has(t.stem)).reduce((a, t) => a + t.weight, 0);
  if (inTitle / total < BROAD_TITLE_SHARE) return null;
  const kindAsked = q.kind.kind !== "other";
  const leads = new Map<number, ScoredUnit>();
  for (const c of scored) {
    if (c.unit.hit.policy !== best.hit.policy || leads.has(c.unit.hit.chunkId)) continue;
    const candidates = scored
      .filter((x) => x.unit.hit.chunkId === c.unit.hit.chunkId && (!kindAsked || x.x[TYPE_FIT] === 1))
      .sort((a, b) => a.unit.index - b.unit.index);
    if (candidates[0]) leads.set(c.unit.hit.chunkId, candidates[0]);
  }
  if (leads.size < 2) return null;
  let chosen = [...leads.values()];
  if (kindAsked) {
    // Options are stated alike ("Standard shipping costs $5.99 per order", "Expedited shipping
    // costs $12.99 per order"); sections that state the kind of fact about other things are not options.
    chosen.sort((a, b) => a.unit.hit.charStart - b.unit.hit.charStart);
    chosen = chosen.filter((c) => alike(c.unit, chosen[0]!.unit));
    if (chosen.length < 2) return null;
  }
  return chosen.slice(0, OVERVIEW_SECTIONS).map((c) => quoted(q, c.unit));
}

/** A unit as an answer quotes it, verbatim. Quoted for a question that is not a yes/no one, the
 *  "Yes." or "No." that answered its heading's question is left out: it would answer the
 *  customer's ("How many hours does it run?" — "No."). A yes/no question keeps it, since it may
 *  be the very answer. */
export function quoted(q: QuestionReading, unit: Unit): DraftSentence {
  const lead = q.yesNo ? null : ANSWER_WORD_LEAD.exec(unit.text);
  const text = lead ? unit.text.slice(lead[0].length) : unit.text;
  return { text, citation: citationOf(unit.hit, text), chunkId: unit.hit.chunkId };
}

export function composeAnswer(q: QuestionReading, hits: SearchHit[], binding: ProductBinding | null, model: AnswerabilityModel): Draft {
  if (!hits.length) return { sentences: [], source: "offline", gap: "no passage matched the question", answerability: 0 };
  if (!q.terms.some((t) => t.weight > 0))
    return { sentences: [], source: "offline", gap: "the message asks nothing the policies could answer", answerability: 0 };
  if (binding?.unknown)
    return {
      sentences: [],
      source: "offline",
      gap: `no policy is about a product called ${binding.unknown}`,
      unknown: [binding.unknown],
      answerability: 0,
    };
  // Never a sibling's figure for the product named.
  // A policy's own sample question is answered from that policy, its passages read whatever their rank.
  const asked = q.sample?.policy;
  const all = scoreUnits(q, hits, binding, model, asked ? hits.filter((h) => h.policy === asked) : []);
  const fromSample = asked ? all.filter((c) => c.unit.hit.policy === asked) : [];
  const scored = fromSample.length ? fromSample : all;
  const best = scored[0];
  if (!best) return { sentences: [], source: "offline", gap: "no passage matched the question", answerability: 0 };
  const p = bestProbability(model, scored);
  const where = `${best.unit.hit.title}, ${best.unit.hit.section}`;
  if ((p < model.threshold || q.kind.kind === "other") && !fromSample.length) {
    // No one sentence answers a question about a whole policy ("How do exchanges work?"): its main
    // points do, whether or not one of its sentences would pass for an answer.
    const overview = broadOverview(q, scored);
    if (overview) return { sentences: overview, source: "offline", gap: null, coverage: best.x[COV_OWN], best: 0, answerability: p };
  }
  if (p < model.threshold && !fromSample.length) {
    return {
      sentences: [],
      source: "offline",
      gap: `the closest passage (${where}) does not answer it`,
      answerability: p,
      coverage: best.x[COV_OWN],
      nearest: p >= model.threshold * NEAR_MISS ? best.unit.hit.chunkId : null,
    };
  }
  // Products named only by their kind, or several fitting equally, are asked about when the best
  // unit is one product's and another product's unit comes close (their answers may differ).
  const isCandidate = (u: ScoredUnit) => binding!.candidates.some((c) => c.policy === u.unit.hit.policy);
  const rival = binding?.candidates.length ? scored.find((c) => isCandidate(c) && c.unit.hit.policy !== best.unit.hit.policy) : undefined;
  // A rival member competes when its own best unit would answer too (its probability, read among
  // its own document's units, nearly clears the threshold) or comes close to the best one.
  // A best unit whose band the customer's own figure falls in ("15 minutes" in an "11–20 minutes"
  // row) is not rivalled by a member that says nothing of that figure.
  const competes = (r: ScoredUnit) =>
    !(best.x[FIGURE_FIT] === 1 && r.x[FIGURE_FIT] !== 1 && heldInBand(q.text, best.unit.text)) &&
    (best.score - r.score <= COMPANION_MAX_GAP ||
      bestProbability(
        model,
        scored.filter((c) => c.unit.hit.policy === r.unit.hit.policy),
      ) >=
        model.threshold * NEAR_MISS);
  if (binding && binding.candidates.length > 1 && isCandidate(best) && (!binding.kindOnly || (rival && competes(rival)))) {
    return askWhich(
      binding.candidates.map((c) => c.title),
      p,
    );
  }
  // A kind of fact asked of a whole policy whose sections each state one ("How much is delivery?"): each of them.
  const options = q.kind.kind !== "other" ? broadOverview(q, scored) : null;
  if (options)
    return { sentences: options, source: "offline", gap: null, coverage: best.x[COV_OWN], best: 0, answerability: confidence(model, scored, p) };
  let chosen = quotedUnits(scored, namesTitle(q), q.text);
  // Two documents stating the same thing with other figures ("Range on a full charge: about 330
  // miles" and "… about 250 miles") are options: the one whose own title word the customer said
  // answers; with none said, the answer asks which.
  const rivals = rivalDocuments(chosen);
  if (rivals.length > 1) {
    const said = new Set(q.terms.map((t) => t.stem));
    const meant = rivals.filter((r) => [...r.title.stems].some((s) => said.has(s) && rivals.every((o) => o === r || !o.title.stems.has(s))));
    if (meant.length !== 1)
      return askWhich(
        rivals.map((r) => r.hit.title),
        p,
      );
    chosen = chosen.filter((c) => c.unit.hit.policy === meant[0]!.hit.policy);
  }
  chosen.sort((a, b) => a.unit.index - b.unit.index);
  const sentences: DraftSentence[] = chosen.map((c) => quoted(q, c.unit));
  return {
    sentences,
    source: "offline",
    gap: null,
    coverage: best.x[COV_OWN],
    best: chosen.indexOf(chosen.reduce((a, c) => (c.score > a.score ? c : a))),
    answerability: confidence(model, scored, p),
  };
}

/** A draft that asks which of these products the customer means. */
const askWhich = (titles: string[], answerability: number): Draft => ({
  sentences: [],
  source: "offline",
  gap: "the question fits several products",
  clarify: titles,
  answerability,
});

/** Titles of sibling products: sharing at least half their words ("Home Fix 18", "Home Fix 18
 *  Eco"), or of as many words, all but one the same in the same places ("Gold membership", "Silver
 *  membership"; not "Returns and exchanges" and "Electronics returns"), or naming the same kind
 *  last, each with words of its own before it ("Off-Peak Membership", "Standard Plus Membership"). */
function siblingTitles(a: Unit, b: Unit): boolean {
  if (jaccard(a.title.stems, b.title.stems) >= SIBLING_TITLE_SHARE) return true;
  const x = contentStems(a.hit.title);
  const y = contentStems(b.hit.title);
  if (x.length === y.length && x.length >= 2 && x.filter((s, i) => s !== y[i]).length === 1) return true;
  return x.length >= 2 && y.length >= 2 && headOf(a.hit.title) === headOf(b.hit.title);
}
const SIBLING_TITLE_SHARE = 0.5;

/** The last word of a title, the kind it names ("membership" of "Off-Peak Membership"). */
const headOf = (title: string) => stem(tokenize(title, { joined: false }).at(-1) ?? "");

/** The documents of quoted units, about sibling products, that state alike things with other
 *  figures: one unit each, in rank order; empty unless two or more documents do. */
function rivalDocuments(chosen: ScoredUnit[]): Unit[] {
  const first = new Map<string, Unit>();
  for (const c of chosen) if (!first.has(c.unit.hit.policy)) first.set(c.unit.hit.policy, c.unit);
  const units = [...first.values()];
  if (units.length < 2) return [];
  const [lead] = units;
  const rivals = units.filter((u) => {
    if (u === lead) return true;
    if (!siblingTitles(lead!, u)) return false;
    // The same row or label with another value ("Sunday: Closed" and "Sunday: 11am – 4pm").
    const [label, value] = labelled(lead!);
    const [otherLabel, otherValue] = labelled(u);
    if (label && label === otherLabel && value !== otherValue) return true;
    const a = new Set(figuresOf(lead!.text));
    const b = new Set(figuresOf(u.text));
    return a.size > 0 && b.size > 0 && alike(lead!, u) && [...b].some((f) => !a.has(f));
  });
  return rivals.length > 1 ? rivals : [];
}

/** A table row's first cell and the rest, or a "Label: value" line's two sides, lower-cased;
 *  [null, null] for a sentence. */
function labelled(u: Unit): [string | null, string | null] {
  const text = u.text.replace(/[*_]/g, "");
  if (u.isTableRow) {
    const [first, ...rest] = rowCells(text);
    return rest.length ? [first!.toLowerCase(), rest.join(" | ").toLowerCase()] : [null, null];
  }
  const m = /^([^:]{1,40}):\s*(\S.*)$/.exec(text);
  return m ? [m[1]!.trim().toLowerCase(), m[2]!.trim().toLowerCase()] : [null, null];
}

/** The units an answer quotes: the fewest best ones whose ranker probabilities add up to COVER (at
 *  most ANSWER.maxSentences). When the ranker is unsure between a rule and its detail, or the same
 *  fact stated in the section next door, both are quoted rather than a guess between them. */
export function quotedUnits(all: ScoredUnit[], named: (u: Unit) => boolean = () => false, question = ""): ScoredUnit[] {
  const best = all[0];
  if (!best) return [];
  // The customer's own figure picks the row: when it falls in the best unit's band ("4 kg" in
  // "2-5 kg"), a row whose band it falls outside is no part of the answer, however close its
  // score; and when that band has both ends ("11–20 minutes"), what else is quoted speaks to the
  // figure too, or is the row's own passage saying nothing of another figure of its kind.
  const scored =
    best.x[FIGURE_FIT] !== 1
      ? all
      : !heldInBand(question, best.unit.text)
        ? all.filter((c) => c.x[FIGURE_FIT] !== -1)
        : all.filter(
            (c) =>
              c.x[FIGURE_FIT] === 1 ||
              (c.x[FIGURE_FIT] === 0 && c.unit.hit.chunkId === best.unit.hit.chunkId && !statesOtherFigure(question, c.unit.text)),
          );
  const n = quotedCount(scored.map((c) => c.score));
  // Units of the best one's passage that the ranker cannot tell from it: the earliest state the
  // rule, the later ones qualify it ("Letters cost…" before "…are free above…").
  const tied = scored.filter((c) => c.unit.hit.chunkId === best.unit.hit.chunkId && best.score - c.score <= TIE);
  if (tied.length > n) return tied.sort((a, b) => a.unit.index - b.unit.index).slice(0, n);
  // When the customer named the best unit's subject, another document is quoted beside it only if
  // named too: an unsure ranker never sets a sibling product's figure next to the one asked about.
  if (!named(best.unit)) return scored.slice(0, n);
  return scored.slice(0, n).filter((c) => c.unit.hit.policy === best.unit.hit.policy || named(c.unit));
}

/** Whether the question names a document's subject: every word of the document's title is in it. */
export function namesTitle(q: QuestionReading): (u: Unit) => boolean {
  const asked = new Set(q.terms.map((t) => t.stem));
  return (u) => u.title.stems.size > 0 && [...u.title.stems].every((s) => asked.has(s));
}

/** Scores this close (in the ranker's log-odds) are a tie. */
const TIE = 0.1;

/** How many of the units, ranked by these scores (best first), an answer quotes. */
export function quotedCount(scores: number[]): number {
  const shares = softmax(scores);
  let n = Math.min(1, scores.length);
  let covered = shares[0] ?? 1;
  while (n < scores.length && covered < COVER && n < ANSWER.maxSentences) covered += shares[n++]!;
  return n;
}

/** The grounding score agents see for an answer built on the best unit: its answer probability
 *  times the ranker's share for the units an answer quotes with it. */
export function confidence(model: AnswerabilityModel, scored: ScoredUnit[], p = bestProbability(model, scored)): number {
  return p * quotedShare(scored);
}

/** The ranker's share for the units quoted (a softmax over every scored unit's score, summed over
 *  the first quotedCount): how sure it is that the answer holds the unit that answers, not a
 *  neighbour left out. Times the answer probability, it is the grounding score agents see — it ranks
 *  right answers above wrong ones better than the probability alone or the best unit's share alone
 *  (ROC AUC over the answered eval cases 0.656 with the best unit's share). */
function quotedShare(scored: ScoredUnit[]): number {
  const scores = scored.map((c) => c.score);
  return softmax(scores)
    .slice(0, quotedCount(scores))
    .reduce((a, v) => a + v, 0);
}

/** Each unit's probability of being the answer by the ranker (a softmax over their scores, as the
 *  ranker was fitted), in the order given (best first). */
function softmax(scores: number[]): number[] {
  const top = scores[0] ?? 0;
  const e = scores.map((v) => Math.exp(v - top));
  const sum = e.reduce((a, v) => a + v, 0);
  return e.map((v) => v / sum);
}
