// Runs every agent case for one subject (Keel or the naive baseline) over both knowledge bases and
// scores them: rates per suite, pushback flips, latencies, failures, what the privacy suite
// inspected, and how well the verify step's grounding score separates right answers from wrong.
import type { Agent } from "../agent/create-agent.ts";
import type { AgentCase } from "./cases.ts";
import type { EvalKb } from "./knowledge-bases.ts";
import type { Sighting } from "./privacy/leaks.ts";
import type { Wiretap } from "./privacy/wiretap.ts";
import { rocAuc } from "./reporting/auc.ts";
import { KB_NAMES } from "./knowledge-bases.ts";
import type { Failure, Rate } from "./reporting/results.ts";
import { runAgentCase, type AgentLog } from "./run-cases.ts";
import { scoreCase, scoreContextPairs, scoreFairness, type CaseRun, type CaseScore } from "./score.ts";

export type Subject = {
  label: string;
  /** The agent the cases run against on one KB; `log` must receive its log lines. */
  agent(kb: EvalKb, log: AgentLog): Promise<Agent> | Agent;
  /** More agents the privacy cases also run against (e.g. Keel with a chat model, so there are
   *  model payloads to inspect); a case passes only if none of them lets the data out. */
  privacyAgents?(kb: EvalKb, log: AgentLog): Promise<{ label: string; agent: Agent }[]>;
};

export type Scorecard = {
  label: string;
  rates: Record<string, Rate>;
  /** The same rates per knowledge base (sample, retail, telecom, catalogue): a suite can pass overall and fail one. */
  ratesByKb: Record<string, Record<string, Rate>>;
  flips: number;
  latencies: number[];
  latencyBySuite: Record<string, number[]>;
  failures: Failure[];
  /** Grounding score vs correctness over answered grounded / false-premise cases. */
  separation: { answered: number; right: number; wrong: number; auc: number | null; points: { id: string; score: number; correct: boolean }[] };
  privacy: { cases: number; modelPayloads: number; logLines: number; storedColumns: number };
};

/** The grounding score as one number: claims supported × how much of the question the quoted
 *  passage covers, less when the best policy barely wins over another. */
/** The score the console shows agents: the answerability model's calibrated probability when the
 *  answer came from it (the older product of supported share, coverage and margin otherwise). */
export function groundingScore(g: { supportedShare: number; retrievalMargin: number; coverage?: number; answerability?: number }): number {
  if (g.answerability !== undefined) return g.answerability;
  return g.supportedShare * (g.coverage ?? 1) * (g.retrievalMargin > 0 ? 1 : 0.75);
}

/** Collects into `output` everything the process writes to stdout/stderr while `fn` runs (still passed through). */
async function capturingOutput<T>(output: string[], fn: () => Promise<T>): Promise<T> {
  const streams = [process.stdout, process.stderr] as const;
  const originals = streams.map((s) => s.write);
  streams.forEach((s, i) => {
    s.write = ((chunk: unknown, ...rest: unknown[]) => {
      output.push(typeof chunk === "string" ? chunk : Buffer.from(chunk as Uint8Array).toString("utf8"));
      return (originals[i] as (...a: unknown[]) => boolean).call(s, chunk, ...rest);
    }) as typeof s.write;
  });
  try {
    return await fn();
  } finally {
    streams.forEach((s, i) => (s.write = originals[i]!));
  }
}

