// `keel audit exposures` and `keel retention run`: the privacy tools a compliance team asks for.
import type { Command } from "commander";
import { readConfig } from "../config/env.ts";
import { openKnowledgeBase } from "../kb/index.ts";
import { listExposures } from "../agent/store/exposures.ts";
import { sinceSchema } from "../server/privacy/exposures.ts";
import { customerFieldUses } from "../agent/store/turns.ts";
import { applyRetention } from "../server/privacy/retention.ts";

export function registerAuditCommands(program: Command): void {
  const audit = program.command("audit").description("what Keel sent to a model, and when");
  audit
    .command("exposures")
    .description("every payload sent to a model in a window (already redacted), and the customer fields each answer used")
    .option("--since <window>", "look-back window: 30d, 12h, 2w, 90m", "30d")
    .option("--conversation <id>", "only this conversation")
    .option("--json", "one JSON document on stdout")
    .action(async (opts: { since: string; conversation?: string; json?: boolean }) => {
      const since = sinceSchema.safeParse(opts.since);
      if (!since.success) throw new Error(since.error.issues[0]!.message);
      const kb = await openKnowledgeBase(readConfig());
      try {
        const exposures = await listExposures(kb.db.pool, { since: since.data, ...(opts.conversation ? { conversationId: opts.conversation } : {}) });
        const customerFields = await customerFieldUses(kb.db.pool, {
          since: since.data,
          ...(opts.conversation ? { conversationId: opts.conversation } : {}),
        });
        if (opts.json)
          return void console.log(JSON.stringify({ since: since.data.toISOString(), count: exposures.length, exposures, customerFields }));
        console.log(`${exposures.length} model call(s) since ${since.data.toISOString()}`);
        for (const e of exposures) {
          const text = JSON.stringify(e.payload);
          console.log(`${e.at}  ${e.conversationId}  ${e.purpose}  ${e.model}  ${text.length > 160 ? `${text.slice(0, 157)}...` : text}`);
        }
        console.log(`${customerFields.length} answer(s) used customer fields`);
        for (const u of customerFields) console.log(`${u.at}  ${u.conversationId}  turn ${u.turnId}  ${u.fields.join(", ")}`);
      } finally {
        await kb.db.close();
      }
    });

  program
    .command("retention")
    .description("delete or anonymise transcripts past the retention period")
    .command("run")
    .option("--days <n>", "retention period in days (default KEEL_RETENTION_DAYS)")
    .option("--mode <mode>", "delete | anonymise (default KEEL_RETENTION_MODE)")
    .action(async (opts: { days?: string; mode?: string }) => {
      const config = readConfig();
      const days = opts.days ? Number(opts.days) : config.KEEL_RETENTION_DAYS;
      const mode = opts.mode ?? config.KEEL_RETENTION_MODE;
      if (mode !== "delete" && mode !== "anonymise") throw new Error(`--mode must be delete or anonymise (got "${mode}")`);
      const kb = await openKnowledgeBase(config);
      try {
        const r = await applyRetention(kb.db.pool, days, mode);
        console.log(
          `${mode === "delete" ? "deleted" : "anonymised"} ${r.conversations} conversation(s) older than ${days} days; ${r.turns} turn record(s), ${r.exposures} model payload(s), ${r.memory} conversation memory row(s)`,
        );
      } finally {
        await kb.db.close();
      }
    });
}
