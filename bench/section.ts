// What a benchmark section is. run.ts runs a list of sections in turn under one time budget
// (KEEL_BENCH_BUDGET_S); to add a section, write a module exporting a BenchSection and list it in
// run.ts's SECTIONS with the share of the budget it may use.

export type SectionContext = {
  /** performance.now() time by which the section must end: a build stops early, timings stop after 20 samples. */
  until: number;
  /** Today's date, the default "as of" for retrieval. */
  today: string;
  log(line: string): void;
  /** A caveat for the report's notes (a build that stopped early, a busy machine). */
  note(text: string): void;
};

export type SectionResult = {
  /** Merged into bench/results/latest.json at the top level. */
  json: Record<string, unknown>;
  /** Lines of the printed report. */
  report: string[];
};

export type BenchSection = {
  name: string;
  /** Share of the budget this section may use; unused time passes to the sections after it. */
  share: number;
  run(ctx: SectionContext): Promise<SectionResult>;
};

/** Rounds every number of a flat record for the JSON report. */
export function rounded<T extends object>(record: T, round: (x: number) => number): Record<keyof T, number> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, typeof v === "number" ? round(v) : v])) as Record<keyof T, number>;
}
