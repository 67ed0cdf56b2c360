import { describe, expect, it } from "vitest";
import { rocAuc } from "./auc.ts";
import { latencyChart, ratesChart, separationChart } from "./charts.ts";
import { renderReport } from "./html.ts";
import { resultsSchema, type Results } from "./results.ts";
import { scorecardTable } from "./table.ts";

const XSS = `<script>alert(1)</script><img src=x onerror=alert(2)>" onmouseover="alert(3)`;

function results(): Results {
  return resultsSchema.parse({
    at: "2026-11-23T00:00:00.000Z",
    mode: "model",
    model: "gpt-4o-mini at api.openai.com",
    only: null,
    seconds: 95.2,
    gate: { bar: "thresholds", below: ["grounded: 0.600 (6/10) < 0.9"] },
    suites: [
      {
        name: "grounded",
        keel: { passed: 6, total: 10, rate: 0.6 },
        baseline: { passed: 7, total: 10, rate: 0.7 },
        threshold: 0.9,
        floor: 0.5,
        keelP50Ms: 120,
        baselineP50Ms: 30,
      },
      {
        name: "privacy",
        keel: { passed: 4, total: 4, rate: 1 },
        baseline: { passed: 4, total: 4, rate: 1 },
        threshold: 1,
        floor: 1,
        keelP50Ms: 150,
        baselineP50Ms: 25,
      },
      {
        name: "pushback",
        keel: { passed: 1, total: 2, rate: 0.5 },
        baseline: { passed: 0, total: 2, rate: 0 },
        threshold: null,
        floor: null,
        keelP50Ms: 110,
        baselineP50Ms: 20,
      },
      {
        name: "checker",
        keel: { passed: 30, total: 44, rate: 30 / 44 },
        baseline: null,
        threshold: null,
        floor: 0.56,
        keelP50Ms: null,
        baselineP50Ms: null,
      },
    ],
    pushback: { keelFlips: 1, baselineFlips: 4, maxFlips: 0 },
    latency: {
      keel: { turns: 5, p50: 120, p95: 900, ms: [100, 110, 120, 300, 900] },
      baseline: { turns: 5, p50: 25, p95: 40, ms: [20, 22, 25, 30, 40] },
    },
    separation: {
      answered: 4,
      right: 3,
      wrong: 1,
      auc: 0.667,
      points: [
        { score: 0.9, correct: true },
        { score: 0.8, correct: true },
        { score: 0.2, correct: true },
        { score: 0.5, correct: false },
      ],
    },
    privacy: { cases: 4, modelPayloads: 7, logLines: 3, storedColumns: 90, model: "a local fake model" },
    failures: [
      {
        id: "g-7",
        suite: "grounded",
        kb: "sample",
        why: "key fact missing",
        turns: [
          {
            message: "How long do I have to return a lamp?",
            outcome: "answer",
            text: "Gift cards never expire.",
            citations: ["Gift cards v1 — Expiry"],
          },
        ],
      },
    ],
  });
}

/** The same results with an XSS payload appended to every string a customer, a model or a case author could have written. */
function poisoned(): Results {
  const r = results();
  r.model = `${r.model}${XSS}`;
  r.at = `${r.at}${XSS}`;
  r.gate.below = r.gate.below.map((b) => b + XSS);
  r.suites = r.suites.map((s) => ({ ...s, name: s.name + XSS }));
  r.privacy.model += XSS;
  r.failures = r.failures.map((f) => ({
    id: f.id + XSS,
    suite: f.suite + XSS,
    kb: f.kb + XSS,
    why: f.why + XSS,
    turns: f.turns.map((t) => ({
      message: t.message + XSS,
      outcome: t.outcome + XSS,
      text: t.text + XSS,
      citations: t.citations.map((c) => c + XSS),
    })),
  }));
  return r;
}

