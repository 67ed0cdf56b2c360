// The insights page (/console/insights, admins and policy owners): week by week and per policy,
// is Keel earning customers' trust? Trend lines and a per-policy bar chart drawn as inline SVG
// (no charting library), every number also in a table, a date range and a CSV download.
import type { InsightCounts, Insights } from "../../protocol/insights.ts";
import { defaultFrom } from "../../protocol/weeks.ts";
import { api } from "./api.ts";
import { h, on } from "./dom.ts";
import { levelsSection } from "./insights-levels.ts";

const SVG = "http://www.w3.org/2000/svg";

function s<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number> = {}, text?: string): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

/** The weekly series: colour and dash both differ, so no line is told apart by colour alone. */
const SERIES = [
  { key: "conversations", label: "Conversations", color: "#17233a", dash: "" },
  { key: "answered", label: "Answered by Keel alone", color: "#1f5eff", dash: "" },
  { key: "resolved_without_human", label: "Resolved, no repeat in 7 days", color: "#1b7f3b", dash: "6 3" },
  { key: "handoffs", label: "Handed off", color: "#6b3fa0", dash: "2 3" },
  { key: "refused", label: "Refused", color: "#b3261e", dash: "8 3 2 3" },
] as const;

const BARS = [
  { key: "cited", label: "Cited in an answer", color: "#1f5eff" },
  { key: "refused_around", label: "Refused around it", color: "#b3261e" },
  { key: "handoffs", label: "Handed off", color: "#6b3fa0" },
] as const;

const today = () => new Date().toISOString().slice(0, 10);
const pct = (n: number, of: number) => (of ? `${Math.round((100 * n) / of)}%` : "–");
const shortDate = (d: string) => new Date(`${d}T00:00:00Z`).toLocaleDateString("en", { month: "short", day: "numeric", timeZone: "UTC" });

function duration(seconds: number | null): string {
  if (seconds === null) return "–";
  const m = Math.floor(seconds / 60);
  return m ? `${m} min ${seconds % 60 ? `${seconds % 60} s` : ""}`.trim() : `${seconds} s`;
}

/** Line chart of the weekly series, with a legend and a text alternative. */
function trendChart(weeks: Insights["weeks"]): HTMLElement {
  const W = 720,
    H = 260,
    left = 40,
    right = 12,
    top = 12,
    bottom = 34;
  const max = Math.max(1, ...weeks.flatMap((w) => SERIES.map((x) => w[x.key])));
  const step = Math.pow(10, Math.floor(Math.log10(max)));
  const yMax = Math.ceil(max / step) * step;
  const x = (i: number) => left + (weeks.length === 1 ? (W - left - right) / 2 : (i * (W - left - right)) / (weeks.length - 1));
  const y = (v: number) => top + (H - top - bottom) * (1 - v / yMax);
  const svg = s("svg", {
    viewBox: `0 0 ${W} ${H}`,
    role: "img",
    "aria-labelledby": "trend-title",
    "aria-describedby": "trend-desc",
    class: "chart trend",
  });
  const last = weeks.at(-1);
  svg.append(
    s("title", { id: "trend-title" }, "Conversations per week"),
    s(
      "desc",
      { id: "trend-desc" },
      `${weeks.length} weeks from ${weeks[0]?.week ?? ""}. ${last ? `Week of ${last.week}: ${SERIES.map((x) => `${x.label} ${last[x.key]}`).join(", ")}.` : ""} The table below lists every week.`,
    ),
  );
  for (let i = 0; i <= 4; i++) {
    const v = (yMax * i) / 4;
    svg.append(
      s("line", { x1: left, x2: W - right, y1: y(v), y2: y(v), class: "grid" }),
      s("text", { x: left - 6, y: y(v) + 4, "text-anchor": "end", class: "axis" }, String(Math.round(v))),
    );
  }
  const every = Math.ceil(weeks.length / 8);
  weeks.forEach((w, i) => {
    // The first and last labels are anchored inwards so they are never cut at the edges.
    const anchor = weeks.length > 1 && i === 0 ? "start" : weeks.length > 1 && i === weeks.length - 1 ? "end" : "middle";
    if (i % every === 0 || i === weeks.length - 1)
      svg.append(s("text", { x: x(i), y: H - 12, "text-anchor": anchor, class: "axis" }, shortDate(w.week)));
  });
  for (const series of SERIES) {
    const points = weeks.map((w, i) => `${x(i).toFixed(1)},${y(w[series.key]).toFixed(1)}`).join(" ");
    svg.append(
      s("polyline", { points, fill: "none", stroke: series.color, "stroke-width": 2.5, "stroke-dasharray": series.dash, "data-series": series.key }),
    );
    weeks.forEach((w, i) => svg.append(s("circle", { cx: x(i), cy: y(w[series.key]), r: 3, fill: series.color }, undefined)));
  }
  const legend = h("ul", { class: "legend", "aria-hidden": "true" }, ...SERIES.map((x) => h("li", {}, legendSwatch(x.color, x.dash), x.label)));
  return h("figure", { class: "chart-box" }, svg, legend);
}

