// Staff HTTP routes: sign-in, and the handoff queue for agents (/api/v1/handoffs). The console
// uses the socket for the same actions; scripts and integrations use these.
import express from "express";
import { z } from "zod";
import { MAX_MESSAGE_CHARS, MIN_PASSWORD_CHARS, STAFF_SESSION_HOURS } from "../../config/limits.ts";
import { requireRole } from "../auth/roles.ts";
import { SESSION_COOKIE, staffTokenFrom } from "../auth/session.ts";
import { checkCredentials, createSession, deleteSession, findSession, setPassword } from "../auth/staff-store.ts";
import { ClientIdConflict } from "../conversations/store.ts";
import type { Desk } from "../conversations/turns.ts";
import { ActionError, addNote, checkDraft, claim, openConversation, reply, resolve, returnToKeel, suggest } from "../handoff/agent-actions.ts";
import { recordSuggestion } from "../insights/help-events.ts";
import { getTicket, listQueue, ticketEvents } from "../handoff/tickets.ts";
import type { Limits } from "../limits/rate-limits.ts";
import { AccountLocked, type SignInLockout } from "../limits/sign-in-lockout.ts";
import { clientIdSchema } from "../../protocol/customer.ts";
import { incomingText } from "../../protocol/normalise.ts";
import { dispositionSchema } from "../../protocol/messages.ts";
import { HttpError, parseOr400 } from "./errors.ts";

export const loginBody = z.object({ email: incomingText().trim().max(254), password: z.string().min(1).max(1000) }).strict();
export const passwordBody = z
  .object({
    current_password: z.string().min(1).max(1000),
    new_password: z.string().min(MIN_PASSWORD_CHARS, `the new password must be at least ${MIN_PASSWORD_CHARS} characters`).max(1000),
  })
  .strict();
export const replyBody = z.object({ text: incomingText().trim().min(1).max(MAX_MESSAGE_CHARS), client_id: clientIdSchema }).strict();
export const noteBody = z.object({ text: incomingText().trim().min(1).max(4000) }).strict();
export const resolveBody = z.object({ disposition: dispositionSchema }).strict();
export const checkBody = z.object({ text: incomingText().trim().min(1).max(MAX_MESSAGE_CHARS) }).strict();
const ticketParam = z.object({ id: z.string().regex(/^\d{1,18}$/, "ticket id must be numeric") });

const STATUS_OF: Record<ActionError["code"], number> = { not_found: 404, not_yours: 403, already_claimed: 409, resolved: 409, not_handed_off: 409 };

async function act<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof ActionError) throw new HttpError(STATUS_OF[err.code], err.code, err.message, undefined, { cause: err });
    if (err instanceof ClientIdConflict) throw new HttpError(409, err.code, err.message, undefined, { cause: err });
    throw err;
  }
}

/** A locked account answers 429 with when to retry, whatever the password. */
function lockedError(err: AccountLocked, res: express.Response): HttpError {
  res.set("retry-after", String(Math.ceil(err.retryAfterMs / 1000)));
  return new HttpError(429, "account_locked", err.message, { retryAfterMs: err.retryAfterMs }, { cause: err });
}

export function authRouter(desk: Desk, options: { secureCookies: boolean; limits: Limits; lockout: SignInLockout }): express.Router {
  const router = express.Router();
  const { lockout } = options;
  // Secure whenever the setting says so, and always when the request came over HTTPS (directly or
  // through a trusted proxy's X-Forwarded-Proto): the cookie then never travels in clear text.
  const cookieOptions = (req: express.Request) => ({
    httpOnly: true,
    sameSite: "strict" as const,
    secure: options.secureCookies || req.secure,
    path: "/",
  });

  /** Checks a password under the per-account lockout: counts a failure, clears the count on success. */
  async function verified(email: string, password: string, res: express.Response) {
    try {
      await lockout.check(email);
    } catch (err) {
      if (err instanceof AccountLocked) throw lockedError(err, res);
      throw err;
    }
    const staff = await checkCredentials(desk.pool, email, password);
    if (staff) await lockout.succeeded(email);
    else await lockout.failed(email);
    return staff;
  }

  router.post("/login", options.limits.http("logins"), async (req, res) => {
    const { email, password } = parseOr400(loginBody, req.body);
    const staff = await verified(email, password, res);
    if (!staff) throw new HttpError(401, "invalid_credentials", "Wrong email or password.");
    const { token, csrfToken } = await createSession(desk.pool, staff.id);
    res.cookie(SESSION_COOKIE, token, { ...cookieOptions(req), maxAge: STAFF_SESSION_HOURS * 3_600_000 });
    desk.log("info", "staff signed in", { staff: staff.id, role: staff.role });
    res.json({ staff, csrfToken });
  });

  router.get("/me", async (req, res) => {
    const found = staffTokenFrom(req.headers);
    const session = found ? await findSession(desk.pool, found.token) : null;
    if (!session || !req.staff) throw new HttpError(401, "unauthenticated", "Not signed in.");
    res.json({ staff: session.staff, csrfToken: session.csrfToken, expiresAt: session.expiresAt.toISOString() });
  });

  router.post("/logout", async (req, res) => {
    const found = staffTokenFrom(req.headers);
    const session = found && req.staff ? await findSession(desk.pool, found.token) : null;
    if (found && session) {
      await deleteSession(desk.pool, found.token);
      // Consoles opened with this session close too, on every process.
      desk.notifier.staffAccessEnded({ sessionId: session.sessionId }, "signed_out");
      desk.log("info", "staff signed out", { staff: session.staff.id });
    }
    res.clearCookie(SESSION_COOKIE, cookieOptions(req));
    res.status(204).end();
  });

  /** A new password ends every browser session of the account (this one included) and closes its
   *  consoles everywhere; API tokens stay until revoked. */
  router.post("/password", async (req, res) => {
    if (!req.staff) throw new HttpError(401, "unauthenticated", "Sign in to change your password.");
    const body = parseOr400(passwordBody, req.body);
    const staff = await verified(req.staff.email, body.current_password, res);
    if (!staff || staff.id !== req.staff.id) throw new HttpError(403, "invalid_credentials", "The current password is wrong.");
    await setPassword(desk.pool, staff.id, body.new_password);
    desk.notifier.staffAccessEnded({ staffId: staff.id }, "password_changed");
    desk.log("info", "staff password changed; sessions ended", { staff: staff.id });
    res.clearCookie(SESSION_COOKIE, cookieOptions(req));
    res.status(204).end();
  });
  return router;
}

