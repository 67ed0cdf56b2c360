// The OpenAPI 3.1 document served at /api/v1/openapi.json. Request bodies come from the same zod
// schemas the routes validate with, so the document cannot drift from what the server accepts.
import { z } from "zod";
import { turnResultSchema } from "../../protocol/turn-result.ts";
import { createConversationBody, followUpBody, postMessageBody } from "./customer-routes.ts";
import { checkBody, loginBody, passwordBody, noteBody, replyBody, resolveBody } from "./staff-routes.ts";
import { messageSchema, statusEventSchema, ticketSchema } from "../../protocol/messages.ts";
import { insightsSchema } from "../../protocol/insights.ts";
import { ratingBody, ratingCreated } from "../ratings/ratings.ts";
import { suggestionsResponse } from "./suggestions-route.ts";

const json = (schema: z.ZodType) => ({ "application/json": { schema: z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) } });
const body = (schema: z.ZodType) => ({ required: true, content: json(schema) });
const ok = (description: string, schema?: z.ZodType) => ({ description, ...(schema ? { content: json(schema) } : {}) });
const errors = {
  "400": { description: "Invalid request: {error: {code, message, details}}" },
  "401": { description: "Not authenticated" },
  "429": { description: "Rate limited" },
  "503": { description: "Database unreachable for now: {error: {code: database_unavailable}} with Retry-After; retry" },
};
const staffErrors = { ...errors, "403": { description: "Wrong role or missing x-csrf-token on a cookie write" } };
const conversationId = [{ name: "id", in: "path", required: true, schema: { type: "string", format: "uuid" } }];
const ticketId = [{ name: "id", in: "path", required: true, schema: { type: "string", pattern: "^\\d+$" } }];