function legendSwatch(color: string, dash = ""): SVGSVGElement {
  const svg = s("svg", { width: 22, height: 10, viewBox: "0 0 22 10", "aria-hidden": "true" });
  svg.append(s("line", { x1: 0, x2: 22, y1: 5, y2: 5, stroke: color, "stroke-width": dash ? 2.5 : 6, "stroke-dasharray": dash }));
  return svg;
}

/** Horizontal grouped bars per policy (the busiest first). */
function policyChart(policies: Insights["policies"]): HTMLElement {
  const shown = policies.slice(0, 10);
  const W = 720,
    label = 210,
    right = 40,
    row = 40,
    bar = 10,
    top = 6;
  const H = top + Math.max(1, shown.length) * row;
  const max = Math.max(1, ...shown.flatMap((p) => BARS.map((b) => p[b.key])));
  const width = (v: number) => ((W - label - right) * v) / max;
  const svg = s("svg", {
    viewBox: `0 0 ${W} ${H}`,
    role: "img",
    "aria-labelledby": "policy-title",
    "aria-describedby": "policy-desc",
    class: "chart bars",
  });
  svg.append(
    s("title", { id: "policy-title" }, "Per policy: cited, refused around, handed off"),
    s(
      "desc",
      { id: "policy-desc" },
      shown.map((p) => `${p.title}: cited ${p.cited}, refused around ${p.refused_around}, handed off ${p.handoffs}`).join("; ") ||
        "No policy was cited in this range.",
    ),
  );
  shown.forEach((p, i) => {
    const y0 = top + i * row;
    const name = p.title.length > 30 ? `${p.title.slice(0, 29)}…` : p.title;
    svg.append(s("text", { x: label - 8, y: y0 + row / 2 + 4, "text-anchor": "end", class: "axis name" }, name));
    BARS.forEach((b, j) => {
      const yb = y0 + 4 + j * (bar + 1);
      svg.append(
        s("rect", {
          x: label,
          y: yb,
          width: Math.max(width(p[b.key]), p[b.key] ? 2 : 0),
          height: bar,
          fill: b.color,
          "data-policy": p.policy,
          "data-bar": b.key,
        }),
      );
      svg.append(s("text", { x: label + width(p[b.key]) + 4, y: yb + bar - 1, class: "axis value" }, String(p[b.key])));
    });
  });
  const legend = h("ul", { class: "legend", "aria-hidden": "true" }, ...BARS.map((b) => h("li", {}, legendSwatch(b.color), b.label)));
  return h("figure", { class: "chart-box" }, svg, legend);
}

function table(caption: string, head: string[], rows: (string | number)[][], className = ""): HTMLElement {
  return h(
    "div",
    { class: "table-scroll", tabindex: "0", role: "region", "aria-label": caption },
    h(
      "table",
      { class: `insights-table ${className}` },
      h("caption", {}, caption),
      h("thead", {}, h("tr", {}, ...head.map((c, i) => h("th", { scope: "col", class: i ? "num" : "" }, c)))),
      h(
        "tbody",
        {},
        ...rows.map((r) => h("tr", {}, ...r.map((c, i) => (i ? h("td", { class: "num" }, String(c)) : h("th", { scope: "row" }, String(c)))))),
      ),
    ),
  );
}

const WEEK_HEAD = [
  "Week of",
  "Conversations",
  "Answered by Keel",
  "Resolved, no repeat",
  "Refused",
  "Handed off",
  "Repeat contacts",
  "False premises caught",
  "Pushback held",
  "Ratings",
  "Helpful",
  "Mean rating",
  "Median first human reply",
];
const weekRow = (label: string, c: InsightCounts): (string | number)[] => [
  label,
  c.conversations,
  `${c.answered} (${pct(c.answered, c.conversations)})`,
  `${c.resolved_without_human} (${pct(c.resolved_without_human, c.conversations)})`,
  c.refused,
  c.handoffs,
  c.repeat_contacts,
  c.false_premises,
  `${c.pushback_held} of ${c.pushback}`,
  c.ratings.count,
  pct(c.ratings.helpful, c.ratings.count),
  c.ratings.mean_score?.toFixed(2) ?? "–",
  duration(c.median_first_human_reply_seconds),
];

