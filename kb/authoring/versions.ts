// Reading policy versions as stored: one version's facts and source, a policy's history, whether a
// policy exists. Versions are immutable; drafts.ts, publish.ts and retire.ts change what is in force.
import type pg from "pg";
import type { VersionInfo } from "../../protocol/policies.ts";
import { AuthoringError } from "./errors.ts";

type Db = pg.Pool | pg.PoolClient;

const INFO = `SELECT policy_id, version, status, title, to_char(effective_from, 'YYYY-MM-DD') AS effective_from,
  to_char(effective_to, 'YYYY-MM-DD') AS effective_to, to_char(review_by, 'YYYY-MM-DD') AS review_by, created_by, created_at, published_at, content_hash
  FROM policy_versions`;

type InfoRow = {
  policy_id: string;
  version: number;
  status: VersionInfo["status"];
  title: string;
  effective_from: string;
  effective_to: string | null;
  review_by: string | null;
  created_by: string | null;
  created_at: Date;
  published_at: Date | null;
  content_hash: string;
};
const toInfo = (r: InfoRow): VersionInfo => ({
  policy: r.policy_id,
  version: r.version,
  status: r.status,
  title: r.title,
  effectiveFrom: r.effective_from,
  effectiveTo: r.effective_to,
  reviewBy: r.review_by,
  createdBy: r.created_by,
  createdAt: r.created_at.toISOString(),
  publishedAt: r.published_at?.toISOString() ?? null,
  contentHash: r.content_hash,
});

/** The policy's state, or null when there is no such policy. */
export async function policyState(db: Db, id: string): Promise<{ retired: boolean } | null> {
  const { rows } = await db.query<{ retired_at: Date | null }>("SELECT retired_at FROM policies WHERE id = $1", [id]);
  return rows[0] ? { retired: rows[0].retired_at !== null } : null;
}

export async function requirePolicy(db: Db, id: string): Promise<{ retired: boolean }> {
  const state = await policyState(db, id);
  if (!state) throw new AuthoringError("not_found", `No policy "${id}".`);
  return state;
}

export async function versionInfo(db: Db, policy: string, version: number): Promise<VersionInfo | null> {
  const { rows } = await db.query<InfoRow>(`${INFO} WHERE policy_id = $1 AND version = $2`, [policy, version]);
  return rows[0] ? toInfo(rows[0]) : null;
}

export async function listVersions(db: Db, policy: string): Promise<VersionInfo[]> {
  const { rows } = await db.query<InfoRow>(`${INFO} WHERE policy_id = $1 ORDER BY version`, [policy]);
  if (!rows.length) throw new AuthoringError("not_found", `No policy "${policy}".`);
  return rows.map(toInfo);
}

export async function versionSource(db: Db, policy: string, version: number): Promise<string> {
  const { rows } = await db.query<{ source: string }>("SELECT source FROM policy_versions WHERE policy_id = $1 AND version = $2", [policy, version]);
  if (!rows[0]) throw new AuthoringError("not_found", `No version ${version} of policy "${policy}".`);
  return rows[0].source;
}

/** The highest version number of a policy (draft or not), or null when it has none. */
export async function latestVersion(db: Db, policy: string): Promise<number | null> {
  const { rows } = await db.query<{ v: number | null }>("SELECT max(version) AS v FROM policy_versions WHERE policy_id = $1", [policy]);
  return rows[0]?.v ?? null;
}

/** The questions the policy's owners wrote for it (front matter `questions:`), in any version. */
export async function authoredQuestions(db: Db, policy: string): Promise<string[]> {
  const { rows } = await db.query<{ q: string }>(
    "SELECT DISTINCT jsonb_array_elements_text(questions) AS q FROM policy_versions WHERE policy_id = $1 AND jsonb_typeof(questions) = 'array'",
    [policy],
  );
  return rows.map((r) => r.q);
}
