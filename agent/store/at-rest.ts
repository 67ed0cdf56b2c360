// What masking at rest (server/privacy/at-rest.ts) does to the agent's records: the turns and the
// model payloads stored before masking existed, or before KEEL_MASK_AT_REST widened it, are masked
// one batch at a time through the handle the caller gives, so each batch happens inside the
// caller's transaction; the caller keeps the pass's progress, under each kind's name.
import type pg from "pg";
import { maskFields, type MaskKind } from "../guard/mask.ts";

type Db = pg.Pool | pg.PoolClient;

/** One batch: how many rows were read (in id order, after the key given), how many of them were
 *  changed, and the id of the last one read (the key given when none was). */
export type MaskedBatch = { read: number; changed: number; lastKey: string | null };

/** Records the masking pass goes through a batch at a time; it records its progress under `name`. */
export type RecordsAtRest = {
  name: string;
  maskBatch: (db: Db, afterKey: string | null, batchRows: number, kinds: ReadonlySet<MaskKind>) => Promise<MaskedBatch>;
};

/** A table of the agent's whose text and JSON fields the pass masks, a batch of rows at a time in
 *  id order; a changed row has only its changed fields written back. */
function tableAtRest(table: string, fields: { text: string[]; json: string[] }): RecordsAtRest {
  const select = `SELECT id, ${[...fields.text, ...fields.json].join(", ")} FROM ${table} WHERE $1::text IS NULL OR id > $1::bigint ORDER BY id LIMIT $2`;
  return {
    name: table,
    async maskBatch(db, afterKey, batchRows, kinds) {
      const { rows } = await db.query<Record<string, unknown>>(select, [afterKey, batchRows]);
      let changed = 0;
      for (const row of rows) {
        const masked = maskFields(row, fields, kinds).changed;
        if (!masked.length) continue;
        const assignments = masked.map((c, i) => `${c.field} = $${i + 2}${c.isJson ? "::jsonb" : ""}`).join(", ");
        await db.query(`UPDATE ${table} SET ${assignments} WHERE id = $1`, [row.id, ...masked.map((c) => c.value)]);
        changed++;
      }
      return { read: rows.length, changed, lastKey: rows.length ? String(rows[rows.length - 1]!.id) : afterKey };
    },
  };
}

/** The agent's records that can hold a customer's words, in the order the pass masks them. The
 *  names are the tables', which is what the passes recorded their progress under before the
 *  agent's store did this, so a pass interrupted then resumes where it stopped. */
export const agentRecordsAtRest: RecordsAtRest[] = [
  // The question as the agent read it, its reply, and the premises it checked.
  tableAtRest("agent_turns", { text: ["message_redacted", "reply_text"], json: ["premises"] }),
  // What was sent to a model.
  tableAtRest("llm_exposures", { text: [], json: ["payload"] }),
];