export function openApiDocument(): object {
  return {
    openapi: "3.1.0",
    info: { title: "Keel API", version: "1.0.0", description: "Customer conversations, the human handoff queue and the policy knowledge base." },
    servers: [{ url: "/api/v1" }],
    components: {
      securitySchemes: {
        conversationToken: { type: "http", scheme: "bearer", description: "The token returned when the conversation was created." },
        staffSession: { type: "apiKey", in: "cookie", name: "keel_session", description: "Set by /auth/login; writes also need x-csrf-token." },
        staffToken: { type: "http", scheme: "bearer", description: "A staff API token (keel_staff_…), from `keel users token`." },
      },
    },
    paths: {
      "/conversations": {
        post: {
          summary: "Start a conversation (optionally with a signed identity)",
          requestBody: { required: false, content: json(createConversationBody) },
          responses: { "201": ok("{id, token}", z.object({ id: z.string(), token: z.string() })), ...errors },
        },
      },
      "/conversations/{id}/messages": {
        post: {
          summary: "Send a customer message; Keel's reply in the `keel chat --jsonl` shape",
          parameters: conversationId,
          security: [{ conversationToken: [] }],
          requestBody: body(postMessageBody),
          responses: {
            "200": ok("Keel's reply", turnResultSchema),
            "202": ok("A human owns the conversation", z.object({ outcome: z.literal("queued_for_agent") })),
            ...errors,
          },
        },
        get: {
          summary: "The transcript",
          parameters: [...conversationId, { name: "after", in: "query", schema: { type: "string" } }],
          security: [{ conversationToken: [] }],
          responses: { "200": ok("Messages and status", z.object({ messages: z.array(messageSchema), status: statusEventSchema })), ...errors },
        },
      },
      "/conversations/{id}/human": {
        post: {
          summary: "Ask for a person",
          parameters: conversationId,
          security: [{ conversationToken: [] }],
          responses: { "202": ok("Queued"), ...errors },
        },
      },
      "/conversations/{id}/follow-up": {
        post: {
          summary: "Leave an email for follow-up",
          parameters: conversationId,
          security: [{ conversationToken: [] }],
          requestBody: body(followUpBody),
          responses: { "204": ok("Saved"), ...errors },
        },
      },
      "/conversations/{id}/rating": {
        post: {
          summary: "Rate the conversation (helpful, optional 1–5 score and comment); a second rating replaces the first and keeps its id",
          parameters: conversationId,
          security: [{ conversationToken: [] }],
          requestBody: body(ratingBody),
          responses: { "201": ok("{id}", ratingCreated), ...errors },
        },
      },
      "/suggestions": {
        get: {
          summary: "Up to three sample questions from the customer policies in force, the most asked-about policy first (the widget's suggestions)",
          parameters: [{ name: "limit", in: "query", schema: { type: "integer", minimum: 1, maximum: 3 } }],
          responses: { "200": ok("{questions}", suggestionsResponse), ...errors },
        },
      },
      "/insights": {
        get: {
          summary: "Weekly and per-policy insights (admin or policy owner); definitions in the README",
          parameters: [
            { name: "from", in: "query", schema: { type: "string", format: "date" } },
            { name: "to", in: "query", schema: { type: "string", format: "date" } },
          ],
          security: [{ staffSession: [] }, { staffToken: [] }],
          responses: { "200": ok("Totals, weeks and policies", insightsSchema), ...staffErrors },
        },
      },
      "/auth/login": {
        post: {
          summary: "Staff sign-in; sets the session cookie",
          requestBody: body(loginBody),
          responses: { "200": ok("{staff, csrfToken}"), ...errors },
        },
      },
      "/auth/me": {
        get: { summary: "The signed-in staff member", security: [{ staffSession: [] }], responses: { "200": ok("{staff, csrfToken}"), ...errors } },
      },
      "/auth/logout": {
        post: {
          summary: "Sign out: ends this session and closes the consoles opened with it",
          security: [{ staffSession: [] }],
          responses: { "204": ok("Signed out") },
        },
      },
      "/auth/password": {
        post: {
          summary: "Change your password: ends every browser session of the account and closes its consoles",
          security: [{ staffSession: [] }],
          requestBody: body(passwordBody),
          responses: { "204": ok("Changed; sign in again"), ...errors },
        },
      },
      "/handoffs": {
        get: {
          summary: "The queue (agent)",
          security: [{ staffSession: [] }, { staffToken: [] }],
          responses: { "200": ok("{tickets}", z.object({ tickets: z.array(ticketSchema) })), ...staffErrors },
        },
      },
      "/handoffs/{id}": {
        get: {
          summary: "A ticket with its conversation, context, notes and events (agent)",
          parameters: ticketId,
          security: [{ staffSession: [] }, { staffToken: [] }],
          responses: { "200": ok("Ticket"), "404": ok("No such ticket"), ...staffErrors },
        },
      },
      "/handoffs/{id}/claim": {
        post: {
          summary: "Claim a ticket: exactly one agent wins",
          parameters: ticketId,
          security: [{ staffSession: [] }, { staffToken: [] }],
          responses: { "200": ok("{ticket}"), "409": ok("Already claimed or resolved"), ...staffErrors },
        },
      },
      "/handoffs/{id}/reply": {
        post: {
          summary: "Reply to the customer (the claiming agent)",
          parameters: ticketId,
          requestBody: body(replyBody),
          security: [{ staffSession: [] }, { staffToken: [] }],
          responses: { "200": ok("{message}"), ...staffErrors },
        },
      },
      "/handoffs/{id}/notes": {
        post: {
          summary: "Internal note",
          parameters: ticketId,
          requestBody: body(noteBody),
          security: [{ staffSession: [] }, { staffToken: [] }],
          responses: { "201": ok("{note}"), ...staffErrors },
        },
      },
      "/handoffs/{id}/suggest": {
        post: {
          summary: "A grounded suggested reply with citations",
          parameters: ticketId,
          security: [{ staffSession: [] }, { staffToken: [] }],
          responses: { "200": ok("{suggestion}"), ...staffErrors },
        },
      },
      "/handoffs/{id}/return": {
        post: {
          summary: "Hand the conversation back to Keel",
          parameters: ticketId,
          security: [{ staffSession: [] }, { staffToken: [] }],
          responses: { "200": ok("{ticket}"), ...staffErrors },
        },
      },
      "/handoffs/{id}/resolve": {
        post: {
          summary: "Resolve with a disposition",
          parameters: ticketId,
          requestBody: body(resolveBody),
          security: [{ staffSession: [] }, { staffToken: [] }],
          responses: { "200": ok("{ticket}"), ...staffErrors },
        },
      },
      "/check": {
        post: {
          summary: "Grounding check of a draft against the policies in force",
          requestBody: body(checkBody),
          security: [{ staffSession: [] }, { staffToken: [] }],
          responses: { "200": ok("{supported, claims}"), ...staffErrors },
        },
      },
      "/policies": {
        get: {
          summary: "Policies (policy owner); see the policy routes in server/policies/router.ts",
          security: [{ staffSession: [] }, { staffToken: [] }],
          responses: { "200": ok("Policies"), ...staffErrors },
        },
      },
    },
  };
}
