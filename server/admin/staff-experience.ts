// PATCH /api/v1/admin/staff/:id/experience {"experience": "new" | "experienced"}: an admin sizes the
// console's help to the agent. 200 {staff}; 400 for a bad body or id; 404 for no such account.
import type express from "express";
import type pg from "pg";
import { z } from "zod";
import { experienceSchema } from "../auth/roles.ts";
import { setStaffExperience } from "../auth/staff-store.ts";
import { HttpError, parseOr400 } from "../http/errors.ts";

const staffParam = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });
export const experienceBody = z.object({ experience: experienceSchema }).strict();

export function addExperienceRoute(router: express.Router, deps: { pool: pg.Pool }): void {
  router.patch("/staff/:id/experience", async (req, res) => {
    const { id } = parseOr400(staffParam, req.params, "path");
    const { experience } = parseOr400(experienceBody, req.body);
    const staff = await setStaffExperience(deps.pool, id, experience);
    if (!staff) throw new HttpError(404, "not_found", `No staff account with id ${id}.`);
    res.json({ staff });
  });
}
