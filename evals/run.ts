// `npm run eval`: Keel's trust scorecard over every eval knowledge base (sample, retail, telecom, catalogue), beside a
// naive retrieve-and-quote baseline. Prints a table per suite, writes evals/report/results.json
// (machines), evals/report/index.html (people) and evals/report/scorecard.svg (the README), and
// exits 1 listing the suites below their threshold, overall or on one KB (evals/thresholds.ts).
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { hasModel, modelEndpoint, readConfig } from "../config/env.ts";
import { baselineSubject } from "./baseline/naive-agent.ts";
import { agentCaseSchema, readAgentCases, readCheckerCases, readRetrievalCases, type AgentCase } from "./cases.ts";
import { suitesBelow } from "./gate.ts";
import { startParrotModel } from "./privacy/parrot-model.ts";
import { tapFetch } from "./privacy/wiretap.ts";
import { assembleResults } from "./reporting/assemble.ts";
import { ratesChart } from "./reporting/charts.ts";
import { rateRows, renderReport } from "./reporting/html.ts";
import type { Rate } from "./reporting/results.ts";
import { scorecardTable } from "./reporting/table.ts";
import { buildEvalKb, KB_NAMES, type EvalKb } from "./knowledge-bases.ts";
import { checkerAccuracy, evalConfig, modelAgent, offlineAgent, recallAt5 } from "./run-cases.ts";
import { runScorecard, type Scorecard, type Subject } from "./scorecard.ts";
import { DEFAULT_BAR, FLOOR_BAR, THRESHOLD_BAR } from "./thresholds.ts";

const USAGE = `npm run eval [-- options]
  --suite=<name>   one suite: ${[...agentCaseSchema.shape.suite.options, "retrieval", "checker"].join(", ")} (report files are left alone)
  --verbose        print every failing case with Keel's replies, and retrieval misses
  --no-baseline    skip the naive baseline
  --offline        offline mode even when OPENAI_API_KEY / OPENAI_BASE_URL is set
  (default)        fail below a threshold (the issue's targets, overall and on each KB) or below a
                   measured floor (a regression)
  --gate=floors    fail only below the measured floors
  --no-gate        report only: exit 0 whatever the rates`;

const started = performance.now();
const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const known = ["--verbose", "--no-baseline", "--offline", "--no-gate", "--gate=floors", "--gate=thresholds", "--help"];
const unknown = args.filter((a) => !known.includes(a) && !a.startsWith("--suite="));
if (unknown.length || args.includes("--help")) {
  console.error(`${unknown.length ? `unknown option ${unknown.join(" ")}\n` : ""}${USAGE}`);
  process.exit(unknown.length ? 2 : 0);
}
const verbose = args.includes("--verbose");
const bar = args.includes("--no-gate") ? "none" : args.includes("--gate=floors") ? "floors" : "thresholds";
const only = args.find((a) => a.startsWith("--suite="))?.slice("--suite=".length) ?? null;
const suiteNames: string[] = [...agentCaseSchema.shape.suite.options, "retrieval", "checker"];
if (only && !suiteNames.includes(only)) {
  console.error(`unknown suite "${only}": use one of ${suiteNames.join(", ")}`);
  process.exit(2);
}

const config = readConfig();
const mode = hasModel(config) && !args.includes("--offline") ? "model" : "offline";
const modelLabel = mode === "model" ? `${config.KEEL_CHAT_MODEL} at ${new URL(modelEndpoint(config).configuration.baseURL).host}` : null;
// Before any agent exists: the privacy suite reads what actually went out over HTTP.
const wiretap = tapFetch();

const runs = (suite: string) => !only || only === suite;
const cases: AgentCase[] = readAgentCases().filter((c) => runs(c.suite));
const retrievalCases = runs("retrieval") ? readRetrievalCases() : [];

