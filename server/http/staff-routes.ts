// Staff HTTP routes: sign-in, and the handoff queue for agents (/api/v1/handoffs). The console
// uses the socket for the same actions; scripts and integrations use these.
import express from "express";
import { rateLimit } from "express-rate-limit";
import { z } from "zod";
import { MAX_MESSAGE_CHARS, RATE_LIMITS, STAFF_SESSION_HOURS } from "../../config/limits.ts";
import { requireRole } from "../auth/roles.ts";
import { SESSION_COOKIE, staffTokenFrom } from "../auth/session.ts";
import { checkCredentials, createSession, deleteSession, findSession } from "../auth/staff-store.ts";
import type { Desk } from "../conversations/turns.ts";
import { ActionError, addNote, checkDraft, claim, openConversation, reply, resolve, returnToKeel, suggest } from "../handoff/agent-actions.ts";
import { getTicket, listQueue, ticketEvents } from "../handoff/tickets.ts";
import { clientIdSchema } from "../protocol/customer.ts";
import { incomingText } from "../../kb/text/normalise.ts";
import { dispositionSchema } from "../protocol/messages.ts";
import { HttpError, parseOr400 } from "./errors.ts";

export const loginBody = z.object({ email: incomingText().trim().max(254), password: z.string().min(1).max(1000) }).strict();
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
    throw err;
  }
}

export function authRouter(desk: Desk, options: { secureCookies: boolean }): express.Router {
  const router = express.Router();
  const loginLimit = rateLimit({
    windowMs: 15 * 60_000, limit: RATE_LIMITS.loginsPer15Minutes, standardHeaders: "draft-8", legacyHeaders: false,
    handler: (_req, _res, next) => next(new HttpError(429, "rate_limited", "Too many sign-in attempts; wait 15 minutes.")),
  });

  router.post("/login", loginLimit, async (req, res) => {
    const { email, password } = parseOr400(loginBody, req.body);
    const staff = await checkCredentials(desk.pool, email, password);
    if (!staff) throw new HttpError(401, "invalid_credentials", "Wrong email or password.");
    const { token, csrfToken } = await createSession(desk.pool, staff.id);
    res.cookie(SESSION_COOKIE, token, {
      httpOnly: true, sameSite: "strict", secure: options.secureCookies, path: "/", maxAge: STAFF_SESSION_HOURS * 3_600_000,
    });
    desk.log("info", "staff signed in", { staff: staff.id, role: staff.role });
    res.json({ staff, csrfToken });
  });

  router.get("/me", async (req, res) => {
    const found = staffTokenFrom(req.headers);
    const session = found ? await findSession(desk.pool, found.token) : null;
    if (!session || !req.staff) throw new HttpError(401, "unauthenticated", "Not signed in.");
    res.json({ staff: session.staff, csrfToken: session.csrfToken });
  });

  router.post("/logout", async (req, res) => {
    const found = staffTokenFrom(req.headers);
    if (found && req.staff) await deleteSession(desk.pool, found.token);
    res.clearCookie(SESSION_COOKIE, { path: "/" });
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
      throw new HttpError(status, result.code, result.code === "already_claimed" ? `${result.ticket?.claimedBy?.displayName ?? "Another agent"} already claimed this ticket.` : `The ticket is ${result.code.replace("_", " ")}.`);
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
    res.json({ suggestion: await act(async () => suggest(desk, await conversationOf(id))) });
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
