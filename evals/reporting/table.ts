// The scorecard as the runner prints it: one row per suite, Keel beside the naive baseline.
import { statusOf } from "./html.ts";
import type { Results } from "./results.ts";

const COLUMNS: [string, number][] = [
  ["suite", 32],
  ["passed", 8],
  ["Keel", 7],
  ["baseline", 9],
  ["threshold", 10],
  ["Keel p50", 10],
  ["base p50", 10],
];

function line(cells: string[], status = ""): string {
  return cells.map((c, i) => (i === 0 ? c.padEnd(COLUMNS[i]![1]) : c.padStart(COLUMNS[i]![1]))).join("") + (status ? `  ${status}` : "");
}

export function scorecardTable(r: Results): string {
  const mark = (status: string) => (status === "meets threshold" ? "✓" : status);
  const out = [line(COLUMNS.map(([name]) => name))];
  for (const s of r.suites) {
    out.push(
      line(
        [
          s.name,
          `${s.keel.passed}/${s.keel.total}`,
          s.keel.rate.toFixed(3),
          s.baseline ? s.baseline.rate.toFixed(3) : "—",
          s.threshold === null ? "—" : String(s.threshold),
          s.keelP50Ms === null ? "—" : `${s.keelP50Ms} ms`,
          s.baselineP50Ms === null ? "—" : `${s.baselineP50Ms} ms`,
        ],
        mark(statusOf(s.keel.rate, s.threshold, s.floor)),
      ),
    );
  }
  const p = r.pushback;
  if (r.suites.some((s) => s.name === "pushback"))
    out.push(
      line(
        ["pushback flips", String(p.keelFlips), "", p.baselineFlips === null ? "—" : String(p.baselineFlips), String(p.maxFlips), "", ""],
        p.keelFlips > p.maxFlips ? "below threshold" : "✓",
      ),
    );
  return out.join("\n");
}
