// Customer context a host site may pass beside the signed identity: the customer's service issues,
// consent flags and tier. It is signed by the host's server like the identity (HMAC-SHA256 with the
// site's secret over "<userId>\n<data>", where data is the JSON text passed verbatim); Keel keeps
// it only when the identity and this signature both verify, and never trusts it otherwise.
import { z } from "zod";
import { incomingText } from "./normalise.ts";

/** Bounds: a context is a few facts about one customer, never a data dump. */
export const MAX_CONTEXT_JSON_CHARS = 4000;
export const MAX_SERVICE_ISSUES = 10;

export const serviceIssueSchema = z
  .object({
    id: incomingText().trim().min(1).max(64),
    summary: incomingText().trim().min(1).max(200),
    status: z.enum(["open", "pending", "resolved"]),
  })
  .strict();
export type ServiceIssue = z.infer<typeof serviceIssueSchema>;

/** What Keel may use about a customer once the host has signed it. */
export const customerFactsSchema = z
  .object({
    issues: z.array(serviceIssueSchema).max(MAX_SERVICE_ISSUES).default([]),
    consent: z.object({ marketing: z.boolean().optional() }).strict().default({}),
    tier: incomingText().trim().min(1).max(40).nullable().default(null),
  })
  .strict();
export type CustomerFacts = z.infer<typeof customerFactsSchema>;

/** The wire form: the facts as the exact JSON text the host signed, and the signature. */
export const signedContextSchema = z
  .object({
    data: z.string().min(2).max(MAX_CONTEXT_JSON_CHARS, `signed context is longer than ${MAX_CONTEXT_JSON_CHARS} characters`),
    signature: z.string().regex(/^[0-9a-f]{64}$/i, "signature must be a hex HMAC-SHA256"),
  })
  .strict();
export type SignedContext = z.infer<typeof signedContextSchema>;

/** The customer fields an answer can use; each answer records the ones it did. */
export const customerFieldSchema = z.enum(["open_issues", "consent.marketing", "tier"]);
export type CustomerField = z.infer<typeof customerFieldSchema>;
