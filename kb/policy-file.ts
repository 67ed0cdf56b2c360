// Reads a policy written as Markdown with optional YAML front matter into a validated document.
import { createHash } from "node:crypto";
import path from "node:path";
import matter from "gray-matter";
import { z } from "zod";
import { MAX_POLICY_CHARS } from "../config/limits.ts";
import { normaliseDeep } from "../protocol/normalise.ts";

const isoDate = z.preprocess(
  (v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v),
  z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "expected a date as YYYY-MM-DD"),
);
const tagList = z.preprocess((v) => (typeof v === "string" ? [v] : (v ?? [])), z.array(z.string().min(1)));

export const frontMatterSchema = z
  .object({
    id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9._-]*$/, "ids are lower-case letters, digits, '.', '_' or '-'")
      .optional(),
    title: z.string().min(1).optional(),
    owner: z.string().optional(),
    product: tagList,
    topic: tagList,
    effective_from: isoDate.optional(),
    effective_to: isoDate.optional(),
    review_by: isoDate.optional(),
    handoff: z.enum(["required", "optional", "none"]).optional(),
    /** Staff documents are never quoted to customers (they still decide handoffs and reach agents). */
    audience: z.enum(["customer", "staff"]).optional(),
    /** A promotion (offers, upsells, loyalty promotions) is suppressed for a customer with an open
     *  service issue or without marketing consent. */
    kind: z.enum(["policy", "promotion"]).optional(),
    questions: z.array(z.string().min(1)).default([]),
  })
  .loose();

export const policyDocumentSchema = z.object({
  id: z.string(),
  title: z.string(),
  owner: z.string().nullable(),
  products: z.array(z.string()),
  topics: z.array(z.string()),
  effectiveFrom: z.string(),
  effectiveTo: z.string().nullable(),
  reviewBy: z.string().nullable(),
  handoffRequired: z.boolean(),
  audience: z.enum(["customer", "staff"]),
  kind: z.enum(["policy", "promotion"]).default("policy"),
  questions: z.array(z.string()),
  /** Markdown without the front matter: chunk offsets index into this. */
  body: z.string(),
  source: z.string(),
  contentHash: z.string(),
  sourcePath: z.string().nullable(),
});
export type PolicyDocument = z.infer<typeof policyDocumentSchema>;

/** Default effective date for a file that names none: the day it is imported. */
function today(): string {
  return new Date().toISOString().slice(0, 10);
}

export function parsePolicy(source: string, sourcePath: string | null, defaults: { effectiveFrom?: string } = {}): PolicyDocument {
  const where = sourcePath ?? "policy";
  if (source.length > MAX_POLICY_CHARS) {
    throw new Error(`${where} is ${source.length} characters; the limit is ${MAX_POLICY_CHARS}: split it into several policies.`);
  }
  let parsed: matter.GrayMatterFile<string>;
  try {
    // gray-matter caches by content; pass an options object to keep each parse independent.
    parsed = matter(source, {});
  } catch (err) {
    throw new Error(`${where}: the YAML front matter does not parse: ${(err as Error).message}`, { cause: err });
  }
  // YAML escapes ("\u0000", "\u202E") decode to the characters the source was normalised to be
  // free of: the values are normalised again, as decoded.
  const fm = frontMatterSchema.safeParse(normaliseDeep(parsed.data));
  if (!fm.success) {
    const detail = fm.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`${where}: invalid front matter (${detail})`, { cause: fm.error });
  }
  const meta = fm.data;
  const body = parsed.content.replace(/^\s*\n/, "");
  const heading = body.match(/^#\s+(.+?)\s*#*\s*$/m)?.[1];
  const fileId = sourcePath
    ? path
        .basename(sourcePath)
        .replace(/\.(md|markdown)$/i, "")
        .toLowerCase()
        .replace(/[^a-z0-9._-]+/g, "-")
    : undefined;
  const id = meta.id ?? fileId;
  if (!id) throw new Error(`${where}: no id in the front matter and no file name to take one from`);
  const title = meta.title ?? heading ?? id;
  if (!body.trim()) throw new Error(`${where}: the policy has no text`);
  const effectiveFrom = meta.effective_from ?? defaults.effectiveFrom ?? today();
  if (meta.effective_to && meta.effective_to < effectiveFrom) {
    throw new Error(`${where}: effective_to (${meta.effective_to}) is before effective_from (${effectiveFrom})`);
  }
  return {
    id,
    title,
    owner: meta.owner ?? null,
    products: meta.product,
    topics: meta.topic,
    effectiveFrom,
    effectiveTo: meta.effective_to ?? null,
    reviewBy: meta.review_by ?? null,
    handoffRequired: meta.handoff === "required",
    // A title that says "Internal" is a staff document even when its front matter forgets to.
    audience: meta.audience ?? (/^\s*internal\b/i.test(title) ? "staff" : "customer"),
    kind: meta.kind ?? "policy",
    questions: meta.questions,
    body,
    source,
    // Hash what defines the version: its metadata and text, not the file's path or line endings.
    contentHash: createHash("sha256")
      .update(JSON.stringify({ ...meta, id, title, effectiveFrom, body: body.replace(/\r\n/g, "\n").trim() }))
      .digest("hex"),
    sourcePath,
  };
}
