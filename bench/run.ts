// `npm run bench`: Keel's performance figures in offline mode, section by section (SECTIONS):
//   - turns: agent turn latency over a ~1k-chunk KB (bench/turns.ts);
//   - profile: a CPU profile of 50 offline turns summed by function over self time (bench/profile.ts);
//   - http: the customer HTTP API against a real `keel serve --demo` process, closed loop (50
//     conversations × 10 turns) and open loop (200 conversations, a message every 5 s), one client
//     address per conversation, and the server's resident memory (bench/http-load.ts);
//   - retrieval: searchChunks latency as a KB grows through ~1k, ~10k and ~100k chunks, with
//     import throughput at 10k (bench/retrieval.ts).
// Prints a report and writes bench/results/latest.json. The sections share one time budget
// (KEEL_BENCH_BUDGET_S, default 420 s), each ending by its share of it: a build that would overrun
// stops early and the report says which size was actually reached, rather than hanging.
// To add a section, write a module exporting a BenchSection (bench/section.ts) and list it below;
// shares are relative, so give the budget the new section's time too.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { todayIso } from "../kb/effective.ts";
import { httpLoadSection } from "./http-load.ts";
import { profileSection } from "./profile.ts";
import { retrievalSection } from "./retrieval.ts";
import type { BenchSection, SectionResult } from "./section.ts";
import { round } from "./stats.ts";
import { turnsSection } from "./turns.ts";

// Retrieval comes last: it builds KBs until its time runs out, so it takes whatever the fixed-size
// sections before it left, and an overrun of its own cannot squeeze them.
const SECTIONS: BenchSection[] = [turnsSection, profileSection, httpLoadSection, retrievalSection];

const here = path.dirname(fileURLToPath(import.meta.url));
const T0 = performance.now();
const BUDGET_MS = Number(process.env.KEEL_BENCH_BUDGET_S ?? 420) * 1000;
const elapsed = () => performance.now() - T0;
const log = (s: string) => process.stderr.write(`[bench ${(elapsed() / 1000).toFixed(0).padStart(3)}s] ${s}\n`);
const notes: string[] = [];

const env = {
  node: process.version,
  platform: `${os.platform()} ${os.arch()}`,
  cpus: os.cpus().length,
  cpuModel: os.cpus()[0]?.model ?? "unknown",
  memoryGb: round(os.totalmem() / 2 ** 30),
  loadAvgAtStart: os.loadavg().map(round),
  budgetS: BUDGET_MS / 1000,
};
log(`node ${env.node}, ${env.cpus} × ${env.cpuModel}, load average ${env.loadAvgAtStart.join(" ")}`);
if (env.loadAvgAtStart[0]! > env.cpus)
  notes.push(`The machine was busy at start (load average ${env.loadAvgAtStart[0]} on ${env.cpus} cores): figures are pessimistic.`);

const totalShare = SECTIONS.reduce((a, s) => a + s.share, 0);
const results: { section: BenchSection; result: SectionResult; seconds: number }[] = [];
let share = 0;
for (const section of SECTIONS) {
  share += section.share / totalShare;
  const started = performance.now();
  const result = await section.run({ until: T0 + BUDGET_MS * share, today: todayIso(), log, note: (n) => notes.push(n) });
  results.push({ section, result, seconds: (performance.now() - started) / 1000 });
}

const totalS = elapsed() / 1000;
const loadAvgAtEnd = os.loadavg().map(round);
const lines = [
  "",
  "Keel benchmark (offline embedder, embedded PGlite in memory)",
  "",
  `environment: node ${env.node}, ${env.platform}, ${env.cpus} CPU × ${env.cpuModel}, ${env.memoryGb} GB RAM`,
  `load average: ${env.loadAvgAtStart.join(" ")} at start, ${loadAvgAtEnd.join(" ")} at end`,
  "",
  ...results.flatMap(({ result }) => [...result.report, ""]),
  ...(notes.length ? ["Notes:", ...notes.map((n) => `  - ${n}`), ""] : []),
  `total runtime ${round(totalS)} s (budget ${BUDGET_MS / 1000} s): ${results.map((r) => `${r.section.name} ${round(r.seconds)} s`).join(", ")}`,
];
console.log(lines.join("\n"));

const json = {
  at: new Date().toISOString(),
  env: { ...env, loadAvgAtEnd },
  ...Object.assign({}, ...results.map((r) => r.result.json)),
  sectionSeconds: Object.fromEntries(results.map((r) => [r.section.name, round(r.seconds)])),
  notes,
  totalS: round(totalS),
};
fs.mkdirSync(path.join(here, "results"), { recursive: true });
fs.writeFileSync(path.join(here, "results", "latest.json"), `${JSON.stringify(json, null, 2)}\n`);
log("wrote bench/results/latest.json");
