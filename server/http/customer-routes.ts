// The customer side of the HTTP API (/api/v1/conversations): for integrations and clients that do
// not hold a websocket. Each conversation is opened by its own bearer token and nothing else.
import express, { type NextFunction, type Request, type Response } from "express";
import { z } from "zod";
import { turnInputSchema } from "../../protocol/turn-result.ts";
import { MAX_MESSAGE_CHARS } from "../../config/limits.ts";
import { incomingText } from "../../protocol/normalise.ts";
import { identitySchema, verifyIdentity } from "../auth/identity.ts";
import { verifyCustomerContext } from "../auth/customer-context.ts";
import { saveSignedContext } from "../conversations/customer-facts.ts";
import { signedContextSchema } from "../../protocol/customer-context.ts";
import {
  authorizeConversation,
  ClientIdConflict,
  createConversation,
  listMessages,
  setFollowUpEmail,
  toMessage,
  type ConversationRow,
} from "../conversations/store.ts";
import { requestHuman, sendCustomerMessage, statusOf, type Desk } from "../conversations/turns.ts";
import { openTicketOf } from "../handoff/tickets.ts";
import { RateLimited, type Limits } from "../limits/rate-limits.ts";
import { ratingBody, saveRating } from "../ratings/ratings.ts";
import { clientIdSchema } from "../../protocol/customer.ts";
import { HttpError, parseOr400 } from "./errors.ts";

/** What the host page knows about the conversation; an order date makes Keel answer under the
 *  policies in force on that date (unless a message gives its own as_of). */
export const conversationContextSchema = z
  .object({
    order_date: turnInputSchema.shape.as_of,
    order_id: incomingText().trim().min(1).max(100).optional(),
  })
  .strict();
/** signed_context: the customer's issues, consent and tier, signed beside the identity (kept only when both verify). */
export const createConversationBody = z
  .object({
    identity: identitySchema.optional(),
    context: conversationContextSchema.optional(),
    signed_context: signedContextSchema.optional(),
  })
  .strict();
export const postMessageBody = z
  .object({
    text: incomingText().trim().min(1, "text is empty").max(MAX_MESSAGE_CHARS, `text is longer than ${MAX_MESSAGE_CHARS} characters`),
    as_of: turnInputSchema.shape.as_of,
    client_id: clientIdSchema.optional(),
  })
  .strict();
export const followUpBody = z.object({ email: incomingText().trim().email().max(254) }).strict();
const idParam = z.object({ id: z.string().uuid("conversation id must be a UUID") });
const afterQuery = z.object({
  after: z
    .string()
    .regex(/^\d{1,18}$/)
    .optional(),
});

declare module "express-serve-static-core" {
  interface Request {
    conversation?: ConversationRow;
  }
}

export function customerRouter(desk: Desk, limits: Limits): express.Router {
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

  /** One of the address's turns in flight, or a 429 saying when to retry. */
  function turnOf(req: Request, res: Response): () => void {
    try {
      return limits.beginTurn(req.ip ?? "unknown");
    } catch (err) {
      if (!(err instanceof RateLimited)) throw err;
      res.set("retry-after", String(Math.ceil(err.retryAfterMs / 1000)));
      throw new HttpError(429, "rate_limited", err.message, { retryAfterMs: err.retryAfterMs }, { cause: err });
    }
  }

  router.post("/", limits.http("conversations"), async (req, res) => {
    const body = parseOr400(createConversationBody, req.body ?? {});
    let who = {};
    if (body.identity) {
      if (!(await verifyIdentity(desk.pool, body.identity)))
        throw new HttpError(401, "invalid_identity", "The identity signature does not match this site's secret.");
      who = { site: body.identity.site, customerId: body.identity.userId, verified: true, name: body.identity.name ?? null };
    }
    const created = await createConversation(desk.pool, { ...who, context: body.context ?? {} });
    // Context is trusted only when signed for this verified customer; otherwise it is dropped, not refused.
    if (body.signed_context) {
      const check = body.identity
        ? await verifyCustomerContext(desk.pool, body.identity.site, body.identity.userId, body.signed_context)
        : { facts: null, reason: "no signed identity" };
      if (check.facts) await saveSignedContext(desk.pool, created.id, check.facts);
      else desk.log("warn", "customer context ignored", { conversation: created.id, reason: check.reason });
    }
    res.status(201).json(created);
  });

  router.post("/:id/messages", conversationAuth, limits.http("messages"), async (req, res) => {
    const body = parseOr400(postMessageBody, req.body);
    const release = turnOf(req, res);
    let sent;
    try {
      sent = await sendCustomerMessage(desk, req.conversation!.id, { clientId: body.client_id, text: body.text, as_of: body.as_of });
    } catch (err) {
      if (err instanceof ClientIdConflict) throw new HttpError(409, err.code, err.message, undefined, { cause: err });
      throw err;
    } finally {
      release();
    }
    if (sent.kind === "queued") res.status(202).json({ outcome: "queued_for_agent" });
    else res.status(200).json(sent.result);
  });

  router.get("/:id/messages", conversationAuth, limits.http("transcript"), async (req, res) => {
    const { after } = parseOr400(afterQuery, req.query, "query");
    const conv = req.conversation!;
    res.json({ messages: (await listMessages(desk.pool, conv.id, after)).map(toMessage), status: await statusOf(desk, conv) });
  });

  router.post("/:id/human", conversationAuth, limits.http("handoff"), async (req, res) => {
    res.status(202).json({ status: await requestHuman(desk, req.conversation!.id) });
  });

  router.post("/:id/follow-up", conversationAuth, limits.http("handoff"), async (req, res) => {
    const { email } = parseOr400(followUpBody, req.body);
    await setFollowUpEmail(desk.pool, req.conversation!.id, email);
    const ticket = await openTicketOf(desk.pool, req.conversation!.id);
    if (ticket) desk.notifier.ticketChanged({ ...ticket, followUpEmail: email });
    res.status(204).end();
  });

  /** The customer's rating of the conversation; a second one replaces the first (same id). */
  router.post("/:id/rating", conversationAuth, limits.http("ratings"), async (req, res) => {
    const body = parseOr400(ratingBody, req.body);
    res.status(201).json({ id: await saveRating(desk.pool, req.conversation!.id, body) });
  });

  return router;
}
