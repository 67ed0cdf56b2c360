// `npm run fit`: fits the answerability model on the eval cases of every knowledge base, and once
// more for each knowledge base left out, and writes config/answerability.json. Prints, per
// knowledge base, how the question-level decision (answer with the right unit / refuse) does
// in-sample and left out: the left-out figures are the ones that predict an unseen KB.
import fs from "node:fs";
import type { AgentDeps } from "../../agent/deps.ts";
import { FEATURES } from "../../agent/answerability/features.ts";
import { ANSWERABILITY_FILE, answerInputs, probability, type AnswerabilityFile, type AnswerabilityModel } from "../../agent/answerability/model.ts";
import { kbNameSchema, readAgentCases } from "../cases.ts";
import { bestProbability, quotedCount, scoreUnits } from "../../agent/answerability/compose.ts";
import { buildEvalKb, KB_NAMES, NEVER_FITTED } from "../knowledge-bases.ts";
import { labelledQuestions, retrievedState, ZERO, type LabelledQuestion } from "./dataset.ts";
import { fitLogistic, fitRanker, type Example, type RankList } from "./logistic.ts";

const r4 = (v: number) => Number(v.toFixed(4));

/** Each knowledge base weighs the same. */
function kbWeights(questions: LabelledQuestion[]): Map<string, number> {
  const kbs = [...new Set(questions.map((q) => q.kb))];
  return new Map(kbs.map((kb) => [kb, 1 / (kbs.length * questions.filter((q) => q.kb === kb).length)]));
}

type Top = { score: number; lead: number; x: number[]; positive: boolean } | null;

/** The best unit of a question under a ranker, with its lead over the runner-up; positive when
 *  the answer built on it (the units quoted with it) states a right fact. */
function topOf(ranker: number[], q: LabelledQuestion): Top {
  const scored = q.units.map((u) => ({ u, s: u.x.reduce((a, v, i) => a + ranker[i]! * v, 0) })).sort((a, b) => b.s - a.s);
  const [a, b] = scored;
  const quoted = scored.slice(0, quotedCount(scored.map((c) => c.s)));
  return a ? { score: a.s, lead: b ? a.s - b.s : 5, x: a.u.x, positive: quoted.some((c) => c.u.positive) } : null;
}

type Decision = { answerable: boolean; top: { p: number; positive: boolean } | null };

function decisions(model: AnswerabilityModel, questions: LabelledQuestion[]): Decision[] {
  return questions.map((q) => {
    const t = topOf(model.ranker, q);
    return { answerable: q.answerable, top: t && { p: probability(model, t.score, t.lead, t.x), positive: t.positive } };
  });
}

/** Answerable questions answered with a right unit, and unanswerable ones refused, at threshold t. */
function rates(ds: Decision[], t: number): { answered: number; answerable: number; refused: number; unanswerable: number } {
  const answerable = ds.filter((d) => d.answerable);
  const unanswerable = ds.filter((d) => !d.answerable);
  return {
    answered: answerable.filter((d) => d.top && d.top.positive && d.top.p >= t).length,
    answerable: answerable.length,
    refused: unanswerable.filter((d) => !d.top || d.top.p < t).length,
    unanswerable: unanswerable.length,
  };
}

/** The threshold that answers the most answerable questions rightly while refusing at least
 *  REFUSE_TARGET of the unanswerable ones, both averaged over the knowledge bases fitted on (the
 *  best balanced accuracy when no threshold refuses that many). */
const REFUSE_TARGET = 0.9;
function chooseThreshold(model: AnswerabilityModel, questions: LabelledQuestion[]): number {
  const byKb = [...new Set(questions.map((q) => q.kb))].map((kb) =>
    decisions(
      model,
      questions.filter((q) => q.kb === kb),
    ),
  );
  let best = { t: 0.5, answered: -1, balanced: -1, meets: false };
  for (let t = 0.05; t <= 0.95; t += 0.01) {
    const rs = byKb.map((ds) => rates(ds, t));
    const answered = rs.reduce((a, r) => a + r.answered / Math.max(1, r.answerable), 0) / rs.length;
    const refused = rs.reduce((a, r) => a + r.refused / Math.max(1, r.unanswerable), 0) / rs.length;
    const meets = refused >= REFUSE_TARGET;
    const balanced = (answered + refused) / 2;
    const better = meets ? !best.meets || answered > best.answered + 1e-9 : !best.meets && balanced > best.balanced + 1e-9;
    if (better) best = { t: Number(t.toFixed(2)), answered, balanced, meets };
  }
  return best.t;
}

function fitRankerOn(questions: LabelledQuestion[]): number[] {
  const w = kbWeights(questions);
  const lists: RankList[] = questions
    .filter((q) => q.answerable && q.units.some((u) => u.positive))
    .map((q) => ({ xs: q.units.map((u) => u.x), positive: q.units.map((u) => u.positive), w: w.get(q.kb)! }));
  return fitRanker(lists).map(r4);
}

/** The answer stage over a fitted ranker: does the best unit answer? Right answers weigh as much
 *  as the rest; inputs are standardised, so the fit converges and one penalty weighs them alike. */
