// Resolving a knowledge gap: attach the group's questions to a policy as sample questions (a new
// draft version, published at once if asked, so retrieval finds that policy for such questions),
// mark the group answered by a policy the owner wrote for it, or dismiss it. The resolution
// remembers the turns it covered: they leave the report, and later questions like them open a new
// group, because the fix evidently did not hold.
import matter from "gray-matter";
import type pg from "pg";
import { recordAudit } from "../authoring/audit.ts";
import { saveDraftWith } from "../authoring/drafts.ts";
import { AuthoringError } from "../authoring/errors.ts";
import { publishWith } from "../authoring/publish.ts";
import type { VersionInfo } from "../../protocol/policies.ts";
import { latestVersion, requirePolicy, versionSource } from "../authoring/versions.ts";
import type { Embedder } from "../embed/embedder.ts";
import { inTransaction } from "../db/transactions.ts";
import { gapClusters } from "./gaps.ts";
import type { TurnReader } from "./turn-reader.ts";

/** At most this many of a group's questions (newest first) become sample questions: enough to cover its wordings. */
export const MAX_ATTACHED_QUESTIONS = 20;

export type Resolution = { how: "attached" | "new_policy" | "dismissed"; policy?: string; publish?: boolean };
export type ResolvedGap = { key: string; label: string | null; how: Resolution["how"]; policy: string | null; by: string; at: string; count: number };

/** Adds questions to a policy source's front matter, keeping the ones it has. */
export function withSampleQuestions(source: string, policy: string, questions: string[]): { source: string; added: number } {
  // An options object keeps gray-matter from returning a cached, shared parse.
  const parsed = matter(source, {});
  const existing = Array.isArray(parsed.data.questions) ? (parsed.data.questions as unknown[]).filter((q): q is string => typeof q === "string") : [];
  const have = new Set(existing.map((q) => q.trim().toLowerCase()));
  const added = questions.filter((q) => q.trim() && !have.has(q.trim().toLowerCase()));
  return { source: matter.stringify(parsed.content, { ...parsed.data, id: policy, questions: [...existing, ...added] }), added: added.length };
}

export async function resolveGap(
  pool: pg.Pool,
  turns: TurnReader,
  embedder: Embedder,
  key: string,
  resolution: Resolution,
  actor: string,
): Promise<{ key: string; how: Resolution["how"]; policy: string | null; turns: number; questionsAdded: number; version: VersionInfo | null }> {
  return inTransaction(pool, async (client) => {
    const group = (await gapClusters(client, turns)).find((g) => g.key === key);
    if (!group) {
      const { rows } = await client.query<{ how: string }>("SELECT how FROM gap_resolutions WHERE group_key = $1", [key]);
      if (rows[0]) throw new AuthoringError("conflict", `Knowledge-gap group ${key} was already resolved (${rows[0].how}).`);
      throw new AuthoringError("not_found", `No open knowledge-gap group ${key}: reload the report, groups change as questions arrive.`);
    }
    const policy = resolution.how === "dismissed" ? null : (resolution.policy ?? null);
    if (resolution.how !== "dismissed" && !policy) throw new AuthoringError("invalid", "Name the policy that answers these questions (policy).");
    let version: VersionInfo | null = null;
    let questionsAdded = 0;
    if (policy) {
      if ((await requirePolicy(client, policy)).retired) throw new AuthoringError("conflict", `Policy "${policy}" is retired.`);
    }
    if (resolution.how === "attached" && policy) {
      const latest = (await latestVersion(client, policy))!;
      const edited = withSampleQuestions(await versionSource(client, policy, latest), policy, group.questions.slice(0, MAX_ATTACHED_QUESTIONS));
      questionsAdded = edited.added;
      const saved = await saveDraftWith(client, embedder, policy, edited.source, actor, { gap: key });
      version = saved.version;
      await recordAudit(client, {
        policy,
        version: version.version,
        action: "attach_questions",
        actor,
        details: { gap: key, added: questionsAdded },
      });
      if (resolution.publish && version.status === "draft") version = await publishWith(client, embedder, policy, version.version, actor);
    }
    const { rowCount } = await client.query(
      `INSERT INTO gap_resolutions (group_key, how, policy_id, resolved_by, turn_ids, label) VALUES ($1,$2,$3,$4,$5::bigint[],$6)
       ON CONFLICT (group_key) DO NOTHING`,
      [key, resolution.how, policy, actor, group.turnIds, group.label],
    );
    if (!rowCount) throw new AuthoringError("conflict", `Knowledge-gap group ${key} was resolved by someone else just now.`);
    if (policy)
      await recordAudit(client, {
        policy,
        action: "resolve_gap",
        actor,
        details: { gap: key, how: resolution.how, turns: group.turnIds.length, label: group.label },
      });
    return { key, how: resolution.how, policy, turns: group.turnIds.length, questionsAdded, version };
  });
}

/** Resolved groups, newest resolution first. */
export async function resolvedGaps(db: pg.Pool | pg.PoolClient): Promise<ResolvedGap[]> {
  const { rows } = await db.query(
    "SELECT group_key, label, how, policy_id, resolved_by, resolved_at, cardinality(turn_ids) AS n FROM gap_resolutions ORDER BY resolved_at DESC, group_key",
  );
  return rows.map((r) => ({
    key: r.group_key,
    label: r.label,
    how: r.how,
    policy: r.policy_id,
    by: r.resolved_by,
    at: (r.resolved_at as Date).toISOString(),
    count: Number(r.n),
  }));
}
