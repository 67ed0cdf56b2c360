// Inline SVG charts for the scorecard (no scripts, no network when the report is opened). Every
// label passes through escape-html.
import escapeHtml from "escape-html";

const COLORS = { keel: "#1f5eff", baseline: "#9aa3b2", target: "#b3261e", right: "#1a7f37", wrong: "#b3261e", text: "#1d2430", muted: "#5a6272" };
const FONT = `font-family="system-ui, -apple-system, Segoe UI, sans-serif"`;

const svg = (width: number, height: number, label: string, body: string) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ${FONT} role="img" aria-label="${escapeHtml(label)}"><rect width="100%" height="100%" fill="#fff"/>${body}</svg>`;

const clamp01 = (v: number) => Math.max(0, Math.min(1, v));

export type RateRow = { name: string; keel: number; baseline: number | null; threshold: number | null };

/** Grouped bars: one group per suite, Keel above the baseline, the threshold as a red tick. */
export function ratesChart(suites: RateRow[], title = "Pass rate per suite: Keel vs naive baseline"): string {
  const rowH = 34;
  const left = 220;
  const width = 720;
  const barW = width - left - 50;
  const height = suites.length * rowH + 56;
  const rows = suites.map((s, i) => {
    const y = 48 + i * rowH;
    const bar = (v: number, dy: number, color: string) =>
      `<rect x="${left}" y="${y + dy}" width="${(clamp01(v) * barW).toFixed(1)}" height="11" fill="${color}"/>`;
    const value = (v: number, dy: number, color: string) =>
      `<text x="${(left + clamp01(v) * barW + 4).toFixed(1)}" y="${y + dy}" font-size="10" fill="${color}">${(v * 100).toFixed(0)}%</text>`;
    return [
      `<text x="${left - 8}" y="${y + 16}" text-anchor="end" font-size="12" fill="${COLORS.text}">${escapeHtml(s.name)}</text>`,
      bar(s.keel, 2, COLORS.keel),
      value(s.keel, 12, COLORS.text),
      s.baseline === null ? "" : bar(s.baseline, 15, COLORS.baseline) + value(s.baseline, 25, COLORS.muted),
      s.threshold === null
        ? ""
        : `<line x1="${(left + s.threshold * barW).toFixed(1)}" x2="${(left + s.threshold * barW).toFixed(1)}" y1="${y - 1}" y2="${y + 29}" stroke="${COLORS.target}" stroke-width="2"/>`,
    ].join("");
  });
  const legend =
    `<text x="12" y="18" font-size="13" font-weight="600" fill="${COLORS.text}">${escapeHtml(title)}</text>` +
    `<rect x="${left}" y="27" width="12" height="10" fill="${COLORS.keel}"/><text x="${left + 16}" y="36" font-size="11">Keel</text>` +
    `<rect x="${left + 60}" y="27" width="12" height="10" fill="${COLORS.baseline}"/><text x="${left + 76}" y="36" font-size="11">naive baseline</text>` +
    `<line x1="${left + 180}" x2="${left + 180}" y1="26" y2="38" stroke="${COLORS.target}" stroke-width="2"/><text x="${left + 186}" y="36" font-size="11">threshold</text>`;
  return svg(width, height, title, legend + rows.join(""));
}

/** Turn latency histogram: Keel and the baseline on the same bins, Keel's p50 and p95 marked. */
export function latencyChart(keel: number[], baseline: number[] | null, p50: number, p95: number): string {
  const width = 720;
  const height = 220;
  if (!keel.length) return svg(width, 40, "no turns", `<text x="10" y="25">no turns</text>`);
  const all = [...keel, ...(baseline ?? [])];
  const max = Math.max(1, ...all);
  const bins = 30;
  const count = (ms: number[]) => {
    const c = new Array<number>(bins).fill(0);
    for (const v of ms) c[Math.min(bins - 1, Math.floor((v / max) * bins))]!++;
    return c;
  };
  const k = count(keel);
  const b = baseline ? count(baseline) : null;
  const top = Math.max(1, ...k, ...(b ?? []));
  const plotW = width - 60;
  const bw = plotW / bins;
  const bar = (c: number, i: number, dx: number, w: number, color: string) =>
    c
      ? `<rect x="${(40 + i * bw + dx).toFixed(1)}" y="${(180 - (c / top) * 140).toFixed(1)}" width="${w.toFixed(1)}" height="${((c / top) * 140).toFixed(1)}" fill="${color}"><title>${c} turns</title></rect>`
      : "";
  const bars = k
    .map((c, i) =>
      b ? bar(c, i, 1, bw / 2 - 1, COLORS.keel) + bar(b[i]!, i, bw / 2, bw / 2 - 1, COLORS.baseline) : bar(c, i, 1, bw - 2, COLORS.keel),
    )
    .join("");
  const mark = (v: number, label: string, dy: number) => {
    const x = (40 + (v / max) * plotW).toFixed(1);
    return `<line x1="${x}" x2="${x}" y1="30" y2="180" stroke="${COLORS.target}" stroke-dasharray="4 3"/><text x="${Number(x) + 3}" y="${dy}" font-size="11">${escapeHtml(label)}</text>`;
  };
  const legend =
    `<rect x="40" y="6" width="12" height="10" fill="${COLORS.keel}"/><text x="56" y="15" font-size="11">Keel (${keel.length} turns)</text>` +
    (b ? `<rect x="180" y="6" width="12" height="10" fill="${COLORS.baseline}"/><text x="196" y="15" font-size="11">naive baseline</text>` : "");
  return svg(
    width,
    height,
    "Turn latency histogram",
    `${legend}${bars}${mark(p50, `Keel p50 ${p50} ms`, 40)}${mark(p95, `Keel p95 ${p95} ms`, 54)}` +
      `<line x1="40" x2="${width - 20}" y1="180" y2="180" stroke="#c4c9d2"/><text x="40" y="198" font-size="11">0 ms</text><text x="${width - 20}" y="198" font-size="11" text-anchor="end">${Math.round(max)} ms</text>`,
  );
}

/** Each answered case as a dot at its grounding score, right answers on one line and wrong on another. */
export function separationChart(points: { score: number; correct: boolean }[], auc: number | null): string {
  const width = 720;
  const height = 130;
  const left = 110;
  const plotW = width - left - 30;
  const row = (correct: boolean, y: number) =>
    points
      .filter((p) => p.correct === correct)
      .map(
        (p, i) =>
          `<circle cx="${(left + clamp01(p.score) * plotW).toFixed(1)}" cy="${y + ((i % 5) - 2) * 3}" r="3.5" fill="${correct ? COLORS.right : COLORS.wrong}" fill-opacity="0.55"/>`,
      )
      .join("");
  const n = (correct: boolean) => points.filter((p) => p.correct === correct).length;
  const axis = [0, 0.25, 0.5, 0.75, 1]
    .map((t) => `<text x="${(left + t * plotW).toFixed(1)}" y="${height - 8}" font-size="10" text-anchor="middle" fill="${COLORS.muted}">${t}</text>`)
    .join("");
  const body =
    `<text x="12" y="18" font-size="12" fill="${COLORS.text}">grounding score of each answer (ROC AUC ${auc === null ? "n/a" : auc.toFixed(3)})</text>` +
    `<text x="${left - 8}" y="48" text-anchor="end" font-size="12">right (${n(true)})</text>${row(true, 44)}` +
    `<text x="${left - 8}" y="88" text-anchor="end" font-size="12">wrong (${n(false)})</text>${row(false, 84)}` +
    `<line x1="${left}" x2="${left + plotW}" y1="${height - 22}" y2="${height - 22}" stroke="#c4c9d2"/>${axis}`;
  return svg(width, height, "Grounding score of right and wrong answers", body);
}
