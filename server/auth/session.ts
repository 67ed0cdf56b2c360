// Who is calling: a staff session cookie (browser), a staff API token (scripts), or nobody.
// Cookie-authenticated writes must also carry the session's CSRF token in x-csrf-token; a
// bearer token is not sent by browsers on their own, so it needs none.
import { parse as parseCookie } from "cookie";
import type { NextFunction, Request, Response } from "express";
import type pg from "pg";
import { HttpError } from "../http/errors.ts";
import { findSession, type StaffSession } from "./staff-store.ts";
import { sameHash, hashSecret } from "./tokens.ts";

export const SESSION_COOKIE = "keel_session";
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function staffTokenFrom(headers: {
  cookie?: string | undefined;
  authorization?: string | undefined;
}): { token: string; via: "cookie" | "bearer" } | null {
  const auth = headers.authorization;
  if (auth?.startsWith("Bearer keel_staff_")) return { token: auth.slice(7).trim(), via: "bearer" };
  const cookie = headers.cookie ? parseCookie(headers.cookie)[SESSION_COOKIE] : undefined;
  return cookie ? { token: cookie, via: "cookie" } : null;
}

export async function resolveStaff(
  pool: pg.Pool,
  headers: { cookie?: string | undefined; authorization?: string | undefined },
): Promise<(StaffSession & { via: "cookie" | "bearer" }) | null> {
  const found = staffTokenFrom(headers);
  if (!found) return null;
  const session = await findSession(pool, found.token);
  if (!session) return null;
  // A bearer must be an API token and a cookie a browser session: neither may stand in for the other.
  if ((found.via === "bearer") !== (session.kind === "api_token")) return null;
  return { ...session, via: found.via };
}

/** Sets req.staff when a valid session or token is presented, and enforces CSRF on cookie writes. */
export function staffSession(pool: pg.Pool) {
  return async (req: Request, _res: Response, next: NextFunction): Promise<void> => {
    const session = await resolveStaff(pool, req.headers);
    if (!session) return next();
    if (session.via === "cookie" && !SAFE_METHODS.has(req.method)) {
      const sent = req.get("x-csrf-token") ?? "";
      if (!sent || !sameHash(hashSecret(sent), hashSecret(session.csrfToken))) {
        return next(new HttpError(403, "csrf", "Missing or wrong x-csrf-token header for a cookie-authenticated write."));
      }
    }
    req.staff = session.staff;
    next();
  };
}
