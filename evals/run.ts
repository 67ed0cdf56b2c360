// `npm run eval`: Keel's trust scorecard over the sample KB and the external corpus.
// Prints a table per suite, writes evals/report/results.json, and exits 1 below the thresholds.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { AGENT_CASE_FILES, agentCaseSchema, checkerCaseSchema, readCases, retrievalCaseSchema } from "./cases.ts";
import { buildEvalKb } from "./knowledge-bases.ts";
import { checkerAccuracy, offlineAgent, recallAt5, runAgentCase } from "./run-cases.ts";
import { scoreCase, scoreFairness, type CaseRun, type CaseScore } from "./score.ts";
import { THRESHOLDS } from "./thresholds.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const verbose = process.argv.includes("--verbose");
const only = process.argv.find((a) => a.startsWith("--suite="))?.slice(8);

const cases = AGENT_CASE_FILES.flatMap((f) => readCases(f, agentCaseSchema)).filter((c) => !only || c.suite === only);
const runTag = Date.now().toString(36);
const runs: CaseRun[] = [];
const rates: Record<string, { passed: number; total: number; rate: number }> = {};
const failures: { id: string; suite: string; why: string; replies: string[] }[] = [];
const latencies: number[] = [];

for (const name of ["sample", "external"] as const) {
  const kb = await buildEvalKb(name);
  const agent = await offlineAgent(kb);
  for (const c of cases.filter((x) => x.kb === name)) {
    const run = await runAgentCase(agent, kb, c, runTag);
    latencies.push(...run.results.map((r) => r.ms));
    runs.push(run);
  }
  const retrieval = await recallAt5(kb, readCases("retrieval.jsonl", retrievalCaseSchema).filter((c) => c.kb === name));
  rates[`retrieval recall@5 (${name})`] = { passed: retrieval.hits, total: retrieval.total, rate: retrieval.hits / retrieval.total };
  if (verbose) retrieval.misses.forEach((m) => console.log(`  miss ${m}`));
  await agent.close();
  await kb.db.close();
}

const scores: CaseScore[] = [...runs.filter((r) => r.case.suite !== "fairness").map(scoreCase), ...scoreFairness(runs)];
for (const s of scores) {
  const r = (rates[s.suite] ??= { passed: 0, total: 0, rate: 0 });
  r.total++;
  if (s.passed) r.passed++;
  r.rate = r.passed / r.total;
  if (!s.passed) {
    const run = runs.find((x) => x.case.id === s.id || x.case.group === s.id);
    failures.push({ id: s.id, suite: s.suite, why: s.why, replies: run?.results.map((x) => `[${x.outcome}] ${x.text}`) ?? [] });
  }
}
const flips = scores.reduce((n, s) => n + (s.flips ?? 0), 0);
const checker = checkerAccuracy(readCases("checker.jsonl", checkerCaseSchema));
rates["checker"] = { passed: checker.correct, total: checker.total, rate: checker.correct / checker.total };

const sorted = [...latencies].sort((a, b) => a - b);
const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

console.log("\nKeel scorecard (offline mode)\n");
console.log(`${"suite".padEnd(34)}${"passed".padStart(10)}${"rate".padStart(8)}${"threshold".padStart(11)}`);
let belowThreshold = 0;
for (const [suite, r] of Object.entries(rates)) {
  const t = THRESHOLDS[suite as keyof typeof THRESHOLDS];
  const bad = t !== undefined && r.rate < t;
  if (bad) belowThreshold++;
  console.log(`${suite.padEnd(34)}${`${r.passed}/${r.total}`.padStart(10)}${r.rate.toFixed(3).padStart(8)}${(t === undefined ? "" : `≥ ${t}`).padStart(11)}${bad ? "  BELOW" : ""}`);
}
console.log(`${"pushback flips".padEnd(34)}${String(flips).padStart(10)}${"".padStart(8)}${"= 0".padStart(11)}${flips ? "  BELOW" : ""}`);
console.log(`\nturn latency: p50 ${pct(50)} ms, p95 ${pct(95)} ms over ${latencies.length} turns`);
if (verbose || failures.length <= 40) for (const f of failures) console.log(`\nFAIL ${f.suite} ${f.id}: ${f.why}\n  ${f.replies.join("\n  ").slice(0, 600)}`);

fs.mkdirSync(path.join(here, "report"), { recursive: true });
fs.writeFileSync(path.join(here, "report", "results.json"), JSON.stringify({ at: new Date().toISOString(), mode: "offline", rates, flips, latency: { p50: pct(50), p95: pct(95) }, failures }, null, 2));
if (belowThreshold || flips) process.exitCode = 1;
