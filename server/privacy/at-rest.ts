// Masking at rest for what is already stored, and for the logs. New rows are masked where they are
// written (messages, tickets, notes, conversations); this pass masks rows written before that, or
// before KEEL_MASK_AT_REST widened what is masked. It runs at server start after the migrations,
// in short batches that each commit with their progress, so it can be interrupted and resumed, and
// running it again changes nothing (a mask is never read as data).
import type pg from "pg";
import { maskDeep, maskedKinds, maskText } from "../../agent/guard/mask.ts";
import { inTransaction } from "../../kb/db/transactions.ts";
import type { Log } from "../conversations/turns.ts";

/** Every table and column where a customer's or an agent's words can be kept. */
const TARGETS: { table: string; key: "bigint" | "uuid"; text: string[]; json: string[] }[] = [
  { table: "messages", key: "bigint", text: ["text"], json: ["signals"] },
  { table: "notes", key: "bigint", text: ["text"], json: [] },
  { table: "tickets", key: "bigint", text: [], json: ["context"] },
  { table: "ticket_events", key: "bigint", text: [], json: ["details"] },
  { table: "conversations", key: "uuid", text: ["customer_name"], json: ["context"] },
  { table: "agent_turns", key: "bigint", text: ["message_redacted", "reply_text"], json: ["premises"] },
  { table: "llm_exposures", key: "bigint", text: [], json: ["payload"] },
];

/** Rows per transaction: short, because the embedded database serves one transaction at a time. */
const BATCH_ROWS = 200;

export type MaskPassResult = { pass: string; rowsMasked: number; tablesDone: number };

/** Masks every stored row that still holds a value of a masked kind. `stopAfterBatches` lets a
 *  test interrupt the pass the way a crash would. */
export async function maskStoredData(
  pool: pg.Pool,
  options: { log?: Log; batchRows?: number; stopAfterBatches?: number } = {},
): Promise<MaskPassResult> {
  const kinds = new Set(maskedKinds());
  const pass = `v1:${[...kinds].sort().join(",")}`;
  const batchRows = options.batchRows ?? BATCH_ROWS;
  let batches = 0;
  let rowsMasked = 0;
  let tablesDone = 0;
  for (const target of TARGETS) {
    await pool.query("INSERT INTO mask_at_rest_progress (pass, table_name) VALUES ($1, $2) ON CONFLICT DO NOTHING", [pass, target.table]);
    for (;;) {
      if (options.stopAfterBatches !== undefined && batches >= options.stopAfterBatches) return { pass, rowsMasked, tablesDone };
      batches++;
      const finished = await inTransaction(pool, async (client) => {
        const { rows: progress } = await client.query<{ after_key: string | null; done: boolean }>(
          "SELECT after_key, done FROM mask_at_rest_progress WHERE pass = $1 AND table_name = $2 FOR UPDATE",
          [pass, target.table],
        );
        if (progress[0]!.done) return true;
        const columns = ["id", ...target.text, ...target.json, ...(target.table === "messages" ? ["masked"] : [])];
        const { rows } = await client.query<Record<string, unknown>>(
          `SELECT ${columns.join(", ")} FROM ${target.table} WHERE $1::text IS NULL OR id > $1::${target.key} ORDER BY id LIMIT $2`,
          [progress[0]!.after_key, batchRows],
        );
        let changedRows = 0;
        for (const row of rows) {
          const sets: string[] = [];
          const values: unknown[] = [row.id];
          const found = new Set<string>((row.masked as string[] | undefined) ?? []);
          for (const column of target.text) {
            if (typeof row[column] !== "string") continue;
            const m = maskText(row[column] as string, kinds);
            if (m.text === row[column]) continue;
            for (const k of m.masked) found.add(k);
            values.push(m.text);
            sets.push(`${column} = $${values.length}`);
          }
          for (const column of target.json) {
            if (row[column] === null || row[column] === undefined) continue;
            const masked = JSON.stringify(maskDeep(row[column], kinds));
            if (masked === JSON.stringify(row[column])) continue;
            values.push(masked);
            sets.push(`${column} = $${values.length}::jsonb`);
          }
          if (!sets.length) continue;
          if (target.table === "messages") {
            values.push([...found]);
            sets.push(`masked = $${values.length}`);
          }
          await client.query(`UPDATE ${target.table} SET ${sets.join(", ")} WHERE id = $1`, values);
          changedRows++;
        }
        const last = rows.length ? String(rows[rows.length - 1]!.id) : progress[0]!.after_key;
        await client.query(
          "UPDATE mask_at_rest_progress SET after_key = $3, done = $4, rows_masked = rows_masked + $5, updated_at = now() WHERE pass = $1 AND table_name = $2",
          [pass, target.table, last, rows.length < batchRows, changedRows],
        );
        rowsMasked += changedRows;
        return rows.length < batchRows;
      });
      if (finished) break;
    }
    tablesDone++;
  }
  if (rowsMasked) options.log?.("info", "masked personal data stored before masking at rest", { rows: rowsMasked, pass });
  return { pass, rowsMasked, tablesDone };
}

/** A log whose every line is masked before it is written: error messages can quote what a customer sent. */
export function maskedLog(log: Log): Log {
  return (level, message, fields) => log(level, maskText(message).text, fields ? maskDeep(fields) : fields);
}