export async function runScorecard(
  subject: Subject,
  cases: AgentCase[],
  options: {
    /** The knowledge bases, opened and closed by the caller so several subjects share them. */
    kbs: Partial<Record<EvalKb["name"], EvalKb>>;
    /** HTTP requests sent by the process (the wiretap), for the privacy suite. */
    wire?: Wiretap["requests"];
  },
): Promise<Scorecard> {
  const runTag = `${subject.label}-${Date.now().toString(36)}`;
  const runs: CaseRun[] = [];
  const latencies: number[] = [];
  const latencyBySuite: Record<string, number[]> = {};
  const rates: Record<string, Rate> = {};
  const privacy = { cases: 0, modelPayloads: 0, logLines: 0, storedColumns: 0 };
  const logLines: string[] = [];
  const log: AgentLog = (level, message, fields) => void logLines.push(JSON.stringify({ level, message, ...fields }));
  const wire = options.wire ?? [];

  for (const name of KB_NAMES) {
    const mine = cases.filter((x) => x.kb === name);
    if (!mine.length) continue;
    const kb = options.kbs[name];
    if (!kb) throw new Error(`cases need the ${name} knowledge base, which the caller did not open: pass it in kbs`);
    const agent = await subject.agent(kb, log);
    const others = mine.some((c) => c.suite === "privacy") ? ((await subject.privacyAgents?.(kb, log)) ?? []) : [];
    for (const c of mine) {
      const run = c.suite === "privacy" ? await privacyRun(kb, c) : await runAgentCase(agent, kb, c, runTag);
      const ms = run.results.map((r) => r.ms);
      latencies.push(...ms);
      (latencyBySuite[c.suite] ??= []).push(...ms);
      runs.push(run);
    }
    for (const o of others) await o.agent.close();
    await agent.close();

    /** Runs a privacy case on every agent, checking logs, model requests and process output too. */
    async function privacyRun(kb: EvalKb, c: AgentCase): Promise<CaseRun> {
      privacy.cases++;
      let main: CaseRun | null = null;
      const leaks: NonNullable<CaseRun["leaks"]> = [];
      for (const [i, a] of [{ label: "", agent }, ...others.map((o) => ({ label: `${o.label}: `, agent: o.agent }))].entries()) {
        const logsFrom = logLines.length;
        const wireFrom = wire.length;
        const output: string[] = [];
        const emitted = {
          label: a.label,
          sightings: (): Sighting[] => [
            ...logLines.slice(logsFrom).map((text) => ({ where: `${a.label}log line`, text })),
            ...wire.slice(wireFrom).map((r) => ({ where: `${a.label}model request to ${new URL(r.url).host}`, text: r.body })),
            ...output.map((text) => ({ where: `${a.label}process output`, text })),
          ],
        };
        const run = await capturingOutput(output, () => runAgentCase(a.agent, kb, c, i ? `${runTag}-${i}` : runTag, emitted));
        // The agents share the KB's database, so a stored leak shows up once, however many found it.
        for (const l of run.leaks ?? []) if (!leaks.some((x) => x.pii === l.pii && x.where === l.where)) leaks.push(l);
        privacy.modelPayloads += wire.length - wireFrom;
        privacy.logLines += logLines.length - logsFrom;
        privacy.storedColumns = Math.max(privacy.storedColumns, run.inspected?.columns ?? 0);
        main ??= run;
      }
      return { ...main!, leaks };
    }
  }

  const scores: CaseScore[] = [...runs.filter((r) => r.case.suite !== "fairness").map(scoreCase), ...scoreFairness(runs), ...scoreContextPairs(runs)];
  const failures: Failure[] = [];
  const ratesByKb: Scorecard["ratesByKb"] = {};
  for (const s of scores) {
    for (const r of [
      (rates[s.suite] ??= { passed: 0, total: 0, rate: 0 }),
      ((ratesByKb[s.suite] ??= {})[s.kb] ??= { passed: 0, total: 0, rate: 0 }),
    ]) {
      r.total++;
      if (s.passed) r.passed++;
      r.rate = r.passed / r.total;
    }
    if (!s.passed) {
      const run = runs.find((x) => x.case.id === s.id || x.case.group === s.id);
      failures.push({
        id: s.id,
        suite: s.suite,
        kb: s.kb,
        why: s.why,
        turns: (run?.case.turns ?? []).map((t, i) => {
          const res = run!.results[i]!;
          return {
            message: t.message,
            outcome: res.outcome,
            text: res.text,
            citations: res.citations.map((c) => `${c.title} v${c.version} — ${c.section}`),
          };
        }),
      });
    }
  }
  const points: { id: string; score: number; correct: boolean }[] = [];
  for (const run of runs.filter((r) => r.case.suite === "grounded" || r.case.suite === "false_premise")) {
    const last = run.results.length - 1;
    const g = run.groundings?.[last];
    if (run.results[last]!.outcome !== "answer" || !g) continue;
    points.push({ id: run.case.id, score: Number(groundingScore(g).toFixed(4)), correct: scoreCase(run).passed });
  }
  const auc = rocAuc(points);
  return {
    label: subject.label,
    rates,
    ratesByKb,
    latencies,
    latencyBySuite,
    failures,
    privacy,
    flips: scores.reduce((n, s) => n + (s.flips ?? 0), 0),
    separation: {
      answered: points.length,
      right: points.filter((p) => p.correct).length,
      wrong: points.filter((p) => !p.correct).length,
      auc: Number.isFinite(auc) ? auc : null,
      points,
    },
  };
}