/** A CSV cell: quoted when needed, and never read by a spreadsheet as a formula. */
function cell(v: string | number | null): string {
  let text = v === null ? "" : String(v);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function insightsCsv(data: Insights): string {
  const keys = [
    "conversations",
    "answered",
    "refused",
    "handoffs",
    "resolved_without_human",
    "repeat_contacts",
    "false_premises",
    "pushback",
    "pushback_held",
    "median_first_human_reply_seconds",
  ] as const;
  const counts = (c: InsightCounts) => [...keys.map((k) => c[k]), c.ratings.count, c.ratings.helpful, c.ratings.mean_score];
  const lines = [["week", ...keys, "ratings", "helpful", "mean_score"].join(",")];
  for (const w of data.weeks) lines.push([w.week, ...counts(w)].map(cell).join(","));
  lines.push(["total", ...counts(data.totals)].map(cell).join(","), "", "policy,title,cited,refused_around,handoffs,helpful,not_helpful");
  for (const p of data.policies) lines.push([p.policy, p.title, p.cited, p.refused_around, p.handoffs, p.helpful, p.not_helpful].map(cell).join(","));
  return `${lines.join("\r\n")}\r\n`;
}

export function startInsightsPage(app: HTMLElement): void {
  const params = new URLSearchParams(location.search);
  const to = h("input", { type: "date", name: "to", value: params.get("to") ?? today(), required: true }) as HTMLInputElement;
  // The API's default range: this week and the five before it.
  const from = h("input", { type: "date", name: "from", value: params.get("from") ?? defaultFrom(to.value), required: true }) as HTMLInputElement;
  const status = h("p", { class: "meta", role: "status", "aria-live": "polite" });
  const error = h("p", { class: "error", role: "alert" });
  const download = h("button", { type: "button", disabled: true }, "Download CSV") as HTMLButtonElement;
  const body = h("div", { class: "insights-body" });
  let current: Insights | null = null;

  const form = h(
    "form",
    { class: "range", "aria-label": "Date range" },
    h("label", {}, "From", from),
    h("label", {}, "To", to),
    h("button", { type: "submit", class: "primary" }, "Show"),
    download,
  );

  async function load(): Promise<void> {
    error.textContent = "";
    status.textContent = "Loading…";
    try {
      const data = await api<Insights>("GET", `/api/v1/insights?from=${encodeURIComponent(from.value)}&to=${encodeURIComponent(to.value)}`);
      current = data;
      history.replaceState(null, "", `/console/insights?from=${data.from}&to=${data.to}`);
      render(data);
      download.disabled = false;
      status.textContent = `Showing ${data.from} to ${data.to}: ${data.totals.conversations} conversations.`;
    } catch (e) {
      status.textContent = "";
      error.textContent = (e as Error).message;
    }
  }

  function render(d: Insights): void {
    const t = d.totals;
    const card = (label: string, value: string, note = "") =>
      h(
        "div",
        { class: "card" },
        h("div", { class: "value" }, value),
        h("div", { class: "label" }, label),
        note ? h("div", { class: "meta" }, note) : null,
      );
    body.replaceChildren(
      t.demo_conversations
        ? h(
            "p",
            { class: "demo-note", role: "note" },
            `Includes ${t.demo_conversations} demo conversations seeded by the demo start — not real customers.`,
          )
        : "",
      h(
        "div",
        { class: "cards" },
        card("Conversations", String(t.conversations)),
        card("Answered by Keel alone", pct(t.answered, t.conversations), `${t.answered} conversations`),
        card("Resolved without a person", pct(t.resolved_without_human, t.conversations), "no repeat contact within 7 days"),
        card("Helpful", pct(t.ratings.helpful, t.ratings.count), `${t.ratings.count} ratings · mean ${t.ratings.mean_score?.toFixed(2) ?? "–"} / 5`),
        card("False premises caught", String(t.false_premises)),
        card("Pushback held", `${t.pushback_held} of ${t.pushback}`),
        card("Median first human reply", duration(t.median_first_human_reply_seconds), `${t.handoffs} handoffs`),
      ),
      h("h2", {}, "Week by week"),
      trendChart(d.weeks),
      table("Every week (weeks start on Monday, UTC)", WEEK_HEAD, [...d.weeks.map((w) => weekRow(w.week, w)), weekRow("Total", t)], "weeks"),
      h("h2", {}, "Per policy"),
      d.policies.length ? policyChart(d.policies) : h("p", { class: "meta" }, "No policy was cited, refused around or rated in this range."),
      table(
        "Per policy",
        ["Policy", "Cited", "Refused around", "Handed off", "Helpful", "Not helpful"],
        d.policies.map((p) => [p.title, p.cited, p.refused_around, p.handoffs, p.helpful, p.not_helpful]),
        "policies",
      ),
      ...levelsSection(d.levels),
      h(
        "p",
        { class: "meta" },
        "Answered: Keel answered and no person took part. Resolved: answered, and the same customer did not come back within 7 days. Refused around: Keel could not answer although it had found this policy. Definitions in the README.",
      ),
    );
  }

  form.addEventListener("submit", (e) => {
    e.preventDefault();
    void load();
  });
  on(download, "click", () => {
    if (!current) return;
    const url = URL.createObjectURL(new Blob([insightsCsv(current)], { type: "text/csv;charset=utf-8" }));
    const a = h("a", { href: url, download: `keel-insights-${current.from}-${current.to}.csv` });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  });
  app.replaceChildren(h("section", { class: "insights" }, h("h1", {}, "Insights"), form, status, error, body));
  void load();
}
