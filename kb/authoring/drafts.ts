// Creating a policy and saving edits. Every save is a new immutable draft version: chunked (so a
// replay can try it) but never retrievable, and left out of kb_terms until it is published.
import type pg from "pg";
import type { Embedder } from "../embed/embedder.ts";
import { inTransaction } from "../db/transactions.ts";
import { insertVersion } from "../versions.ts";
import { recordAudit } from "./audit.ts";
import { diffText } from "./diff.ts";
import { AuthoringError } from "./errors.ts";
import { parseSource } from "./source.ts";
import { uncountVersionTerms } from "./term-counts.ts";
import type { VersionInfo } from "../../protocol/policies.ts";
import { requirePolicy, versionInfo, versionSource } from "./versions.ts";

/** A new policy from Markdown with front matter (an `id` is required); its first version is a draft. */
export async function createPolicy(pool: pg.Pool, embedder: Embedder, source: string, actor: string): Promise<VersionInfo> {
  const doc = parseSource(source);
  return inTransaction(pool, async (client) => {
    // Claiming the id first makes two simultaneous creations of one id a conflict, not two drafts.
    const { rowCount } = await client.query("INSERT INTO policies (id) VALUES ($1) ON CONFLICT (id) DO NOTHING", [doc.id]);
    if (!rowCount) throw new AuthoringError("conflict", `A policy with id "${doc.id}" already exists: edit it instead.`);
    const version = await insertVersion(client, embedder, doc, "draft", actor);
    await uncountVersionTerms(client, embedder, doc.id, version);
    await recordAudit(client, { policy: doc.id, version, action: "create", actor, details: { title: doc.title } });
    return (await versionInfo(client, doc.id, version))!;
  });
}

/** Saves an edit as a new draft version; nothing is written when the source is the latest version's. */
export async function saveDraft(
  pool: pg.Pool,
  embedder: Embedder,
  policy: string,
  source: string,
  actor: string,
): Promise<{ version: VersionInfo; created: boolean }> {
  return inTransaction(pool, (client) => saveDraftWith(client, embedder, policy, source, actor));
}

/** saveDraft inside the caller's transaction (gap resolution attaches questions and may publish in one go). */
export async function saveDraftWith(
  client: pg.PoolClient,
  embedder: Embedder,
  policy: string,
  source: string,
  actor: string,
  details: Record<string, unknown> = {},
): Promise<{ version: VersionInfo; created: boolean }> {
  const doc = parseSource(source, policy);
  if ((await requirePolicy(client, policy)).retired) throw new AuthoringError("conflict", `Policy "${policy}" is retired: it takes no new versions.`);
  // Serialise edits of one policy, so "the latest version" below stays the latest.
  await client.query("SELECT id FROM policies WHERE id = $1 FOR UPDATE", [policy]);
  const { rows } = await client.query<{ version: number; content_hash: string }>(
    "SELECT version, content_hash FROM policy_versions WHERE policy_id = $1 ORDER BY version DESC LIMIT 1",
    [policy],
  );
  const latest = rows[0];
  if (latest?.content_hash === doc.contentHash) return { version: (await versionInfo(client, policy, latest.version))!, created: false };
  const version = await insertVersion(client, embedder, doc, "draft", actor);
  await uncountVersionTerms(client, embedder, policy, version);
  const lines = latest ? diffText(await versionSource(client, policy, latest.version), source) : [];
  await recordAudit(client, {
    policy,
    version,
    action: "edit",
    actor,
    details: {
      basedOn: latest?.version ?? null,
      added: lines.filter((l) => l.op === "added").length,
      removed: lines.filter((l) => l.op === "removed").length,
      ...details,
    },
  });
  return { version: (await versionInfo(client, policy, version))!, created: true };
}
