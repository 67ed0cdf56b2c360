// Records what kb/versions.ts' insertVersion would write, as a few multi-row INSERTs, so the bench
// can load large KBs through the product's own write path (chunking, embedding, sample-question
// placement, term counts) at bulk speed. Vectors are kept in pgvector's binary form: parsing 384
// numbers of text costs PGlite ~0.6 ms a row, three quarters of a row's cost.
import type pg from "pg";

/** One batch, ready to run in this order: parents before children, so the foreign keys hold. */
export type RecordedBatch = {
  policies: string[];
  statements: { sql: string; values: unknown[] }[];
  chunks: number;
};

/** pgvector's binary input: dimensions and a reserved word (int16 each), then float4s, big-endian. */
function vectorBinary(values: number[]): Uint8Array {
  const buf = Buffer.allocUnsafe(4 + 4 * values.length);
  buf.writeInt16BE(values.length, 0);
  buf.writeInt16BE(0, 2);
  for (let i = 0; i < values.length; i++) buf.writeFloatBE(values[i]!, 4 + 4 * i);
  return buf;
}

/** How many parenthesised groups `(…),(…)` a VALUES list holds at its top level. */
function topLevelGroups(tuples: string): number {
  let depth = 0;
  let groups = 0;
  for (const ch of tuples) {
    if (ch === "(" && depth++ === 0) groups++;
    else if (ch === ")") depth--;
  }
  return groups;
}

type Pending = { head: string; tuples: string[]; values: unknown[]; rows: number };

/**
 * Stands in for a pg client inside insertVersion: answers its reads from memory and keeps its
 * writes. It knows exactly the statements insertVersion sends today and refuses any other, so a
 * change to the write path fails here loudly instead of loading something else.
 */
export class RecordingClient {
  private readonly ids = new Set<string>();
  private readonly versions = new Map<string, number>();
  private readonly pending = new Map<string, Pending>();
  /** Document frequencies summed over everything recorded (the write path adds them per policy). */
  readonly df = new Map<string, number>();

  private unknown(sql: string): Error {
    return new Error(
      `bench/recorded-writes.ts does not know this statement from kb/versions.ts: ${sql.slice(0, 120)}… Teach RecordingClient about it.`,
    );
  }

  get chunkRows(): number {
    return this.pending.get("chunks")?.rows ?? 0;
  }

  async query(sql: string, values: unknown[] = []): Promise<{ rows: unknown[] }> {
    const text = sql.replace(/\s+/g, " ").trim();
    if (text.startsWith("INSERT INTO policies (id) VALUES ($1) ON CONFLICT")) {
      this.ids.add(values[0] as string);
      return { rows: [] };
    }
    if (text.startsWith("SELECT id FROM policies WHERE id = $1 FOR UPDATE")) return { rows: [] };
    if (text.startsWith("SELECT COALESCE(MAX(version), 0) + 1 AS next FROM policy_versions WHERE policy_id = $1")) {
      const next = (this.versions.get(values[0] as string) ?? 0) + 1;
      this.versions.set(values[0] as string, next);
      return { rows: [{ next }] };
    }
    if (text.startsWith("INSERT INTO kb_terms (term, df) SELECT * FROM unnest($1::text[], $2::int[])")) {
      const [terms, counts] = values as [string[], number[]];
      terms.forEach((t, i) => this.df.set(t, (this.df.get(t) ?? 0) + counts[i]!));
      return { rows: [] };
    }
    const insert = text.match(/^INSERT INTO (\w+) \(([^)]*)\) VALUES (\(.*\))$/);
    if (!insert || /\b(ON CONFLICT|RETURNING)\b/.test(insert[3]!)) throw this.unknown(sql);
    const [, table, columnList, tuples] = insert as unknown as [string, string, string, string];
    const columns = columnList.split(",").map((c) => c.trim());
    const rows = topLevelGroups(tuples);
    const vector = table === "chunks" ? columns.indexOf("embedding") : -1;
    // Vectors are found by position: only a plain ($1,…,$n) row per chunk allows that.
    if (vector >= 0 && values.length !== rows * columns.length) throw this.unknown(sql);
    const p = this.pending.get(table) ?? { head: `INSERT INTO ${table} (${columnList}) VALUES `, tuples: [], values: [], rows: 0 };
    this.pending.set(table, p);
    const offset = p.values.length;
    p.tuples.push(tuples.replace(/\$(\d+)/g, (_m, n: string) => `$${offset + Number(n)}`));
    values.forEach((v, i) => p.values.push(vector >= 0 && i % columns.length === vector && typeof v === "string" ? vectorBinary(JSON.parse(v)) : v));
    p.rows += rows;
    return { rows: [] };
  }

  /** Hands over what was recorded since the last call, and forgets it. */
  take(): RecordedBatch {
    const chunks = this.chunkRows;
    const statements: RecordedBatch["statements"] = [];
    for (const table of ["policy_versions", "chunks"]) {
      const p = this.pending.get(table);
      if (p) statements.push({ sql: p.head + p.tuples.join(","), values: p.values });
      this.pending.delete(table);
    }
    if (this.pending.size) throw this.unknown(`INSERT INTO ${[...this.pending.keys()].join(", ")}`);
    const batch = { policies: [...this.ids], statements, chunks };
    this.ids.clear();
    return batch;
  }
}

/** Writes a recorded batch. */
export async function writeBatch(pool: pg.Pool, batch: RecordedBatch): Promise<void> {
  if (batch.policies.length) await pool.query("INSERT INTO policies (id) SELECT unnest($1::text[]) ON CONFLICT (id) DO NOTHING", [batch.policies]);
  for (const s of batch.statements) await pool.query(s.sql, s.values);
}

/** Adds document frequencies to kb_terms, as the write path does. */
export async function writeTerms(pool: pg.Pool, df: Map<string, number>): Promise<void> {
  await pool.query(
    `INSERT INTO kb_terms (term, df) SELECT * FROM unnest($1::text[], $2::int[])
     ON CONFLICT (term) DO UPDATE SET df = kb_terms.df + EXCLUDED.df`,
    [[...df.keys()], [...df.values()]],
  );
}
