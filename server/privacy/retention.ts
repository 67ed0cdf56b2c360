// Retention: transcripts older than the configured period are deleted, or anonymised so that
// outcomes and citations still count in reports while nothing a customer wrote remains.
import type pg from "pg";
import {
  conversationsRecordedBefore,
  forgetExposures,
  forgetMemory,
  forgetTurns,
  removeExposurePayloads,
  removeTurnTexts,
  type AgedRecords,
} from "../../agent/store/retention.ts";
import { inTransaction } from "../../kb/db/transactions.ts";

export type RetentionMode = "delete" | "anonymise";
export type RetentionResult = { conversations: number; turns: number; exposures: number; memory: number };

const REMOVED = "[removed by retention]";

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
      const { rows: orphans } = await client.query<{ c: string }>(
        "SELECT c FROM unnest($1::text[]) AS c WHERE c NOT IN (SELECT id::text FROM conversations)",
        [await conversationsRecordedBefore(client, cutoff)],
      );
      const old: AgedRecords = { conversations: ids, before: cutoff, orphans: orphans.map((r) => r.c) };
      let turns: number;
      let exposures: number;
      if (mode === "delete") {
        exposures = await forgetExposures(client, old);
        turns = await forgetTurns(client, old);
        await client.query("DELETE FROM conversations WHERE id = ANY($1::uuid[])", [ids]);
      } else {
        exposures = await removeExposurePayloads(client, old);
        turns = await removeTurnTexts(client, old, REMOVED);
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
      // What a conversation keeps between turns holds its (redacted) transcript: gone in both modes,
      // for CLI chats too.
      const memory = await forgetMemory(client, [...ids, ...old.orphans]);
      return { conversations: ids.length, turns, exposures, memory };
    });
  } catch (err) {
    throw new Error(`Retention did not run: ${(err as Error).message}`, { cause: err });
  }
}
