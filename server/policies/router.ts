// Policy owners' HTTP API. Mount behind the staff session middleware (it sets req.staff):
//   api.use("/policies", policyRouter({ pool, embedder, config }))  →  /api/v1/policies
// Every route needs the role policy_owner (admins pass): 401 without req.staff, 403 for agents.
// Errors are {"error": {code, message, details?}}: 400 invalid input, 404 unknown policy/version/
// group, 409 conflicts (publishing a non-draft, editing a retired policy, a resolved group).
//
//   GET  /                                       policies: status, version in force, latest/published/draft
//                                                version, scheduled versions, effective dates, review_by
//   POST /                        {source}       create a policy from Markdown (its first version is a draft) → 201 {version}
//   GET  /reports/gaps            ?since=&include=resolved   open knowledge-gap groups, newest first {groups, resolved?}
//   POST /reports/gaps/:group/resolve {how: attached|new_policy|dismissed, policy?, publish?}
//   GET  /reports/freshness                      overdue reviews and vectors from another embedder
//   GET  /reports/analytics       ?from=&to=     per policy: cited, refused around, handoffs (default: last 30 days)
//   GET  /:id                                    summary, every version, the latest source
//   PUT  /:id/draft               {source}       save an edit as a new draft version → 201 {version, created: true}, or 200 unchanged
//   POST /:id/versions/:v/publish {effective_from?, acknowledge_replay?}   publish a draft; a later date schedules it
//   POST /:id/retire              {reason?}      retire the policy → 204
//   GET  /:id/versions                           every version
//   GET  /:id/versions/:v                        one version with its source
//   GET  /:id/versions/:v/replay                 answers that would change if version v took effect (issue 9)
//   GET  /:id/diff                ?from=&to=     line diff between two versions
//   GET  /:id/audit                              the policy's audit trail, oldest first
//   GET  /:id/impact              ?version=&since=   answers that cited another version than the one in force (or `version`)
import express from "express";
import type pg from "pg";
import { z } from "zod";
import { replayVersion } from "../../agent/replay/replay.ts";
import type { KeelConfig } from "../../config/env.ts";
import { MAX_POLICY_CHARS } from "../../config/limits.ts";
import { auditTrail } from "../../kb/authoring/audit.ts";
import { listPoliciesForOwners } from "../../kb/authoring/catalog.ts";
import { diffVersions } from "../../kb/authoring/diff.ts";
import { createPolicy, saveDraft } from "../../kb/authoring/drafts.ts";
import { AuthoringError } from "../../kb/authoring/errors.ts";
import { publishVersion } from "../../kb/authoring/publish.ts";
import { retirePolicy } from "../../kb/authoring/retire.ts";
import { POLICY_ID } from "../../kb/authoring/source.ts";
import { listVersions, requirePolicy, versionInfo, versionSource } from "../../kb/authoring/versions.ts";
import type { Embedder } from "../../kb/embed/embedder.ts";
import { citationAnalytics } from "../../kb/reports/analytics.ts";
import { freshness } from "../../kb/reports/freshness.ts";
import { resolvedGaps, resolveGap } from "../../kb/reports/gap-resolution.ts";
import { gapReport } from "../../kb/reports/gaps.ts";
import { changeImpact } from "../../kb/reports/impact.ts";
import { turnReader } from "../../agent/store/turns.ts";
import { incomingText } from "../../protocol/normalise.ts";
import { requireRole } from "../auth/roles.ts";
import { HttpError, parseOr400 } from "../http/errors.ts";

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "expected a date as YYYY-MM-DD")
  .refine((d) => !Number.isNaN(Date.parse(d)) && new Date(d).toISOString().startsWith(d), "not a real date");
const versionNumber = z.coerce.number().int().positive().max(2_147_483_647);

