// The scorecard as a self-contained HTML page for people: rates per suite (Keel beside the naive
// baseline), the latency distribution, what the privacy suite inspected, the grounding-score
// separation and every failing case with its replies and citations. Drawn from results.json's
// shape alone. Everything customer- or model-written goes through escape-html, and the page's
// CSP allows no script at all, so a missed escape still could not run anything.
import escapeHtml from "escape-html";
import { latencyChart, ratesChart, separationChart, type RateRow } from "./charts.ts";
import type { Failure, Results } from "./results.ts";

export function rateRows(results: Results): RateRow[] {
  return results.suites.map((s) => ({ name: s.name, keel: s.keel.rate, baseline: s.baseline?.rate ?? null, threshold: s.threshold }));
}

/** Where a suite stands against its regression floor and its threshold; either fails the gate. */
export function statusOf(rate: number, threshold: number | null, floor: number | null): string {
  if (floor !== null && rate < floor) return "below floor";
  if (threshold !== null && rate >= threshold) return "meets threshold";
  return threshold !== null ? "below threshold" : "";
}

const num = (v: number | null, digits = 3) => (v === null ? "—" : v.toFixed(digits));
const ms = (v: number | null) => (v === null ? "—" : `${v} ms`);

function failureHtml(f: Failure): string {
  const turns = f.turns
    .map(
      (t) =>
        `<li><p class="q">${escapeHtml(t.message)}</p><p><b>${escapeHtml(t.outcome)}</b>: ${escapeHtml(t.text)}</p>${t.citations.length ? `<p class="cite">${t.citations.map((c) => escapeHtml(c)).join("<br>")}</p>` : ""}</li>`,
    )
    .join("");
  return `<details><summary><code>${escapeHtml(f.id)}</code> ${escapeHtml(f.suite)} (${escapeHtml(f.kb)}) — ${escapeHtml(f.why)}</summary><ol>${turns}</ol></details>`;
}

export function renderReport(r: Results): string {
  const rows = r.suites
    .map((s) => {
      const status = statusOf(s.keel.rate, s.threshold, s.floor);
      return `<tr><td>${escapeHtml(s.name)}</td><td>${s.keel.passed}/${s.keel.total}</td><td>${num(s.keel.rate)}</td><td>${s.baseline ? num(s.baseline.rate) : "—"}</td><td>${num(s.threshold, 2)}</td><td>${num(s.floor, 2)}</td><td>${ms(s.keelP50Ms)}</td><td>${ms(s.baselineP50Ms)}</td><td class="${status.startsWith("below") ? "bad" : "ok"}">${escapeHtml(status)}</td></tr>`;
    })
    .join("");
  const p = r.pushback;
  const flipsRow = !r.suites.some((x) => x.name === "pushback")
    ? ""
    : `<tr><td>pushback flips</td><td>${p.keelFlips}</td><td></td><td>${p.baselineFlips ?? "—"}</td><td>${p.maxFlips}</td><td></td><td></td><td></td><td class="${p.keelFlips > p.maxFlips ? "bad" : "ok"}">${p.keelFlips > p.maxFlips ? "below threshold" : "meets threshold"}</td></tr>`;
  const s = r.separation;
  const lk = r.latency.keel;
  const lb = r.latency.baseline;
  const mode = r.mode === "model" ? `model mode (${escapeHtml(r.model ?? "")})` : "offline mode (deterministic, no model)";
  const gate =
    r.gate.bar === "none"
      ? "<p>Gate off (<code>--no-gate</code>): report only.</p>"
      : r.gate.below.length
        ? `<p class="bad">Below the ${escapeHtml(r.gate.bar)} — <code>npm run eval</code> exits 1:</p><ul>${r.gate.below.map((b) => `<li>${escapeHtml(b)}</li>`).join("")}</ul>`
        : `<p class="ok">Every suite meets its ${escapeHtml(r.gate.bar)}.</p>`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Keel scorecard</title>
<style>body{font:14px/1.5 system-ui,sans-serif;max-width:980px;margin:24px auto;padding:0 16px;color:#1d2430}table{border-collapse:collapse;margin:12px 0}td,th{padding:4px 10px;border-bottom:1px solid #e1e4ea;text-align:left}th{font-weight:600}details{margin:6px 0;border:1px solid #e1e4ea;border-radius:8px;padding:6px 10px}summary{cursor:pointer}.q{color:#2d4a8a;white-space:pre-wrap}.cite{font-size:12px;color:#5a6272}.bad{color:#b3261e}.ok{color:#1a7f37}svg{max-width:100%;height:auto}</style></head><body>
<h1>Keel scorecard</h1>
<p>${escapeHtml(r.at)} · ${mode}${r.only ? ` · only the <b>${escapeHtml(r.only)}</b> suite` : ""} · ${lk.turns} turns · ${r.seconds.toFixed(0)} s</p>
${gate}
<h2>Pass rate per suite</h2>
<p>The naive baseline retrieves the top passage with the same search and answers with it: no refusal, no premise check, no verification, no handoff. Same cases, same scorer.</p>
${ratesChart(rateRows(r))}
<table><tr><th>suite</th><th>passed</th><th>Keel</th><th>baseline</th><th>threshold</th><th>floor</th><th>Keel p50</th><th>baseline p50</th><th></th></tr>${rows}${flipsRow}</table>
<h2>Turn latency</h2>
<p>Keel p50 ${lk.p50} ms, p95 ${lk.p95} ms over ${lk.turns} turns${lb ? `; naive baseline p50 ${lb.p50} ms, p95 ${lb.p95} ms over ${lb.turns} turns` : ""}.</p>
${latencyChart(lk.ms, lb?.ms ?? null, lk.p50, lk.p95)}
<h2>Does the grounding score separate right from wrong answers?</h2>
<p>Over ${s.answered} answered grounded and false-premise cases (${s.right} right, ${s.wrong} wrong): ROC AUC <b>${s.auc === null ? "n/a (needs both right and wrong answers)" : s.auc.toFixed(3)}</b> — the chance that a right answer scores higher than a wrong one (0.5 is chance, 1 is perfect).</p>
${separationChart(s.points, s.auc)}
<h2>Privacy: what was inspected</h2>
<p>${r.privacy.cases} cases, each followed by another customer asking for the data in a new conversation; searched: ${r.privacy.modelPayloads} model requests as sent over HTTP (${escapeHtml(r.privacy.model)}), ${r.privacy.logLines} log lines, the process's output, every reply, and ${r.privacy.storedColumns} text columns of every table (checkpoints, turn audit, model-payload audit, every conversation).</p>
<h2>Failing cases (${r.failures.length})</h2>
${r.failures.map(failureHtml).join("\n")}
</body></html>
`;
}
