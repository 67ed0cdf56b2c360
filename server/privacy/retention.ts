// Retention: transcripts older than the configured period are deleted, or anonymised so that
// outcomes and citations still count in reports while nothing a customer wrote remains.
import { inTransaction } from "../../kb/db/transactions.ts";
import type pg from "pg";

export type RetentionMode = "delete" | "anonymise";
export type RetentionResult = { conversations: number; turns: number; exposures: number; checkpoints: number };

const REMOVED = "[removed by retention]";

async function hasTable(client: pg.PoolClient, name: string): Promise<boolean> {
  const { rows } = await client.query("SELECT to_regclass($1) IS NOT NULL AS ok", [name]);
  return rows[0].ok;
}

/** Applies the policy to conversations whose last activity is older than `days`. */
export async function applyRetention(pool: pg.Pool, days: number, mode: RetentionMode, now = new Date()): Promise<RetentionResult> {
  if (!Number.isInteger(days) || days < 1) throw new Error(`Retention needs a whole number of days of at least 1 (got ${days}).`);
  const cutoff = new Date(now.getTime() - days * 86_400_000);
  try {
    return await inTransaction(pool, async (client) => {
      const { rows } = await client.query<{ id: string }>(
        `SELECT id::text FROM conversations WHERE updated_at < $1 AND (customer_name IS DISTINCT FROM $2 OR $3 = 'delete')`,
        [cutoff, REMOVED, mode],
      );
      const ids = rows.map((r) => r.id);
      // Turns and exposures of conversations that never reached the server (CLI chats) age out too.
      const old = `(conversation_id = ANY($1::text[]) OR (at < $2 AND conversation_id NOT IN (SELECT id::text FROM conversations)))`;
      let turns: number;
      let exposures: number;
      if (mode === "delete") {
        exposures = (await client.query(`DELETE FROM llm_exposures WHERE ${old}`, [ids, cutoff])).rowCount ?? 0;
        turns = (await client.query(`DELETE FROM agent_turns WHERE ${old}`, [ids, cutoff])).rowCount ?? 0;
        await client.query("DELETE FROM conversations WHERE id = ANY($1::uuid[])", [ids]);
      } else {
        exposures =
          (
            await client.query(`UPDATE llm_exposures SET payload = '{"removed": true}' WHERE ${old} AND payload <> '{"removed": true}'`, [
              ids,
              cutoff,
            ])
          ).rowCount ?? 0;
        turns =
          (
            await client.query(`UPDATE agent_turns SET message_redacted = $3, reply_text = $3 WHERE ${old} AND message_redacted <> $3`, [
              ids,
              cutoff,
              REMOVED,
            ])
          ).rowCount ?? 0;
        await client.query("UPDATE messages SET text = $2 WHERE conversation_id = ANY($1::uuid[])", [ids, REMOVED]);
        await client.query("UPDATE notes SET text = $2 WHERE conversation_id = ANY($1::uuid[])", [ids, REMOVED]);
        // A rating keeps counting (helpful, score); the customer's own words go.
        await client.query("UPDATE ratings SET comment = NULL WHERE conversation_id = ANY($1::uuid[]) AND comment IS NOT NULL", [ids]);
        await client.query(
          `UPDATE conversations SET customer_id = NULL, customer_name = $2, follow_up_email = NULL, verified = false WHERE id = ANY($1::uuid[])`,
          [ids, REMOVED],
        );
        // The ticket's question, summary and open question all quote the customer.
        await client.query(
          `UPDATE tickets SET context = jsonb_set(jsonb_set(context, '{question}', to_jsonb($2::text)), '{summary}', to_jsonb($2::text)) - 'openQuestion' WHERE conversation_id = ANY($1::uuid[])`,
          [ids, REMOVED],
        );
      }
      // The agent's checkpoints hold the (redacted) transcript: gone in both modes.
      let checkpoints = 0;
      for (const table of ["checkpoint_writes", "checkpoint_blobs", "checkpoints"]) {
        if (await hasTable(client, table))
          checkpoints += (await client.query(`DELETE FROM ${table} WHERE thread_id = ANY($1::text[])`, [ids])).rowCount ?? 0;
      }
      return { conversations: ids.length, turns, exposures, checkpoints };
    });
  } catch (err) {
    throw new Error(`Retention did not run: ${(err as Error).message}`, { cause: err });
  }
}
