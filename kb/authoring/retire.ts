// Retiring a policy: from now on retrieval finds no version of it, for any date; its versions,
// audit trail and the answers that cited it stay for review.
import type pg from "pg";
import { inTransaction } from "../db/transactions.ts";
import { recordAudit } from "./audit.ts";
import { AuthoringError } from "./errors.ts";
import { requirePolicy } from "./versions.ts";

export async function retirePolicy(pool: pg.Pool, policy: string, actor: string, reason?: string): Promise<void> {
  await inTransaction(pool, async (client) => {
    if ((await requirePolicy(client, policy)).retired) throw new AuthoringError("conflict", `Policy "${policy}" is already retired.`);
    await client.query("UPDATE policies SET retired_at = now() WHERE id = $1", [policy]);
    await recordAudit(client, { policy, action: "retire", actor, details: reason ? { reason } : {} });
  });
}
