// Publishing a draft: the version is re-chunked and re-embedded with the current embedder and
// flipped to published in one transaction, so retrieval moves from the old version to the new one
// at commit (never neither, never both). A later effective date schedules it: retrieval filters by
// date, so the version takes over by itself on that day.
import type pg from "pg";
import { effectiveVersionsSql, todayIso } from "../effective.ts";
import type { Embedder } from "../embed/embedder.ts";
import { inTransaction } from "../db/transactions.ts";
import { insertChunks } from "../versions.ts";
import { recordAudit } from "./audit.ts";
import { AuthoringError } from "./errors.ts";
import { parseSource } from "./source.ts";
import type { VersionInfo } from "../../protocol/policies.ts";
import { requirePolicy, versionInfo } from "./versions.ts";

export type PublishOptions = {
  /** YYYY-MM-DD, today or later. Default: the draft's own effective_from if that is later than today, else today. */
  effectiveFrom?: string;
  /** The date publishing happens on (tests); default today (UTC, as retrieval uses). */
  today?: string;
};

export async function publishVersion(
  pool: pg.Pool,
  embedder: Embedder,
  policy: string,
  version: number,
  actor: string,
  options: PublishOptions = {},
): Promise<VersionInfo> {
  return inTransaction(pool, (client) => publishWith(client, embedder, policy, version, actor, options));
}

/** publishVersion inside the caller's transaction. */
export async function publishWith(
  client: pg.PoolClient,
  embedder: Embedder,
  policy: string,
  version: number,
  actor: string,
  options: PublishOptions = {},
): Promise<VersionInfo> {
  const today = options.today ?? todayIso();
  if ((await requirePolicy(client, policy)).retired) throw new AuthoringError("conflict", `Policy "${policy}" is retired.`);
  // One publish per policy at a time: the checks below must hold until commit.
  await client.query("SELECT id FROM policies WHERE id = $1 FOR UPDATE", [policy]);
  const { rows } = await client.query<{ status: string; source: string; effective_from: string; effective_to: string | null }>(
    `SELECT status, source, to_char(effective_from, 'YYYY-MM-DD') AS effective_from, to_char(effective_to, 'YYYY-MM-DD') AS effective_to
     FROM policy_versions WHERE policy_id = $1 AND version = $2`,
    [policy, version],
  );
  const row = rows[0];
  if (!row) throw new AuthoringError("not_found", `No version ${version} of policy "${policy}".`);
  if (row.status !== "draft")
    throw new AuthoringError("conflict", `Version ${version} of "${policy}" is ${row.status}; only a draft can be published.`);
  const { rows: newer } = await client.query<{ v: number | null }>(
    "SELECT max(version) AS v FROM policy_versions WHERE policy_id = $1 AND status = 'published'",
    [policy],
  );
  if (newer[0]?.v && newer[0].v > version) {
    // Published, this draft would silently undo the changes of the newer version (or never take effect).
    throw new AuthoringError(
      "conflict",
      `Version ${newer[0].v} of "${policy}" was published after draft ${version} was written: edit version ${newer[0].v} instead.`,
    );
  }
  // Backdating would rewrite what Keel said was in force on past days (point-in-time answers, impact).
  if (options.effectiveFrom && options.effectiveFrom < today) {
    throw new AuthoringError(
      "invalid",
      `effective_from ${options.effectiveFrom} is in the past: a version can take effect today (${today}) or later.`,
    );
  }
  const effectiveFrom = options.effectiveFrom ?? (row.effective_from > today ? row.effective_from : today);
  if (row.effective_to && row.effective_to < effectiveFrom) {
    throw new AuthoringError(
      "invalid",
      `The draft ends on ${row.effective_to} (effective_to), before it would take effect on ${effectiveFrom}: change effective_to first.`,
    );
  }
  const { rows: live } = await client.query<{ version: number }>(
    `WITH live AS (${effectiveVersionsSql("$1")}) SELECT version FROM live WHERE policy_id = $2`,
    [today, policy],
  );

  // Re-chunk and re-embed with the current embedder; insertChunks also counts the terms, which a
  // draft's chunks were left out of.
  const doc = { ...parseSource(row.source, policy), effectiveFrom };
  await client.query("DELETE FROM chunks WHERE policy_id = $1 AND version = $2", [policy, version]);
  const chunks = await insertChunks(client, embedder, doc, version);
  await client.query(
    "UPDATE policy_versions SET status = 'published', published_at = now(), effective_from = $3 WHERE policy_id = $1 AND version = $2",
    [policy, version, effectiveFrom],
  );
  await recordAudit(client, {
    policy,
    version,
    action: "publish",
    actor,
    details: { effectiveFrom, scheduled: effectiveFrom > today, inForceBefore: live[0]?.version ?? null, chunks, embedder: embedder.model },
  });
  return (await versionInfo(client, policy, version))!;
}
