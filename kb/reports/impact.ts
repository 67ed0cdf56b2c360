// Change impact: the answers Keel gave that cited a version of a policy other than the one in force
// now (or another chosen version, e.g. one scheduled to take over), so an owner can judge whether
// customers were told something that no longer holds. Each answer says whether its quote still
// appears word for word in that version: the ones that do not are the ones to read first.
import type pg from "pg";
import type { ImpactEntry } from "../../protocol/policy-reports.ts";
import { requirePolicy } from "../authoring/versions.ts";
import { AuthoringError } from "../authoring/errors.ts";
import { effectiveVersionsSql, todayIso } from "../effective.ts";
import type { TurnReader } from "./turn-reader.ts";

/** Most answers listed per request: a review list, not an export. */
export const MAX_IMPACT_ANSWERS = 1000;

export type Impact = {
  policy: string;
  /** The version in force on the day asked (today by default), or null when none is. */
  currentVersion: number | null;
  /** The version the answers are compared against: `against` when given, else currentVersion. */
  comparedWith: number | null;
  answers: ImpactEntry[];
  /** Per cited version: how many answers cited it and how many of their quotes no longer appear. */
  byVersion: { version: number; answers: number; noLongerHolding: number }[];
  truncated: boolean;
};

const flat = (s: string) => s.replace(/\s+/g, " ").trim();

export async function changeImpact(
  db: pg.Pool | pg.PoolClient,
  turns: TurnReader,
  policy: string,
  options: { asOf?: string; against?: number; since?: Date } = {},
): Promise<Impact> {
  await requirePolicy(db, policy);
  const { rows: cur } = await db.query<{ version: number }>(
    `WITH live AS (${effectiveVersionsSql("$1")}) SELECT version FROM live WHERE policy_id = $2`,
    [options.asOf ?? todayIso(), policy],
  );
  const currentVersion = cur[0]?.version ?? null;
  const comparedWith = options.against ?? currentVersion;
  let body = "";
  if (comparedWith !== null) {
    const { rows } = await db.query<{ body: string }>("SELECT body FROM policy_versions WHERE policy_id = $1 AND version = $2", [
      policy,
      comparedWith,
    ]);
    if (!rows[0]) throw new AuthoringError("not_found", `No version ${comparedWith} of policy "${policy}".`);
    body = flat(rows[0].body);
  }
  const rows = await turns.citationsOf(db, policy, comparedWith, options.since ?? new Date(0), MAX_IMPACT_ANSWERS + 1);
  const answers: ImpactEntry[] = rows.slice(0, MAX_IMPACT_ANSWERS).map((r) => ({
    turn: String(r.id),
    conversation: r.conversation_id,
    at: (r.at as Date).toISOString(),
    asOf: r.as_of,
    version: r.version,
    section: r.section ?? "",
    quote: r.quote ?? "",
    outcome: r.outcome,
    stillHolds: comparedWith !== null && Boolean(r.quote) && body.includes(flat(r.quote ?? "")),
  }));
  const byVersion = new Map<number, { version: number; answers: number; noLongerHolding: number }>();
  for (const a of answers) {
    const v = byVersion.get(a.version) ?? { version: a.version, answers: 0, noLongerHolding: 0 };
    v.answers++;
    if (!a.stillHolds) v.noLongerHolding++;
    byVersion.set(a.version, v);
  }
  return {
    policy,
    currentVersion,
    comparedWith,
    answers,
    byVersion: [...byVersion.values()].sort((a, b) => b.version - a.version),
    truncated: rows.length > MAX_IMPACT_ANSWERS,
  };
}
