// GET /api/v1/insights?from=YYYY-MM-DD&to=YYYY-MM-DD: the insights page's data, for admins and
// policy owners (agents 403, nobody signed in 401, a bad date 400).
import express from "express";
import type pg from "pg";
import { requireRole } from "../auth/roles.ts";
import { parseOr400 } from "../http/errors.ts";
import { computeInsights, insightsQuery } from "./insights.ts";

export function insightsRouter(deps: { pool: pg.Pool }): express.Router {
  const router = express.Router();
  router.get("/", requireRole("policy_owner"), async (req, res) => {
    const range = parseOr400(insightsQuery, req.query, "query");
    res.json(await computeInsights(deps.pool, range));
  });
  return router;
}