export const policyParams = z.object({ id: z.string().regex(POLICY_ID, "policy ids are lowercase letters, digits, '.', '_' or '-'") });
export const versionParams = policyParams.extend({ v: versionNumber });
export const gapParams = z.object({ group: z.string().regex(/^[0-9a-f]{16}$/, "a group key is 16 hex digits") });
export const sourceBody = z.object({ source: incomingText().min(1).max(MAX_POLICY_CHARS) }).strict();
export const publishBody = z.object({ effective_from: isoDate.optional(), acknowledge_replay: z.boolean().optional() }).strict();
export const retireBody = z.object({ reason: incomingText().trim().min(1).max(500).optional() }).strict();
export const gapResolveBody = z
  .object({ how: z.enum(["attached", "new_policy", "dismissed"]), policy: policyParams.shape.id.optional(), publish: z.boolean().optional() })
  .strict()
  .refine((b) => b.how === "dismissed" || b.policy, { message: "attached and new_policy name the policy", path: ["policy"] })
  .refine((b) => !b.publish || b.how === "attached", { message: "only attached questions can be published", path: ["publish"] });
export const diffQuery = z.object({ from: versionNumber, to: versionNumber });
export const gapsQuery = z.object({ since: isoDate.optional(), include: z.enum(["resolved"]).optional() });
export const impactQuery = z.object({ version: versionNumber.optional(), since: isoDate.optional() });
export const analyticsQuery = z.object({ from: isoDate.optional(), to: isoDate.optional() });

const STATUS = { not_found: 404, conflict: 409, invalid: 400 } as const;
const DAY_MS = 86_400_000;
/** The analytics period when none is asked for. */
const DEFAULT_ANALYTICS_DAYS = 30;

/** Runs a domain call, turning the errors an owner can act on into their HTTP status. */
async function act<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof AuthoringError)
      throw new HttpError(STATUS[err.code], err.code === "invalid" ? "invalid_request" : err.code, err.message, undefined, { cause: err });
    throw err;
  }
}

