// The knowledge base's policies as the console shows them: the list with what is in force, a
// policy's versions, the line diff between two, and its audit trail. kb/ computes them; the server
// sends them as they are.
import { z } from "zod";

export const policySummarySchema = z.object({
  policy: z.string(),
  title: z.string(),
  owner: z.string().nullable(),
  /** The version in force today, or null when none is (future-dated, ended or retired). */
  currentVersion: z.number().nullable(),
  latestVersion: z.number(),
  versions: z.number(),
  effectiveFrom: z.string().nullable(),
  effectiveTo: z.string().nullable(),
  reviewBy: z.string().nullable(),
  review: z.enum(["ok", "overdue", "none"]),
  handoffRequired: z.boolean(),
  status: z.enum(["in_force", "scheduled", "ended", "retired", "draft"]),
});
export type PolicySummary = z.infer<typeof policySummarySchema>;

export type VersionInfo = {
  policy: string;
  version: number;
  status: "draft" | "published" | "retired";
  title: string;
  effectiveFrom: string;
  effectiveTo: string | null;
  reviewBy: string | null;
  createdBy: string | null;
  createdAt: string;
  publishedAt: string | null;
  contentHash: string;
};

/** One line of the diff; `before`/`after` are its line numbers in the old and new source (null where it does not appear). */
export type DiffLine = { op: "same" | "added" | "removed"; text: string; before: number | null; after: number | null };

export type AuditAction = "create" | "edit" | "publish" | "retire" | "import" | "attach_questions" | "resolve_gap" | "reindex";
export type AuditEntry = {
  id: string;
  policy: string;
  version: number | null;
  action: AuditAction;
  actor: string;
  details: Record<string, unknown>;
  at: string;
};
