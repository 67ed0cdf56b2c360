// Writes policy versions and their chunks. Versions are immutable: a change is a new version.
import type pg from "pg";
import pgvector from "pgvector/pg";
import { chunkPolicy } from "./chunk.ts";
import type { Embedder } from "./embed/embedder.ts";
import type { PolicyDocument } from "./policy-file.ts";
import { CHUNK_COUNT_TERM } from "./terms.ts";
import { contentStems } from "./text/terms.ts";

export type VersionStatus = "draft" | "published" | "retired";

/** Places each sample question on the section whose words it shares most, so it helps retrieve that section. */
function placeQuestions(questions: string[], sections: { headingPath: string[]; content: string }[]): string[][] {
  const placed = sections.map(() => [] as string[]);
  const sectionStems = sections.map((s) => new Set(contentStems(`${s.headingPath.join(" ")} ${s.content}`)));
  for (const q of questions) {
    const qs = contentStems(q);
    let best = 0;
    let bestScore = -1;
    sectionStems.forEach((set, i) => {
      const score = qs.filter((s) => set.has(s)).length;
      if (score > bestScore) [best, bestScore] = [i, score];
    });
    placed[best]?.push(q);
  }
  return placed;
}

/** Inserts a new version (number = highest + 1) with its chunks and vectors, inside the caller's transaction. */
export async function insertVersion(
  client: pg.PoolClient,
  embedder: Embedder,
  doc: PolicyDocument,
  status: VersionStatus,
  actor: string | null,
): Promise<number> {
  await client.query("INSERT INTO policies (id) VALUES ($1) ON CONFLICT (id) DO NOTHING", [doc.id]);
  // Serialise version numbering per policy.
  await client.query("SELECT id FROM policies WHERE id = $1 FOR UPDATE", [doc.id]);
  const { rows } = await client.query<{ next: number }>("SELECT COALESCE(MAX(version), 0) + 1 AS next FROM policy_versions WHERE policy_id = $1", [
    doc.id,
  ]);
  const version = rows[0]!.next;
  await client.query(
    `INSERT INTO policy_versions (policy_id, version, content_hash, status, title, owner, products, topics,
       effective_from, effective_to, review_by, handoff_required, questions, body, source, source_path, created_by, published_at, audience, kind)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17, CASE WHEN $4 = 'published' THEN now() END, $18, $19)`,
    [
      doc.id,
      version,
      doc.contentHash,
      status,
      doc.title,
      doc.owner,
      doc.products,
      doc.topics,
      doc.effectiveFrom,
      doc.effectiveTo,
      doc.reviewBy,
      doc.handoffRequired,
      JSON.stringify(doc.questions),
      doc.body,
      doc.source,
      doc.sourcePath,
      actor,
      doc.audience,
      doc.kind ?? "policy",
    ],
  );
  await insertChunks(client, embedder, doc, version);
  return version;
}

export async function insertChunks(client: pg.PoolClient, embedder: Embedder, doc: PolicyDocument, version: number): Promise<number> {
  const chunks = chunkPolicy(doc.body, doc.title);
  const questions = placeQuestions(doc.questions, chunks);
  const searchTexts = chunks.map((c, i) => [c.headingPath.join(" > "), c.content, ...questions[i]!].join("\n"));
  const vectors = await embedder.embedDocuments(searchTexts);
  if (chunks.length === 0) return 0;
  // One multi-row INSERT: far fewer round trips than a row at a time.
  const values: unknown[] = [];
  const rowsSql = chunks.map((c, i) => {
    const b = values.length;
    values.push(
      doc.id,
      version,
      c.ordinal,
      c.headingPath,
      c.section,
      c.content,
      c.charStart,
      c.charEnd,
      searchTexts[i],
      pgvector.toSql(vectors[i]),
      embedder.model,
    );
    return `(${Array.from({ length: 11 }, (_, k) => `$${b + k + 1}`).join(",")})`;
  });
  await countTerms(client, embedder, searchTexts);
  await client.query(
    `INSERT INTO chunks (policy_id, version, ordinal, heading_path, section, content, char_start, char_end, search_text, embedding, embedding_model)
     VALUES ${rowsSql.join(",")}`,
    values,
  );
  return chunks.length;
}

/** Adds each text's distinct terms to the KB's document frequencies (for query-side weighting). */
async function countTerms(client: pg.PoolClient, embedder: Embedder, texts: string[]): Promise<void> {
  if (!embedder.termsOf) return;
  const df = new Map<string, number>();
  for (const t of texts) for (const term of embedder.termsOf(t)) df.set(term, (df.get(term) ?? 0) + 1);
  // The number of chunks counted, kept beside the terms so IDF needs no count(*) over chunks.
  df.set(CHUNK_COUNT_TERM, texts.length);
  await client.query(
    `INSERT INTO kb_terms (term, df) SELECT * FROM unnest($1::text[], $2::int[])
     ON CONFLICT (term) DO UPDATE SET df = kb_terms.df + EXCLUDED.df`,
    [[...df.keys()], [...df.values()]],
  );
}
