// What retention (server/privacy/retention.ts) does to the agent's records: the turns, the model
// payloads and the conversation memory (agent/store/memory.ts) of old conversations are deleted, or their words removed.
// Each function works through the handle it is given, so all of it happens inside the caller's
// transaction, in the order the caller calls them.
import type pg from "pg";

type Db = pg.Pool | pg.PoolClient;

/** The records retention reaches: every record of `conversations`, and those made before `before`
 *  of `orphans` (conversations the server never knew, such as CLI chats). */
export type AgedRecords = { conversations: string[]; before: Date; orphans: string[] };

const AGED = `(conversation_id = ANY($1::text[]) OR (at < $2 AND conversation_id = ANY($3::text[])))`;
const agedParams = (r: AgedRecords) => [r.conversations, r.before, r.orphans];

/** The conversations (ids, unordered) with a turn or a model payload recorded before `before`. */
export async function conversationsRecordedBefore(db: Db, before: Date): Promise<string[]> {
  const { rows } = await db.query<{ conversation_id: string }>(
    "SELECT conversation_id FROM agent_turns WHERE at < $1 UNION SELECT conversation_id FROM llm_exposures WHERE at < $1",
    [before],
  );
  return rows.map((r) => r.conversation_id);
}

/** Deletes the model payloads; returns how many. */
export async function forgetExposures(db: Db, records: AgedRecords): Promise<number> {
  return (await db.query(`DELETE FROM llm_exposures WHERE ${AGED}`, agedParams(records))).rowCount ?? 0;
}

/** Deletes the turns; returns how many. */
export async function forgetTurns(db: Db, records: AgedRecords): Promise<number> {
  return (await db.query(`DELETE FROM agent_turns WHERE ${AGED}`, agedParams(records))).rowCount ?? 0;
}

/** Replaces the model payloads not yet removed by a marker; returns how many. */
export async function removeExposurePayloads(db: Db, records: AgedRecords): Promise<number> {
  return (
    (await db.query(`UPDATE llm_exposures SET payload = '{"removed": true}' WHERE ${AGED} AND payload <> '{"removed": true}'`, agedParams(records)))
      .rowCount ?? 0
  );
}

/** Replaces the question and the reply of the turns not yet removed by `removed`; returns how many.
 *  Outcomes and citations stay, so the turns still count in reports. */
export async function removeTurnTexts(db: Db, records: AgedRecords, removed: string): Promise<number> {
  return (
    (
      await db.query(`UPDATE agent_turns SET message_redacted = $4, reply_text = $4 WHERE ${AGED} AND message_redacted <> $4`, [
        ...agedParams(records),
        removed,
      ])
    ).rowCount ?? 0
  );
}

/** Deletes what the given conversations kept between turns (their redacted transcripts); returns
 *  how many rows. */
export async function forgetMemory(db: Db, conversationIds: string[]): Promise<number> {
  return (await db.query("DELETE FROM conversation_memory WHERE conversation_id = ANY($1::text[])", [conversationIds])).rowCount ?? 0;
}