function fitAnswerStage(questions: LabelledQuestion[], ranker: number[], l2: number): AnswerabilityModel {
  const w = kbWeights(questions);
  const tops = questions.map((q) => ({ q, t: topOf(ranker, q) })).filter((x) => x.t);
  const yes = tops.filter((x) => x.q.answerable && x.t!.positive).length;
  const no = tops.length - yes;
  const raw = tops.map(({ t }) => answerInputs(t!.score, t!.lead, t!.x));
  const mean = raw[0]!.map((_, i) => raw.reduce((a, v) => a + v[i]!, 0) / raw.length);
  const scale = mean.map((m, i) => Math.sqrt(raw.reduce((a, v) => a + (v[i]! - m) ** 2, 0) / raw.length) || 1);
  const examples: Example[] = tops.map(({ q, t }, k) => {
    const y = q.answerable && t!.positive ? 1 : 0;
    return {
      x: raw[k]!.map((v, i) => (v - mean[i]!) / scale[i]!),
      y,
      w: w.get(q.kb)! * (y ? 0.5 / Math.max(1, yes) : 0.5 / Math.max(1, no)) * tops.length,
    };
  });
  const fitted = fitLogistic(examples, { l2 });
  const answer = { weights: fitted.weights.map(r4), bias: r4(fitted.bias), mean: mean.map(r4), scale: scale.map(r4), l2 };
  const model: AnswerabilityModel = { features: [...FEATURES], ranker, answer, threshold: 0.5 };
  return { ...model, threshold: chooseThreshold(model, questions) };
}

/** Penalties the answer stage may be fitted with; which one is chosen by cross-validation. */
const L2_CANDIDATES = [0.01, 0.05, 0.2, 0.5, 1, 2];

/** The penalty that carries best to a knowledge base not fitted on: each knowledge base of the
 *  data is held out in turn, the answer stage fitted on the others (ranker fixed) and scored on it
 *  by balanced accuracy (answerable answered rightly, unanswerable refused), averaged. */
function chooseL2(questions: LabelledQuestion[], ranker: number[]): number {
  const kbs = [...new Set(questions.map((q) => q.kb))];
  if (kbs.length < 2) return L2_CANDIDATES[0]!;
  let best = { l2: L2_CANDIDATES[0]!, score: -1 };
  for (const l2 of L2_CANDIDATES) {
    let score = 0;
    for (const kb of kbs) {
      const model = fitAnswerStage(
        questions.filter((q) => q.kb !== kb),
        ranker,
        l2,
      );
      const r = rates(
        decisions(
          model,
          questions.filter((q) => q.kb === kb),
        ),
        model.threshold,
      );
      score += (r.answered / Math.max(1, r.answerable) + r.refused / Math.max(1, r.unanswerable)) / 2 / kbs.length;
    }
    if (score > best.score + 1e-9) best = { l2, score };
  }
  return best.l2;
}

export function fitModel(questions: LabelledQuestion[]): AnswerabilityModel {
  const ranker = fitRankerOn(questions);
  return fitAnswerStage(questions, ranker, chooseL2(questions, ranker));
}

const cases = readAgentCases();
const questions: LabelledQuestion[] = [];
// The knowledge bases never fitted on are read only for `--dump`, so analysis outside can look at
// them the way the evals do; they are never part of a fit.
const unfitted: LabelledQuestion[] = [];
const dumping = process.argv.includes("--dump");
for (const name of KB_NAMES) {
  if (!cases.some((c) => c.kb === name) || (NEVER_FITTED.includes(name) && !dumping)) continue;
  const kb = await buildEvalKb(name);
  const deps: AgentDeps = {
    pool: kb.db.pool,
    embedder: kb.embedder,
    chat: null,
    chatModelName: "",
    modelTimeoutMs: 0,
    answerability: ZERO,
    log: () => undefined,
  };
  (NEVER_FITTED.includes(name) ? unfitted : questions).push(...(await labelledQuestions(kb, cases, deps)));
  await kb.db.close();
}
// `--without a,b`: fit with those features held at zero (to measure what each is worth left out).
const without = process.argv.includes("--without") ? process.argv[process.argv.indexOf("--without") + 1]!.split(",") : [];
for (const f of without) {
  const i = (FEATURES as readonly string[]).indexOf(f);
  if (i < 0) throw new Error(`no feature ${f}`);
  for (const q of questions) for (const u of q.units) u.x[i] = 0;
}
// `--dump FILE`: the labelled questions as JSON, for analysis outside (features, labels, KB).
if (dumping) fs.writeFileSync(process.argv[process.argv.indexOf("--dump") + 1]!, JSON.stringify({ features: FEATURES, questions, unfitted }));
const kbs = [...new Set(questions.map((q) => q.kb))];
const model = fitModel(questions);
const leftOut: Record<string, AnswerabilityModel> = {};
for (const kb of kbs) leftOut[kb] = fitModel(questions.filter((q) => q.kb !== kb));

