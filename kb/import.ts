// Imports Markdown policies from files or folders and publishes them. Unchanged content
// (same hash as any existing version of that policy) creates no new version.
import fs from "node:fs";
import path from "node:path";
import type pg from "pg";
import { recordAudit } from "./authoring/audit.ts";
import type { Embedder } from "./embed/embedder.ts";
import { parsePolicy, type PolicyDocument } from "./policy-file.ts";
import { inTransaction } from "./db/transactions.ts";
import { insertVersion } from "./versions.ts";
import { normaliseText } from "../protocol/normalise.ts";

export type ImportResult = { policy: string; version: number; status: "added" | "changed" | "unchanged"; path: string | null };

/** Markdown files under the given paths, in a stable order; README files are documentation, not policy. */
export function findPolicyFiles(paths: string[]): string[] {
  const files: string[] = [];
  const walk = (p: string) => {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(p);
    } catch (err) {
      throw new Error(`Cannot read ${p}: ${(err as NodeJS.ErrnoException).code === "ENOENT" ? "no such file or folder" : (err as Error).message}`, {
        cause: err,
      });
    }
    if (stat.isDirectory()) {
      for (const name of fs.readdirSync(p).sort()) {
        if (name.startsWith(".") || name === "node_modules") continue;
        const child = path.join(p, name);
        if (fs.statSync(child).isDirectory() || (/\.(md|markdown)$/i.test(name) && !/^readme\./i.test(name))) walk(child);
      }
    } else files.push(p);
  };
  paths.forEach(walk);
  return files;
}

export async function importDocuments(
  pool: pg.Pool,
  embedder: Embedder,
  docs: PolicyDocument[],
  actor: string | null = null,
): Promise<ImportResult[]> {
  // Older versions first, so version numbers follow time when a folder holds a policy's history.
  const ordered = [...docs].sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom) || a.id.localeCompare(b.id));
  const results: ImportResult[] = [];
  for (const doc of ordered) {
    results.push(
      await inTransaction(pool, async (client) => {
        const { rows } = await client.query<{ version: number; content_hash: string }>(
          "SELECT version, content_hash FROM policy_versions WHERE policy_id = $1 ORDER BY version",
          [doc.id],
        );
        const same = rows.find((r) => r.content_hash === doc.contentHash);
        if (same) return { policy: doc.id, version: same.version, status: "unchanged" as const, path: doc.sourcePath };
        const version = await insertVersion(client, embedder, doc, "published", actor);
        // Imports are audited as the actor "import" (the trail tells them from owners' edits); the caller, if named, goes in the details.
        await recordAudit(client, { policy: doc.id, version, action: "import", actor: "import", details: { path: doc.sourcePath, by: actor } });
        return { policy: doc.id, version, status: rows.length ? ("changed" as const) : ("added" as const), path: doc.sourcePath };
      }),
    );
  }
  return results;
}

export async function importPaths(
  pool: pg.Pool,
  embedder: Embedder,
  paths: string[],
  actor: string | null = null,
  defaults: { effectiveFrom?: string } = {},
): Promise<ImportResult[]> {
  const docs = findPolicyFiles(paths).map((f) => parsePolicy(normaliseText(fs.readFileSync(f, "utf8")), f, defaults));
  return importDocuments(pool, embedder, docs, actor);
}
