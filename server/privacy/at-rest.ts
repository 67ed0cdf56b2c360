// Masking at rest for what is already stored, and for the logs. New rows are masked where they are
// written (messages, tickets, notes, conversations); this pass masks rows written before that, or
// before KEEL_MASK_AT_REST widened what is masked. It runs at server start after the migrations,
// in short batches that each commit with their progress, so it can be interrupted and resumed, and
// running it again changes nothing (a mask is never read as data).
import type pg from "pg";
import { maskDeep, maskedKinds, maskFields, maskText, type MaskKind } from "../../agent/guard/mask.ts";
import { agentRecordsAtRest, type MaskedBatch, type RecordsAtRest } from "../../agent/store/at-rest.ts";
import { inTransaction } from "../../kb/db/transactions.ts";
import type { Log } from "../conversations/turns.ts";

type ServerTable = { table: string; key: "bigint" | "uuid"; text: string[]; json: string[] };

/** Every table of the server's, and its columns, where a customer's or an agent's words can be kept. */
const TABLES: ServerTable[] = [
  { table: "messages", key: "bigint", text: ["text"], json: ["signals"] },
  { table: "notes", key: "bigint", text: ["text"], json: [] },
  { table: "tickets", key: "bigint", text: [], json: ["context"] },
  { table: "ticket_events", key: "bigint", text: [], json: ["details"] },
  { table: "conversations", key: "uuid", text: ["customer_name"], json: ["context"] },
];

/** Masks one batch of a server table's rows, in id order after `afterKey`. A message also records
 *  the kinds masked in it. */
async function maskTableBatch(
  client: pg.Pool | pg.PoolClient,
  target: ServerTable,
  afterKey: string | null,
  batchRows: number,
  kinds: ReadonlySet<MaskKind>,
): Promise<MaskedBatch> {
  const columns = ["id", ...target.text, ...target.json, ...(target.table === "messages" ? ["masked"] : [])];
  const { rows } = await client.query<Record<string, unknown>>(
    `SELECT ${columns.join(", ")} FROM ${target.table} WHERE $1::text IS NULL OR id > $1::${target.key} ORDER BY id LIMIT $2`,
    [afterKey, batchRows],
  );
  let changed = 0;
  for (const row of rows) {
    const { changed: fields, found } = maskFields(row, target, kinds);
    if (!fields.length) continue;
    const values: unknown[] = [row.id, ...fields.map((f) => f.value)];
    const sets = fields.map((f, i) => `${f.field} = $${i + 2}${f.isJson ? "::jsonb" : ""}`);
    if (target.table === "messages") {
      values.push([...new Set([...((row.masked as string[] | undefined) ?? []), ...found])]);
      sets.push(`masked = $${values.length}`);
    }
    await client.query(`UPDATE ${target.table} SET ${sets.join(", ")} WHERE id = $1`, values);
    changed++;
  }
  return { read: rows.length, changed, lastKey: rows.length ? String(rows[rows.length - 1]!.id) : afterKey };
}

/** Everything the pass masks, in this order: the server's tables, then the agent's turns and model
 *  payloads, which the agent's store masks (agent/store/at-rest.ts) in the pass's transactions. */
const TARGETS: RecordsAtRest[] = [
  ...TABLES.map((t): RecordsAtRest => ({
    name: t.table,
    maskBatch: (db, afterKey, batchRows, kinds) => maskTableBatch(db, t, afterKey, batchRows, kinds),
  })),
  ...agentRecordsAtRest,
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
    await pool.query("INSERT INTO mask_at_rest_progress (pass, table_name) VALUES ($1, $2) ON CONFLICT DO NOTHING", [pass, target.name]);
    for (;;) {
      if (options.stopAfterBatches !== undefined && batches >= options.stopAfterBatches) return { pass, rowsMasked, tablesDone };
      batches++;
      const finished = await inTransaction(pool, async (client) => {
        const { rows: progress } = await client.query<{ after_key: string | null; done: boolean }>(
          "SELECT after_key, done FROM mask_at_rest_progress WHERE pass = $1 AND table_name = $2 FOR UPDATE",
          [pass, target.name],
        );
        if (progress[0]!.done) return true;
        const batch = await target.maskBatch(client, progress[0]!.after_key, batchRows, kinds);
        await client.query(
          "UPDATE mask_at_rest_progress SET after_key = $3, done = $4, rows_masked = rows_masked + $5, updated_at = now() WHERE pass = $1 AND table_name = $2",
          [pass, target.name, batch.lastKey, batch.read < batchRows, batch.changed],
        );
        rowsMasked += batch.changed;
        return batch.read < batchRows;
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
