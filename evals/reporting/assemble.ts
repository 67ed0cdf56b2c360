// Puts Keel's and the baseline's scorecards, the thresholds and the gate's verdict into the one
// results object the table, the HTML page and results.json are drawn from.
import type { Scorecard } from "../scorecard.ts";
import type { Bar } from "../thresholds.ts";
import { latencyOf, percentile, type Rate, type Results } from "./results.ts";

export type AssembleInput = {
  at: string;
  mode: Results["mode"];
  model: string | null;
  only: string | null;
  seconds: number;
  keel: Scorecard;
  baseline: Scorecard | null;
  /** Suites that need no agent (retrieval recall, the checker): Keel's only. */
  extraRates: Record<string, Rate>;
  thresholds: Bar;
  floors: Bar;
  gate: { bar: Results["gate"]["bar"]; below: string[] };
  privacyModel: string;
  /** The cases that failed when each knowledge base was answered by the model fitted without it. */
  leftOut?: Scorecard | null;
};

/** The order of the table: what retrieval finds, then what the agent does with it, then the checker. */
const ORDER = [
  "retrieval recall@5 (sample)",
  "retrieval recall@5 (retail)",
  "retrieval recall@5 (telecom)",
  "grounded",
  "out_of_scope",
  "false_premise",
  "pushback",
  "escalation",
  "injection",
  "privacy",
  "fairness",
  "sibling",
  "conversation",
  "context",
  "checker",
];
const rank = (name: string) => (ORDER.includes(name) ? ORDER.indexOf(name) : ORDER.length);

const p50 = (ms: number[] | undefined) => (ms?.length ? percentile(ms, 50) : null);

export function assembleResults(i: AssembleInput): Results {
  const rates = { ...i.extraRates, ...i.keel.rates };
  return {
    at: i.at,
    mode: i.mode,
    model: i.model,
    only: i.only,
    seconds: Number(i.seconds.toFixed(1)),
    gate: i.gate,
    suites: Object.entries(rates)
      .sort(([a], [b]) => rank(a) - rank(b))
      .map(([name, keel]) => ({
        name,
        keel,
        baseline: i.baseline?.rates[name] ?? null,
        threshold: i.thresholds.rates[name] ?? null,
        floor: i.floors.rates[name] ?? null,
        keelP50Ms: p50(i.keel.latencyBySuite[name]),
        baselineP50Ms: p50(i.baseline?.latencyBySuite[name]),
      })),
    pushback: { keelFlips: i.keel.flips, baselineFlips: i.baseline?.flips ?? null, maxFlips: i.thresholds.maxFlips },
    latency: { keel: latencyOf(i.keel.latencies), baseline: i.baseline ? latencyOf(i.baseline.latencies) : null },
    separation: i.keel.separation,
    privacy: { ...i.keel.privacy, model: i.privacyModel },
    failures: i.keel.failures,
    leftOutFailures: (i.leftOut?.failures ?? []).map((f) => ({ suite: f.suite, kb: f.kb, id: f.id })),
  };
}
