// The /customer socket.io namespace (the widget). Connect with
//   io("/customer", { auth: { conversationId, token } })
// after creating a conversation with POST /api/v1/conversations. A wrong or missing token is
// refused at connection ("unauthorized"), as is a socket past the per-address cap
// ("too_many_connections"). Every client event takes an ack callback. Past a rate limit the ack is
// {ok:false, error:{code:"rate_limited", message, retryAfterMs}} (config/limits.ts RATE_LIMITS).
//
// client → server
//   "message:send"  {clientId, text, as_of?}   ack {ok, message}     (idempotent by clientId; the
//                                                same clientId with another text: "client_id_conflict")
//   "transcript"    {after?}                   ack {ok, messages, status}
//   "typing"        {typing}                   (no ack needed)
//   "human:request" {}                          ack {ok, status}      (the "talk to a person" button)
//   "followup"      {email}                    ack {ok}              (no agent online: leave an email)
// server → client
//   "message"        Message                    (customer echo, Keel, agent and system messages)
//   "message:partial" {conversationId, replyTo, index, text}   (model mode: one verified sentence)
//   "typing"         {who: "keel"|"agent", name, typing}
//   "status"         StatusEvent
import { z } from "zod";
import { MAX_MESSAGE_CHARS } from "../config/limits.ts";
import { turnInputSchema } from "./turn-result.ts";
import { incomingText } from "./normalise.ts";

export const clientIdSchema = z
  .string()
  .min(8)
  .max(64)
  .regex(/^[\w-]+$/, "clientId must be letters, digits, - or _");

export const customerEvents = {
  "message:send": z
    .object({
      clientId: clientIdSchema,
      text: incomingText().trim().min(1, "message is empty").max(MAX_MESSAGE_CHARS, `message is longer than ${MAX_MESSAGE_CHARS} characters`),
      as_of: turnInputSchema.shape.as_of,
    })
    .strict(),
  transcript: z
    .object({
      after: z
        .string()
        .regex(/^\d{1,18}$/)
        .optional(),
    })
    .strict(),
  typing: z.object({ typing: z.boolean() }).strict(),
  "human:request": z.object({}).strict(),
  followup: z.object({ email: incomingText().trim().email().max(254) }).strict(),
} as const;

export const customerAuthSchema = z.object({
  conversationId: z.string().uuid(),
  token: z.string().min(20).max(200),
});

export const typingEventSchema = z.object({ who: z.enum(["keel", "agent"]), name: z.string().nullable(), typing: z.boolean() });
export const partialEventSchema = z.object({ conversationId: z.string(), replyTo: z.string(), index: z.number().int(), text: z.string() });
export type PartialEvent = z.infer<typeof partialEventSchema>;