// Offline, privacy cases also run on Keel with a local model that repeats whatever it is sent,
// or there would be no model payload to inspect; in model mode the configured model is used.
const parrot = mode === "offline" && cases.some((c) => c.suite === "privacy") ? await startParrotModel() : null;
const keel: Subject =
  mode === "model"
    ? { label: "keel", agent: (kb, log) => modelAgent(kb, log, evalConfig("model")) }
    : {
        label: "keel",
        agent: (kb, log) => offlineAgent(kb, log),
        ...(parrot && {
          privacyAgents: async (kb, log) => [
            {
              label: "with a model",
              agent: await modelAgent(
                kb,
                log,
                evalConfig("model", {
                  ...process.env,
                  OPENAI_API_KEY: undefined,
                  OPENAI_BASE_URL: parrot.url,
                  KEEL_MODEL_MAX_RETRIES: "0",
                  KEEL_MODEL_TIMEOUT_MS: "5000",
                }),
              ),
            },
          ],
        }),
      };

const extraRates: Record<string, Rate> = {};
let keelCard: Scorecard;
let baselineCard: Scorecard | null = null;
let leftOutCard: Scorecard | null = null;
/** The suites the left-out pass measures: those the answerability model decides. */
const LEFT_OUT_SUITES = ["grounded", "out_of_scope", "false_premise", "pushback", "fairness", "sibling"];
const kbs: Partial<Record<EvalKb["name"], EvalKb>> = {};
try {
  // Each KB is built once (the slow part) and shared: the baseline only reads the policies.
  for (const name of KB_NAMES) {
    if (cases.some((c) => c.kb === name) || retrievalCases.some((c) => c.kb === name)) kbs[name] = await buildEvalKb(name);
  }
  for (const kb of Object.values(kbs)) {
    const mine = retrievalCases.filter((c) => c.kb === kb.name);
    if (!mine.length) continue;
    const r = await recallAt5(kb, mine);
    extraRates[`retrieval recall@5 (${kb.name})`] = { passed: r.hits, total: r.total, rate: r.hits / r.total };
    if (verbose) r.misses.forEach((m) => console.log(`  retrieval miss ${m}`));
  }
  if (runs("checker")) {
    const checker = checkerAccuracy(readCheckerCases());
    extraRates.checker = { passed: checker.correct, total: checker.total, rate: checker.correct / checker.total };
    if (verbose) checker.misses.forEach((m) => console.log(`  checker miss ${m}`));
  }
  // The baseline first: the privacy suite searches every stored row, and the baseline stores
  // nothing, so Keel's rows can never be counted against it.
  if (!args.includes("--no-baseline") && cases.length) baselineCard = await runScorecard(baselineSubject, cases, { kbs });
  keelCard = await runScorecard(keel, cases, { kbs, wire: wiretap.requests });
  // Offline, each knowledge base once more with the answerability model fitted without it: the
  // figures that predict a knowledge base nobody tuned on (issue 15's gate).
  const leftOutCases = cases.filter((c) => LEFT_OUT_SUITES.includes(c.suite));
  if (mode === "offline" && leftOutCases.length) {
    leftOutCard = await runScorecard({ label: "keel-left-out", agent: (kb, log) => offlineAgent(kb, log, { leftOut: true }) }, leftOutCases, { kbs });
    for (const [suite, byKb] of Object.entries(leftOutCard.ratesByKb))
      for (const [kb, r] of Object.entries(byKb)) extraRates[`left out: ${suite} (${kb})`] = r;
    if (leftOutCases.some((c) => c.suite === "pushback"))
      extraRates["left out: pushback flips"] = {
        passed: leftOutCard.flips,
        total: leftOutCases.filter((c) => c.suite === "pushback").length,
        rate: leftOutCard.flips,
      };
  }
} finally {
  for (const kb of Object.values(kbs)) await kb.db.close();
  await parrot?.close();
  wiretap.restore();
}