const data: AnswerabilityFile["data"] = {};
for (const kb of kbs) {
  const mine = questions.filter((q) => q.kb === kb);
  data[kb] = {
    questions: mine.length,
    answerable: mine.filter((q) => q.answerable).length,
    units: mine.reduce((a, q) => a + q.units.length, 0),
    positives: mine.reduce((a, q) => a + q.units.filter((u) => u.positive).length, 0),
  };
}
const file: AnswerabilityFile = { command: "npm run fit", fittedAt: new Date().toISOString().slice(0, 10), data, model, leftOut };
fs.writeFileSync(ANSWERABILITY_FILE, `${JSON.stringify(file, null, 1)}\n`);

const pct = (a: number, b: number) => `${a}/${b} (${b ? (a / b).toFixed(2) : "-"})`;
console.log(
  `fitted on ${questions.length} questions from ${kbs.join(", ")}; threshold ${model.threshold}, answer-stage penalty ${model.answer.l2} (left out: ${kbs.map((kb) => `${kb} ${leftOut[kb]!.answer.l2}`).join(", ")})`,
);
console.log(`ranker: ${FEATURES.map((f, i) => `${f} ${model.ranker[i]}`).join(", ")}`);
console.log(`answer: ${["score", "lead", ...FEATURES].map((f, i) => `${f} ${model.answer.weights[i]}`).join(", ")}, bias ${model.answer.bias}`);
console.log("\nknowledge base   answered (in-sample)  answered (left out)  refused (in-sample)  refused (left out)");
for (const kb of kbs) {
  const mine = questions.filter((q) => q.kb === kb);
  const a = rates(decisions(model, mine), model.threshold);
  const b = rates(decisions(leftOut[kb]!, mine), leftOut[kb]!.threshold);
  console.log(
    `${kb.padEnd(16)} ${pct(a.answered, a.answerable).padEnd(21)} ${pct(b.answered, b.answerable).padEnd(20)} ${pct(a.refused, a.unanswerable).padEnd(20)} ${pct(b.refused, b.unanswerable)}`,
  );
}
console.log(`\nwrote ${ANSWERABILITY_FILE}`);

if (process.argv.includes("--diagnose")) {
  for (const kb of kbs) {
    const mine = questions.filter((q) => q.kb === kb && q.answerable);
    const ceiling = mine.filter((q) => q.units.some((u) => u.positive)).length;
    const top1 = decisions(model, mine).filter((d) => d.top?.positive).length;
    const top1LeftOut = decisions(leftOut[kb]!, mine).filter((d) => d.top?.positive).length;
    const inTop = (k: number) =>
      mine.filter((q) =>
        q.units
          .map((u) => ({ u, s: u.x.reduce((a, v, i) => a + model.ranker[i]! * v, 0) }))
          .sort((a, b) => b.s - a.s)
          .slice(0, k)
          .some((x) => x.u.positive),
      ).length;
    console.log(
      `${kb}: answerable ${mine.length}, a right unit retrieved ${ceiling}, ranked first ${top1} (left out ${top1LeftOut}), in the top 2 ${inTop(2)}, top 3 ${inTop(3)}`,
    );
    for (const q of mine.filter((x) => !x.units.some((u) => u.positive))) console.log(`   no right unit: ${q.id}`);
  }
}
// `--show KB`: for each grounded case of KB whose right unit is not ranked first, the question's
// reading, the unit ranked first and the right one, with their features.
if (process.argv.includes("--show")) {
  const name = kbNameSchema.parse(process.argv[process.argv.indexOf("--show") + 1]);
  const built = await buildEvalKb(name);
  const deps: AgentDeps = {
    pool: built.db.pool,
    embedder: built.embedder,
    chat: null,
    chatModelName: "",
    modelTimeoutMs: 0,
    answerability: model,
    log: () => undefined,
  };
  for (const c of cases.filter((x) => x.kb === name && x.suite === "grounded")) {
    const s = await retrievedState(deps, c.turns[0]!.message);
    if (!s.reading) continue;
    const sc = scoreUnits(s.reading, s.hits, s.binding, model);
    const facts = (c.expect.facts ?? []).map((f) => f.toLowerCase());
    const pi = sc.findIndex((u) => facts.some((f) => u.unit.text.toLowerCase().includes(f)));
    if (pi === 0) continue;
    const shown = (i: number) => `s=${sc[i]!.score.toFixed(2)} ${sc[i]!.unit.text.slice(0, 120)} [${sc[i]!.x.map((v) => v.toFixed(2)).join(" ")}]`;
    console.log(
      `\n${c.id} ${c.turns[0]!.message}\n  terms: ${s.reading.terms.map((t) => `${t.stem}${t.known ? "" : "?"}:${t.weight.toFixed(2)}`).join(" ")} kind ${s.reading.kind.kind}`,
    );
    if (sc[0]) console.log(`  TOP p=${bestProbability(model, sc).toFixed(2)} ${shown(0)}`);
    if (pi > 0) console.log(`  RIGHT #${pi} ${shown(pi)}`);
  }
  await built.db.close();
}