export function policyRouter(deps: { pool: pg.Pool; embedder: Embedder; config: KeelConfig }): express.Router {
  const { pool, embedder, config } = deps;
  const replay = (id: string, v: number) => replayVersion({ pool, embedder, config, policy: id, version: v });
  const router = express.Router();
  router.use(requireRole("policy_owner"));
  const actor = (req: express.Request) => req.staff!.email;

  router.get("/", async (_req, res) => {
    res.json({ policies: await listPoliciesForOwners(pool) });
  });
  router.post("/", async (req, res) => {
    const { source } = parseOr400(sourceBody, req.body);
    res.status(201).json({ version: await act(() => createPolicy(pool, embedder, source, actor(req))) });
  });

  // Reports come before /:id so "reports" is never read as a policy id.
  router.get("/reports/gaps", async (req, res) => {
    const q = parseOr400(gapsQuery, req.query, "query");
    const groups = await gapReport(pool, turnReader, q.since ? { since: new Date(`${q.since}T00:00:00Z`) } : {});
    res.json({ groups, ...(q.include === "resolved" ? { resolved: await resolvedGaps(pool) } : {}) });
  });
  router.post("/reports/gaps/:group/resolve", async (req, res) => {
    const { group } = parseOr400(gapParams, req.params, "path");
    const body = parseOr400(gapResolveBody, req.body);
    res.json(
      await act(() =>
        resolveGap(
          pool,
          turnReader,
          embedder,
          group,
          { how: body.how, ...(body.policy ? { policy: body.policy } : {}), ...(body.publish ? { publish: true } : {}) },
          actor(req),
        ),
      ),
    );
  });
  router.get("/reports/freshness", async (_req, res) => {
    res.json(await freshness(pool, embedder));
  });
  router.get("/reports/analytics", async (req, res) => {
    const q = parseOr400(analyticsQuery, req.query, "query");
    // `to` is inclusive: the whole day counts.
    const to = q.to ? new Date(Date.parse(`${q.to}T00:00:00Z`) + DAY_MS) : new Date();
    const from = q.from ? new Date(`${q.from}T00:00:00Z`) : new Date(to.getTime() - DEFAULT_ANALYTICS_DAYS * DAY_MS);
    if (from >= to) throw new HttpError(400, "invalid_request", "Invalid query: from must be on or before to.");
    res.json({ from: from.toISOString(), to: to.toISOString(), policies: await citationAnalytics(pool, turnReader, from, to) });
  });

  router.get("/:id", async (req, res) => {
    const { id } = parseOr400(policyParams, req.params, "path");
    const versions = await act(() => listVersions(pool, id));
    const latest = versions[versions.length - 1]!;
    const summary = (await listPoliciesForOwners(pool)).find((p) => p.policy === id) ?? null;
    res.json({ policy: summary, versions, latest: { ...latest, source: await versionSource(pool, id, latest.version) } });
  });
  router.put("/:id/draft", async (req, res) => {
    const { id } = parseOr400(policyParams, req.params, "path");
    const { source } = parseOr400(sourceBody, req.body);
    const saved = await act(() => saveDraft(pool, embedder, id, source, actor(req)));
    res.status(saved.created ? 201 : 200).json(saved);
  });
  router.post("/:id/versions/:v/publish", async (req, res) => {
    const { id, v } = parseOr400(versionParams, req.params, "path");
    const body = parseOr400(publishBody, req.body ?? {});
    if (!(await versionInfo(pool, id, v))) throw new HttpError(404, "not_found", `No version ${v} of policy "${id}".`);
    // With KEEL_PUBLISH_REQUIRES_REPLAY_ACK the owner must see what changes before publishing.
    if (config.KEEL_PUBLISH_REQUIRES_REPLAY_ACK && !body.acknowledge_replay) {
      const diff = await act(() => replay(id, v));
      if (diff.changed)
        throw new HttpError(
          409,
          "replay_changes",
          `${diff.changed} answer(s) would change: review the replay and publish with acknowledge_replay: true.`,
          diff,
        );
    }
    res.json({
      version: await act(() => publishVersion(pool, embedder, id, v, actor(req), body.effective_from ? { effectiveFrom: body.effective_from } : {})),
    });
  });
  router.post("/:id/retire", async (req, res) => {
    const { id } = parseOr400(policyParams, req.params, "path");
    const { reason } = parseOr400(retireBody, req.body ?? {});
    await act(() => retirePolicy(pool, id, actor(req), reason));
    res.status(204).end();
  });
  router.get("/:id/versions", async (req, res) => {
    const { id } = parseOr400(policyParams, req.params, "path");
    res.json({ versions: await act(() => listVersions(pool, id)) });
  });
  router.get("/:id/versions/:v", async (req, res) => {
    const { id, v } = parseOr400(versionParams, req.params, "path");
    const info = await versionInfo(pool, id, v);
    if (!info) throw new HttpError(404, "not_found", `No version ${v} of policy "${id}".`);
    res.json({ version: { ...info, source: await versionSource(pool, id, v) } });
  });
  router.get("/:id/versions/:v/replay", async (req, res) => {
    const { id, v } = parseOr400(versionParams, req.params, "path");
    if (!(await versionInfo(pool, id, v))) throw new HttpError(404, "not_found", `No version ${v} of policy "${id}".`);
    res.json(await replay(id, v));
  });
  router.get("/:id/diff", async (req, res) => {
    const { id } = parseOr400(policyParams, req.params, "path");
    const q = parseOr400(diffQuery, req.query, "query");
    res.json(await act(() => diffVersions(pool, id, q.from, q.to)));
  });
  router.get("/:id/audit", async (req, res) => {
    const { id } = parseOr400(policyParams, req.params, "path");
    await act(() => requirePolicy(pool, id));
    res.json({ policy: id, entries: await auditTrail(pool, id) });
  });
  router.get("/:id/impact", async (req, res) => {
    const { id } = parseOr400(policyParams, req.params, "path");
    const q = parseOr400(impactQuery, req.query, "query");
    res.json(
      await act(() =>
        changeImpact(pool, turnReader, id, {
          ...(q.version ? { against: q.version } : {}),
          ...(q.since ? { since: new Date(`${q.since}T00:00:00Z`) } : {}),
        }),
      ),
    );
  });
  return router;
}