describe("the HTML report", () => {
  it("shows customer- and model-written text only as text: an XSS payload in every field stays inert", () => {
    const html = renderReport(poisoned());
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).not.toContain(`" onmouseover="`);
    // Escaped, not dropped: the reader still sees what was written.
    expect(html).toContain(
      "How long do I have to return a lamp?&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;&quot; onmouseover=&quot;alert(3)",
    );
    // A missed escape still could not run: the page allows no script at all.
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`);
  });

  it("lists each failing case with the question, the reply, the citations and why it failed", () => {
    const html = renderReport(results());
    expect(html).toContain("Failing cases (1)");
    for (const part of ["g-7", "key fact missing", "How long do I have to return a lamp?", "Gift cards never expire.", "Gift cards v1 — Expiry"])
      expect(html).toContain(part);
  });

  it("shows Keel beside the baseline per suite, with latency, the gate's verdict, the mode and the grounding separation", () => {
    const html = renderReport(results());
    expect(html).toContain("model mode (gpt-4o-mini at api.openai.com)");
    expect(html).toContain(
      '<tr><td>grounded</td><td>6/10</td><td>0.600</td><td>0.700</td><td>0.90</td><td>0.50</td><td>120 ms</td><td>30 ms</td><td class="bad">below threshold</td></tr>',
    );
    expect(html).toContain("grounded: 0.600 (6/10) &lt; 0.9");
    expect(html).toContain("Keel p50 120 ms, p95 900 ms over 5 turns; naive baseline p50 25 ms, p95 40 ms");
    expect(html).toContain("ROC AUC <b>0.667</b>");
    expect(html).toContain("7 model requests");
    expect(html.match(/<svg /g)).toHaveLength(3);
  });

  it("stays small enough to commit with hundreds of failing cases", () => {
    const r = results();
    r.failures = Array.from({ length: 300 }, (_, i) => ({ ...r.failures[0]!, id: `g-${i}` }));
    expect(Buffer.byteLength(renderReport(r))).toBeLessThan(300_000);
  });
});

describe("the printed table", () => {
  it("prints passed/total, Keel's rate, the baseline's, the threshold and latency per suite, marking what is below", () => {
    const lines = scorecardTable(results()).split("\n");
    expect(lines[0]).toMatch(/^suite\s+passed\s+Keel\s+baseline\s+threshold\s+Keel p50\s+base p50$/);
    expect(lines[1]).toMatch(/^grounded\s+6\/10\s+0\.600\s+0\.700\s+0\.9\s+120 ms\s+30 ms {2}below threshold$/);
    expect(lines[2]).toMatch(/^privacy\s+4\/4\s+1\.000\s+1\.000\s+1\s+150 ms\s+25 ms {2}✓$/);
    expect(lines[4]).toMatch(/^checker\s+30\/44\s+0\.682\s+—\s+—\s+—\s+—$/);
    expect(lines[5]).toMatch(/^pushback flips\s+1\s+4\s+0\s+below threshold$/);
  });
});

describe("the charts", () => {
  it("draws a Keel bar and a baseline bar per suite, with the threshold, and escapes labels", () => {
    const svg = ratesChart([
      { name: "grounded <x>", keel: 0.5, baseline: 0.25, threshold: 0.9 },
      { name: "checker", keel: 0.7, baseline: null, threshold: null },
    ]);
    expect(svg).toContain("grounded &lt;x&gt;");
    expect(svg.match(/height="11"/g)).toHaveLength(3);
    expect(svg).toContain(">50%<");
    expect(svg).toContain(">25%<");
    expect(svg.match(/stroke="#b3261e" stroke-width="2"/g)).toHaveLength(2); // legend + grounded's threshold
  });

  it("bins every turn of the latency histogram and marks p50 and p95", () => {
    const svg = latencyChart([10, 10, 20, 400], [5, 6], 10, 400);
    const counts = [...svg.matchAll(/<title>(\d+) turns<\/title>/g)].map((m) => Number(m[1]));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(6);
    expect(svg).toContain("Keel p50 10 ms");
    expect(svg).toContain("Keel p95 400 ms");
  });

  it("plots one dot per answered case in the separation chart", () => {
    const svg = separationChart(
      [
        { score: 0.9, correct: true },
        { score: 0.1, correct: false },
        { score: 0.4, correct: false },
      ],
      1,
    );
    expect(svg.match(/<circle /g)).toHaveLength(3);
    expect(svg).toContain("right (1)");
    expect(svg).toContain("wrong (2)");
  });
});

describe("rocAuc", () => {
  it("is 1 when every right answer outscores every wrong one, 0.5 for ties, NaN without both kinds", () => {
    expect(
      rocAuc([
        { score: 0.9, correct: true },
        { score: 0.2, correct: false },
      ]),
    ).toBe(1);
    expect(
      rocAuc([
        { score: 0.5, correct: true },
        { score: 0.5, correct: false },
      ]),
    ).toBe(0.5);
    expect(
      rocAuc([
        { score: 0.1, correct: true },
        { score: 0.9, correct: false },
      ]),
    ).toBe(0);
    expect(rocAuc([{ score: 0.1, correct: true }])).toBeNaN();
  });
});

describe("assembling results.json", () => {
  it("puts Keel beside the baseline per suite in the table's order, with each suite's median latency, as a valid results object", async () => {
    const { assembleResults } = await import("./assemble.ts");
    const { FLOOR_BAR, THRESHOLD_BAR } = await import("../thresholds.ts");
    const card = (label: string, rate: number, ms: number[]) => ({
      label,
      rates: { privacy: { passed: 1, total: 1, rate: 1 }, grounded: { passed: rate * 10, total: 10, rate } },
      ratesByKb: {},
      flips: 2,
      latencies: ms,
      latencyBySuite: { grounded: ms, privacy: [1] },
      failures: [],
      separation: { answered: 0, right: 0, wrong: 0, auc: null, points: [] },
      privacy: { cases: 1, modelPayloads: 2, logLines: 1, storedColumns: 50 },
    });
    const r = assembleResults({
      at: "now",
      mode: "offline",
      model: null,
      only: null,
      seconds: 12.34,
      keel: card("keel", 0.8, [10, 30, 20]),
      baseline: card("baseline", 0.5, [5]),
      extraRates: { checker: { passed: 1, total: 2, rate: 0.5 } },
      thresholds: THRESHOLD_BAR,
      floors: FLOOR_BAR,
      gate: { bar: "thresholds", below: [] },
      privacyModel: "fake",
    });
    expect(resultsSchema.parse(r)).toEqual(r);
    expect(r.suites.map((s) => s.name)).toEqual(["grounded", "privacy", "checker"]);
    expect(r.suites[0]).toEqual({
      name: "grounded",
      keel: { passed: 8, total: 10, rate: 0.8 },
      baseline: { passed: 5, total: 10, rate: 0.5 },
      threshold: 0.9,
      floor: FLOOR_BAR.rates.grounded,
      keelP50Ms: 20,
      baselineP50Ms: 5,
    });
    expect(r.suites[2]!.baseline).toBeNull();
    expect(r.pushback).toEqual({ keelFlips: 2, baselineFlips: 2, maxFlips: 0 });
    expect(r.latency.keel).toMatchObject({ turns: 3, p50: 20, p95: 30 });
  });
});
