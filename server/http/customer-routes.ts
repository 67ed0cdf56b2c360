// The customer side of the HTTP API (/api/v1/conversations): for integrations and clients that do
// not hold a websocket. Each conversation is opened by its own bearer token and nothing else.
import express, { type NextFunction, type Request, type Response } from "express";
import { rateLimit } from "express-rate-limit";
import { z } from "zod";
import { turnInputSchema } from "../../agent/turn-result.ts";
import { MAX_MESSAGE_CHARS, RATE_LIMITS, type RateLimits } from "../../config/limits.ts";
import { incomingText } from "../../kb/text/normalise.ts";
import { identitySchema, verifyIdentity } from "../auth/identity.ts";
import { authorizeConversation, createConversation, listMessages, setFollowUpEmail, toMessage, type ConversationRow } from "../conversations/store.ts";
import { requestHuman, sendCustomerMessage, statusOf, type Desk } from "../conversations/turns.ts";
import { openTicketOf } from "../handoff/tickets.ts";
import { clientIdSchema } from "../protocol/customer.ts";
import { HttpError, parseOr400 } from "./errors.ts";

/** What the host page knows about the conversation; an order date makes Keel answer under the
 *  policies in force on that date (unless a message gives its own as_of). */
export const conversationContextSchema = z.object({
  order_date: turnInputSchema.shape.as_of,
  order_id: incomingText().trim().min(1).max(100).optional(),
}).strict();
export const createConversationBody = z.object({ identity: identitySchema.optional(), context: conversationContextSchema.optional() }).strict();
export const postMessageBody = z.object({
  text: incomingText().trim().min(1, "text is empty").max(MAX_MESSAGE_CHARS, `text is longer than ${MAX_MESSAGE_CHARS} characters`),
  as_of: turnInputSchema.shape.as_of,
  client_id: clientIdSchema.optional(),
}).strict();
export const followUpBody = z.object({ email: incomingText().trim().email().max(254) }).strict();
const idParam = z.object({ id: z.string().uuid("conversation id must be a UUID") });
const afterQuery = z.object({ after: z.string().regex(/^\d{1,18}$/).optional() });

declare module "express-serve-static-core" {
  interface Request {
    conversation?: ConversationRow;
  }
}

function limiter(limit: number, message: string) {
  return rateLimit({
    windowMs: 60_000, limit, standardHeaders: "draft-8", legacyHeaders: false,
    handler: (_req, _res, next) => next(new HttpError(429, "rate_limited", message)),
  });
}

export function customerRouter(desk: Desk, limits: RateLimits = RATE_LIMITS): express.Router {
  const router = express.Router();

  /** The conversation named in the path, opened by the bearer token; 401 for anything else. */
  async function conversationAuth(req: Request, _res: Response, next: NextFunction): Promise<void> {
    const { id } = parseOr400(idParam, req.params, "path");
    const auth = req.get("authorization") ?? "";
    const token = auth.startsWith("Bearer ") ? auth.slice(7).trim() : "";
    const conv = token ? await authorizeConversation(desk.pool, id, token) : null;
    if (!conv) return next(new HttpError(401, "unauthorized", "This conversation needs its own token: Authorization: Bearer <token>."));
    req.conversation = conv;
    next();
  }

  router.post("/", limiter(limits.conversationsPerMinute, "Too many new conversations from this address; wait a minute."), async (req, res) => {
    const body = parseOr400(createConversationBody, req.body ?? {});
    let who = {};
    if (body.identity) {
      if (!(await verifyIdentity(desk.pool, body.identity))) throw new HttpError(401, "invalid_identity", "The identity signature does not match this site's secret.");
      who = { site: body.identity.site, customerId: body.identity.userId, verified: true, name: body.identity.name ?? null };
    }
    res.status(201).json(await createConversation(desk.pool, { ...who, context: body.context ?? {} }));
  });

  router.post("/:id/messages", limiter(limits.messagesPerMinute, "Too many messages from this address; wait a minute."), conversationAuth, async (req, res) => {
    const body = parseOr400(postMessageBody, req.body);
    const sent = await sendCustomerMessage(desk, req.conversation!.id, { clientId: body.client_id, text: body.text, as_of: body.as_of });
    if (sent.kind === "queued") res.status(202).json({ outcome: "queued_for_agent" });
    else res.status(200).json(sent.result);
  });

  router.get("/:id/messages", conversationAuth, async (req, res) => {
    const { after } = parseOr400(afterQuery, req.query, "query");
    const conv = req.conversation!;
    res.json({ messages: (await listMessages(desk.pool, conv.id, after)).map(toMessage), status: await statusOf(desk, conv) });
  });

  router.post("/:id/human", conversationAuth, async (req, res) => {
    res.status(202).json({ status: await requestHuman(desk, req.conversation!.id) });
  });

  router.post("/:id/follow-up", conversationAuth, async (req, res) => {
    const { email } = parseOr400(followUpBody, req.body);
    await setFollowUpEmail(desk.pool, req.conversation!.id, email);
    const ticket = await openTicketOf(desk.pool, req.conversation!.id);
    if (ticket) desk.notifier.ticketChanged({ ...ticket, followUpEmail: email });
    res.status(204).end();
  });

  return router;
}