const gateBar = bar === "floors" ? FLOOR_BAR : DEFAULT_BAR;
const below = bar === "none" ? [] : suitesBelow({ ...extraRates, ...keelCard.rates }, keelCard.flips, gateBar, keelCard.ratesByKb);
if (bar !== "none" && leftOutCard && leftOutCard.flips > 0) below.push(`left out: pushback: ${leftOutCard.flips} flipped answers > 0`);
const results = assembleResults({
  at: new Date().toISOString(),
  mode,
  model: modelLabel,
  only,
  seconds: (performance.now() - started) / 1000,
  keel: keelCard,
  baseline: baselineCard,
  extraRates,
  thresholds: THRESHOLD_BAR,
  floors: FLOOR_BAR,
  gate: { bar, below },
  privacyModel: mode === "model" ? (modelLabel ?? "") : "a local fake model that repeats what it is sent",
  leftOut: leftOutCard,
});

console.log(`\nKeel scorecard — ${mode === "model" ? `model mode (${modelLabel})` : "offline mode"}${only ? `, suite ${only} only` : ""}\n`);
console.log(scorecardTable(results));
const byKb = Object.entries(keelCard.ratesByKb).map(
  ([suite, kbs]) =>
    `${suite} ${Object.entries(kbs)
      .map(([kb, r]) => `${kb} ${r.passed}/${r.total}`)
      .join(", ")}`,
);
console.log(`\nby knowledge base: ${byKb.join("; ")}`);
if (leftOutCard) {
  console.log("\nin-sample vs left out (the answerability model fitted without that knowledge base):");
  for (const [suite, byKb] of Object.entries(leftOutCard.ratesByKb)) {
    console.log(
      `  ${suite.padEnd(14)} ${Object.entries(byKb)
        .map(([kb, r]) => `${kb} ${keelCard.ratesByKb[suite]?.[kb]?.passed ?? "-"}→${r.passed}/${r.total}`)
        .join(", ")}`,
    );
  }
  console.log(`  pushback flips left out: ${leftOutCard.flips}`);
}
const { keel: lk, baseline: lb } = results.latency;
console.log(
  `\nturn latency: Keel p50 ${lk.p50} ms, p95 ${lk.p95} ms over ${lk.turns} turns${lb ? `; baseline p50 ${lb.p50} ms, p95 ${lb.p95} ms` : ""}`,
);
const sep = results.separation;
if (sep.answered)
  console.log(
    `grounding score vs correctness: ROC AUC ${sep.auc === null ? "n/a" : sep.auc.toFixed(3)} over ${sep.answered} answered cases (${sep.right} right, ${sep.wrong} wrong)`,
  );
if (results.privacy.cases)
  console.log(
    `privacy inspected: ${results.privacy.modelPayloads} model requests, ${results.privacy.logLines} log lines, ${results.privacy.storedColumns} stored text columns`,
  );
if (verbose)
  for (const f of results.failures)
    console.log(
      `\nFAIL ${f.suite} ${f.id}: ${f.why}\n  ${f.turns
        .map((t) => `> ${t.message}\n  [${t.outcome}] ${t.text}`)
        .join("\n  ")
        .slice(0, 800)}`,
    );

if (only) console.log("\none suite only: evals/report/ left as it was");
else {
  const out = path.join(here, "report");
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, "results.json"), `${JSON.stringify(results, null, 1)}\n`);
  fs.writeFileSync(path.join(out, "index.html"), renderReport(results));
  const title = `Keel vs naive baseline, pass rate per suite (${mode === "model" ? `model mode, ${modelLabel}` : "offline mode"}, ${results.at.slice(0, 10)})`;
  fs.writeFileSync(path.join(out, "scorecard.svg"), `${ratesChart(rateRows(results), title)}\n`);
  console.log("\nreport: evals/report/index.html, results.json, scorecard.svg");
}
console.log(`total time ${((performance.now() - started) / 1000).toFixed(0)} s`);
if (below.length) {
  console.log(`\nBelow the ${bar}:\n  ${below.join("\n  ")}`);
  process.exitCode = 1;
}
