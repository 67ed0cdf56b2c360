// Admin routes (/api/v1/admin): the model-exposure audit and retention, for compliance, and each
// staff account's experience level.
import express from "express";
import { z } from "zod";
import { incomingText } from "../../protocol/normalise.ts";
import { requireRole } from "../auth/roles.ts";
import { parseOr400 } from "../http/errors.ts";
import { listExposures } from "../../agent/store/exposures.ts";
import { sinceSchema } from "../privacy/exposures.ts";
import { customerFieldUses } from "../../agent/store/turns.ts";
import { applyRetention } from "../privacy/retention.ts";
import { addExperienceRoute } from "./staff-experience.ts";
import type pg from "pg";

const exposuresQuery = z.object({
  since: sinceSchema.prefault("30d"),
  conversation: incomingText().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(10_000).default(1000),
});
const retentionBody = z.object({ days: z.number().int().min(1).max(36_500), mode: z.enum(["delete", "anonymise"]) }).strict();

export function adminRouter(deps: { pool: pg.Pool }): express.Router {
  const router = express.Router();
  router.use(requireRole("admin"));
  router.get("/exposures", async (req, res) => {
    const q = parseOr400(exposuresQuery, req.query, "query");
    const filter = { since: q.since, ...(q.conversation ? { conversationId: q.conversation } : {}), limit: q.limit };
    res.json({
      since: q.since.toISOString(),
      exposures: await listExposures(deps.pool, filter),
      customerFields: await customerFieldUses(deps.pool, filter),
    });
  });
  router.post("/retention", async (req, res) => {
    const body = parseOr400(retentionBody, req.body);
    res.json(await applyRetention(deps.pool, body.days, body.mode));
  });
  addExperienceRoute(router, deps);
  return router;
}
