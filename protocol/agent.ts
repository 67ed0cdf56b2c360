// The /agent socket.io namespace (the human-agent console). The browser connects with the
// staff session cookie set by POST /api/v1/auth/login (or auth: {token} with a staff API token);
// only the roles agent and admin may connect, from Keel's own origin or one in KEEL_STAFF_ORIGINS
// ("forbidden_origin" otherwise). Every client event takes an ack callback. When the session's
// access is taken back (logout, password change, disabled account, revoked token) the server sends
// "session:ended" {reason} and closes the socket.
//
// client → server
//   "queue"               {}                              ack {ok, tickets}
//   "ticket:claim"        {ticketId}                       ack {ok, ticket} | {ok:false, error:{code:"already_claimed"}}
//   "conversation:open"   {conversationId}                 ack {ok, conversation: {id, status, customer}, messages: StaffMessage[], ticket, notes}
//   "reply"               {conversationId, clientId, text} ack {ok, message}   (only the claiming agent)
//   "typing"              {conversationId, typing}
//   "suggest"             {conversationId}                 ack {ok, suggestion: {text, outcome, citations, grounding}}
//   "check"               {text}                           ack {ok, supported, claims: [{text, supported, verdict, evidence, source, correction}]}
//                                                          (a flagged sentence: evidence is the policy sentence that governs it, correction what to write instead or null)
//   "note"                {conversationId, text}           ack {ok, note}
//   "return"              {conversationId}                 ack {ok}   (hand the conversation back to Keel)
//   "resolve"             {ticketId, disposition}          ack {ok, ticket}
// server → client
//   "ticket"        Ticket                     (one ticket changed)
//   "message"       StaffMessage               (conversations this agent opened)
//   "typing"        {conversationId, who: "customer", typing}
//   "presence"      {agentsOnline}
//   "suggestion"    {conversationId, text, citations}   (Keel's draft for each customer message while a human owns it)
//   "session:ended" {reason: "signed_out"|"password_changed"|"account_disabled"|"revoked"|"session_ended"}
import { z } from "zod";
import { MAX_MESSAGE_CHARS } from "../config/limits.ts";
import { incomingText } from "./normalise.ts";
import { clientIdSchema } from "./customer.ts";
import { dispositionSchema } from "./messages.ts";

const id = z.string().regex(/^\d{1,18}$/, "must be a numeric id");
const conversationId = z.string().uuid();

export const agentEvents = {
  queue: z.object({}).strict(),
  "ticket:claim": z.object({ ticketId: id }).strict(),
  "conversation:open": z.object({ conversationId }).strict(),
  reply: z.object({ conversationId, clientId: clientIdSchema, text: incomingText().trim().min(1).max(MAX_MESSAGE_CHARS) }).strict(),
  typing: z.object({ conversationId, typing: z.boolean() }).strict(),
  suggest: z.object({ conversationId }).strict(),
  check: z.object({ text: incomingText().trim().min(1).max(MAX_MESSAGE_CHARS), conversationId: conversationId.optional() }).strict(),
  note: z.object({ conversationId, text: incomingText().trim().min(1).max(4000) }).strict(),
  return: z.object({ conversationId }).strict(),
  resolve: z.object({ ticketId: id, disposition: dispositionSchema }).strict(),
} as const;
