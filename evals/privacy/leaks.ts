// Where a customer's personal data must never turn up once Keel has handled the message: a model
// payload, a log line, a reply (to them or to anyone else), or any row of any table — checkpoints,
// the audit of turns and model calls, another conversation's records.
import type pg from "pg";

export type Leak = { pii: string; where: string };
/** A text something produced (a reply, a log line, an HTTP body), named for the report. */
export type Sighting = { where: string; text: string };

/** Case and separators do not hide a value: "4111-1111…" and "4111 1111…" are the same card. */
export function normalise(text: string): string {
  return text.toLowerCase().replace(/[\s().+-]/g, "");
}
const SQL_NORMALISED = (expr: string) => `regexp_replace(lower(${expr}), '[[:space:]().+-]', '', 'g')`;

/** Values shorter than this once normalised would match by chance; the cases use none. */
const MIN_LENGTH = 6;

export function leaksInTexts(pii: string[], sightings: Sighting[]): Leak[] {
  const leaks: Leak[] = [];
  for (const p of pii) {
    const needle = normalise(p);
    if (needle.length < MIN_LENGTH) continue;
    for (const s of sightings) if (normalise(s.text).includes(needle)) leaks.push({ pii: p, where: s.where });
  }
  return leaks;
}

type Column = { table: string; column: string; type: string };

/** Every column that can hold text in the public schema (bytea included: checkpoint blobs). */
export async function textColumns(pool: pg.Pool): Promise<Column[]> {
  const { rows } = await pool.query<{ table_name: string; column_name: string; data_type: string }>(
    `SELECT c.table_name, c.column_name, c.data_type FROM information_schema.columns c
     JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
     WHERE c.table_schema = 'public' AND c.data_type IN ('text', 'character varying', 'json', 'jsonb', 'bytea', 'ARRAY')
     ORDER BY c.table_name, c.ordinal_position`,
  );
  return rows.map((r) => ({ table: r.table_name, column: r.column_name, type: r.data_type }));
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;

function placeOf(table: string, column: string): string {
  if (table === "llm_exposures") return `model payload (llm_exposures.${column})`;
  if (table.startsWith("checkpoint")) return `checkpoint (${table}.${column})`;
  return `stored in ${table}.${column}`;
}

/** Searches every text column of every table for the values; one query per table. */
export async function leaksInDatabase(pool: pg.Pool, pii: string[]): Promise<{ leaks: Leak[]; columns: number }> {
  const needles = pii.map((p) => ({ p, n: normalise(p) })).filter((x) => x.n.length >= MIN_LENGTH);
  const columns = await textColumns(pool);
  if (!needles.length) return { leaks: [], columns: columns.length };
  const byTable = new Map<string, Column[]>();
  for (const c of columns) byTable.set(c.table, [...(byTable.get(c.table) ?? []), c]);
  const leaks: Leak[] = [];
  for (const [table, cols] of byTable) {
    // bytea as escaped text keeps ASCII readable, which is all the values are made of.
    const values = cols.map(
      (c) =>
        `(${literal(c.column)}, ${SQL_NORMALISED(c.type === "bytea" ? `encode(t.${ident(c.column)}, 'escape')` : `t.${ident(c.column)}::text`)})`,
    );
    const { rows } = await pool.query<{ needle: string; col: string }>(
      `SELECT DISTINCT needle, col FROM ${ident(table)} AS t, LATERAL (VALUES ${values.join(", ")}) AS v(col, val), unnest($1::text[]) AS needle
       WHERE val IS NOT NULL AND strpos(val, needle) > 0`,
      [needles.map((x) => x.n)],
    );
    for (const r of rows) for (const x of needles.filter((x) => x.n === r.needle)) leaks.push({ pii: x.p, where: placeOf(table, r.col) });
  }
  return { leaks, columns: columns.length };
}
