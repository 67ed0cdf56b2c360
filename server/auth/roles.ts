// Staff roles and the route guard every staff HTTP route and socket event goes through.
// Admins may do anything a policy owner or an agent may; the other roles do not overlap.
import type { NextFunction, Request, Response } from "express";
import { z } from "zod";
import { HttpError } from "../http/errors.ts";

export const roleSchema = z.enum(["agent", "policy_owner", "admin"]);
export type Role = z.infer<typeof roleSchema>;

/** New agents get the AI help open and check drafts before sending; experienced ones see it folded. */
export const experienceSchema = z.enum(["new", "experienced"]);
export type Experience = z.infer<typeof experienceSchema>;

export const staffSchema = z.object({
  id: z.number().int(),
  email: z.string(),
  displayName: z.string(),
  role: roleSchema,
  experience: experienceSchema.optional(),
});
/** A signed-in staff member, set on `req.staff` by the session middleware. */
export type Staff = z.infer<typeof staffSchema>;

declare module "express-serve-static-core" {
  interface Request {
    staff?: Staff;
  }
}

export function hasRole(staff: Staff | undefined, roles: readonly Role[]): boolean {
  return Boolean(staff && (staff.role === "admin" || roles.includes(staff.role)));
}

/** 401 without a staff session, 403 with the wrong role. */
export function requireRole(...roles: Role[]) {
  return (req: Request, _res: Response, next: NextFunction): void => {
    if (!req.staff) return next(new HttpError(401, "unauthenticated", "Sign in as staff to use this route."));
    if (!hasRole(req.staff, roles)) {
      return next(new HttpError(403, "forbidden", `This route needs the role ${roles.join(" or ")}; you are ${req.staff.role}.`));
    }
    next();
  };
}
