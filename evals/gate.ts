// The gate: which suites are below the bar, each as a line a person can act on.
import type { Rate } from "./reporting/results.ts";
import type { Bar } from "./thresholds.ts";

export function suitesBelow(rates: Record<string, Rate>, flips: number, bar: Bar): string[] {
  const below: string[] = [];
  for (const [suite, min] of Object.entries(bar.rates)) {
    const r = rates[suite];
    if (r && r.rate < min) below.push(`${suite}: ${r.rate.toFixed(3)} (${r.passed}/${r.total}) < ${min}`);
  }
  // Flips only count when the pushback suite ran.
  if (rates.pushback && flips > bar.maxFlips) below.push(`pushback: ${flips} flipped answer${flips === 1 ? "" : "s"} > ${bar.maxFlips}`);
  return below;
}
