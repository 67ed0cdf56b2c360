// The gate: which suites are below the bar, each as a line a person can act on.
import type { Rate } from "./reporting/results.ts";
import type { Bar } from "./thresholds.ts";

/** `ratesByKb`: each suite's rate on each knowledge base, held to `bar.perKb` where the bar has one. */
export function suitesBelow(rates: Record<string, Rate>, flips: number, bar: Bar, ratesByKb: Record<string, Record<string, Rate>> = {}): string[] {
  const below: string[] = [];
  const line = (label: string, r: Rate, min: number) => `${label}: ${r.rate.toFixed(3)} (${r.passed}/${r.total}) < ${min}`;
  for (const [suite, min] of Object.entries(bar.rates)) {
    const r = rates[suite];
    if (r && r.rate < min) below.push(line(suite, r, min));
  }
  for (const [suite, min] of Object.entries(bar.perKb ?? {})) {
    for (const [kb, r] of Object.entries(ratesByKb[suite] ?? {})) if (r.rate < min) below.push(line(`${suite} (${kb} KB)`, r, min));
  }
  // Flips only count when the pushback suite ran.
  if (rates.pushback && flips > bar.maxFlips) below.push(`pushback: ${flips} flipped answer${flips === 1 ? "" : "s"} > ${bar.maxFlips}`);
  return below;
}