export function handoffRouter(desk: Desk): express.Router {
  const router = express.Router();
  router.use(requireRole("agent"));

  router.get("/", async (_req, res) => {
    res.json({ tickets: await listQueue(desk.pool) });
  });

  router.get("/:id", async (req, res) => {
    const { id } = parseOr400(ticketParam, req.params, "path");
    const ticket = await getTicket(desk.pool, id);
    if (!ticket) throw new HttpError(404, "not_found", "No such ticket.");
    res.json({ ...(await openConversation(desk, ticket.conversationId)), ticket, events: await ticketEvents(desk.pool, id) });
  });

  router.post("/:id/claim", async (req, res) => {
    const { id } = parseOr400(ticketParam, req.params, "path");
    const result = await claim(desk, id, req.staff!);
    if (!result.ok) {
      const status = result.code === "not_found" ? 404 : 409;
      throw new HttpError(
        status,
        result.code,
        result.code === "already_claimed"
          ? `${result.ticket?.claimedBy?.displayName ?? "Another agent"} already claimed this ticket.`
          : `The ticket is ${result.code.replace("_", " ")}.`,
      );
    }
    res.json({ ticket: result.ticket });
  });

  async function conversationOf(id: string): Promise<string> {
    const ticket = await getTicket(desk.pool, id);
    if (!ticket) throw new HttpError(404, "not_found", "No such ticket.");
    return ticket.conversationId;
  }

  router.post("/:id/reply", async (req, res) => {
    const { id } = parseOr400(ticketParam, req.params, "path");
    const body = parseOr400(replyBody, req.body);
    const conversationId = await conversationOf(id);
    res.json({ message: await act(() => reply(desk, req.staff!, { conversationId, clientId: body.client_id, text: body.text })) });
  });

  router.post("/:id/notes", async (req, res) => {
    const { id } = parseOr400(ticketParam, req.params, "path");
    const { text } = parseOr400(noteBody, req.body);
    res.status(201).json({ note: await act(async () => addNote(desk, req.staff!, await conversationOf(id), text)) });
  });

  router.post("/:id/suggest", async (req, res) => {
    const { id } = parseOr400(ticketParam, req.params, "path");
    const conversationId = await conversationOf(id);
    const suggestion = await act(async () => suggest(desk, conversationId));
    // Counted in the insights per experience level, as the console's suggestions are.
    await recordSuggestion(desk.pool, conversationId, req.staff!, suggestion.text);
    res.json({ suggestion });
  });

  router.post("/:id/return", async (req, res) => {
    const { id } = parseOr400(ticketParam, req.params, "path");
    await act(async () => returnToKeel(desk, req.staff!, await conversationOf(id)));
    res.json({ ticket: await getTicket(desk.pool, id) });
  });

  router.post("/:id/resolve", async (req, res) => {
    const { id } = parseOr400(ticketParam, req.params, "path");
    const { disposition } = parseOr400(resolveBody, req.body);
    res.json({ ticket: await act(() => resolve(desk, req.staff!, id, disposition)) });
  });
  return router;
}

/** The grounding checker for staff drafts: POST /api/v1/check {text}. */
export function checkRouter(desk: Desk): express.Router {
  const router = express.Router();
  router.post("/", requireRole("agent", "policy_owner"), async (req, res) => {
    const { text } = parseOr400(checkBody, req.body);
    res.json(await checkDraft(desk, text));
  });
  return router;
}
