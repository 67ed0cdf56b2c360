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

/** Masks the rows of `select` (which takes the key to start after and the batch size) and writes
 *  the changed fields back with `update`, one row at a time. */
async function maskRows(
  db: Db,
  select: string,
  update: (assignments: string) => string,
  fields: { text: string[]; json: string[] },
  afterKey: string | null,
  batchRows: number,
  kinds: ReadonlySet<MaskKind>,
): Promise<MaskedBatch> {
  const { rows } = await db.query<Record<string, unknown>>(select, [afterKey, batchRows]);
  let changed = 0;
  for (const row of rows) {
    const masked = maskFields(row, fields, kinds).changed;
    if (!masked.length) continue;
    const assignments = masked.map((c, i) => `${c.field} = $${i + 2}${c.isJson ? "::jsonb" : ""}`).join(", ");
    await db.query(update(assignments), [row.id, ...masked.map((c) => c.value)]);
    changed++;
  }
  return { read: rows.length, changed, lastKey: rows.length ? String(rows[rows.length - 1]!.id) : afterKey };
}

/** The agent's records that can hold a customer's words, in the order the pass masks them. The
 *  names are the tables', which is what the passes recorded their progress under before the
 *  agent's store did this, so a pass interrupted then resumes where it stopped. */
export const agentRecordsAtRest: RecordsAtRest[] = [
  {
    // The question as the agent read it, its reply, and the premises it checked.
    name: "agent_turns",
    maskBatch: (db, afterKey, batchRows, kinds) =>
      maskRows(
        db,
        "SELECT id, message_redacted, reply_text, premises FROM agent_turns WHERE $1::text IS NULL OR id > $1::bigint ORDER BY id LIMIT $2",
        (assignments) => `UPDATE agent_turns SET ${assignments} WHERE id = $1`,
        { text: ["message_redacted", "reply_text"], json: ["premises"] },
        afterKey,
        batchRows,
        kinds,
      ),
  },
  {
    // What was sent to a model.
    name: "llm_exposures",
    maskBatch: (db, afterKey, batchRows, kinds) =>
      maskRows(
        db,
        "SELECT id, payload FROM llm_exposures WHERE $1::text IS NULL OR id > $1::bigint ORDER BY id LIMIT $2",
        (assignments) => `UPDATE llm_exposures SET ${assignments} WHERE id = $1`,
        { text: [], json: ["payload"] },
        afterKey,
        batchRows,
        kinds,
      ),
  },
];
