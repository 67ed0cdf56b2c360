// The policy audit trail: one row per change (who, what, which policy and version, when, details),
// append-only in the database itself (migrations 020/021 refuse UPDATE, DELETE and TRUNCATE).
import type pg from "pg";
import type { AuditAction, AuditEntry } from "../../protocol/policies.ts";

export async function recordAudit(
  db: pg.Pool | pg.PoolClient,
  entry: { policy: string; version?: number | null; action: AuditAction; actor: string; details?: Record<string, unknown> },
): Promise<void> {
  await db.query("INSERT INTO policy_audit (policy_id, version, action, actor, details) VALUES ($1,$2,$3,$4,$5)", [
    entry.policy,
    entry.version ?? null,
    entry.action,
    entry.actor,
    JSON.stringify(entry.details ?? {}),
  ]);
}

/** A policy's trail, oldest first. */
export async function auditTrail(db: pg.Pool | pg.PoolClient, policy: string): Promise<AuditEntry[]> {
  const { rows } = await db.query("SELECT * FROM policy_audit WHERE policy_id = $1 ORDER BY id", [policy]);
  return rows.map((r) => ({
    id: String(r.id),
    policy: r.policy_id,
    version: r.version,
    action: r.action,
    actor: r.actor,
    details: r.details,
    at: (r.at as Date).toISOString(),
  }));
}
