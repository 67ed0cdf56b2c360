// `keel insights [--from D] [--to D] [--json]`: the insights page's numbers on the command line —
// with --json, exactly the object GET /api/v1/insights returns.
import type { Command } from "commander";
import { readConfig } from "../config/env.ts";
import { openKnowledgeBase } from "../kb/index.ts";
import type { InsightCounts } from "../protocol/insights.ts";
import { computeInsights, insightsQuery } from "../server/insights/insights.ts";

const pct = (n: number, of: number) => (of ? `${Math.round((100 * n) / of)}%` : "–");

function line(label: string, c: InsightCounts): string {
  const r = c.ratings;
  return [
    label.padEnd(12),
    String(c.conversations).padStart(6),
    `${String(c.answered).padStart(6)} ${pct(c.answered, c.conversations).padStart(4)}`,
    String(c.refused).padStart(7),
    String(c.handoffs).padStart(8),
    String(c.resolved_without_human).padStart(9),
    String(c.repeat_contacts).padStart(7),
    String(c.false_premises).padStart(8),
    `${String(r.count).padStart(7)} ${pct(r.helpful, r.count).padStart(4)} ${r.mean_score?.toFixed(2) ?? "–"}`,
  ].join(" ");
}

export function registerInsightsCommand(program: Command): void {
  program
    .command("insights")
    .description("conversations, answers, refusals, handoffs, repeat contacts, false premises and ratings, per week and per policy")
    .option("--from <date>", "first day, YYYY-MM-DD (default: five weeks before --to)")
    .option("--to <date>", "last day, YYYY-MM-DD (default: today, UTC)")
    .option("--json", "the same JSON object as GET /api/v1/insights")
    .action(async (opts: { from?: string; to?: string; json?: boolean }) => {
      const range = insightsQuery.safeParse({ ...(opts.from ? { from: opts.from } : {}), ...(opts.to ? { to: opts.to } : {}) });
      if (!range.success) throw new Error(`bad date range: ${range.error.issues.map((i) => `--${i.path.join(".")} ${i.message}`).join("; ")}`);
      const kb = await openKnowledgeBase(readConfig());
      try {
        const insights = await computeInsights(kb.db.pool, range.data);
        if (opts.json) return void console.log(JSON.stringify(insights));
        console.log(
          `Insights ${insights.from} → ${insights.to}${insights.totals.demo_conversations ? ` (${insights.totals.demo_conversations} demo conversations)` : ""}`,
        );
        console.log("week         convs  answered refused handoffs resolved* repeats premises ratings help mean");
        for (const w of insights.weeks) console.log(line(w.week, w));
        console.log(line("total", insights.totals));
        console.log("* resolved without a person and no repeat contact within 7 days");
        console.log("\npolicy                          cited refused-around handoffs helpful not-helpful");
        for (const p of insights.policies) {
          console.log(
            `${p.title.slice(0, 30).padEnd(30)} ${String(p.cited).padStart(7)} ${String(p.refused_around).padStart(14)} ${String(p.handoffs).padStart(8)} ${String(p.helpful).padStart(7)} ${String(p.not_helpful).padStart(11)}`,
          );
        }
      } finally {
        await kb.db.close();
      }
    });
}
