// Each room owns its tables (ARCHITECTURE.md): other rooms reach them through the owner's
// functions, never with SQL of their own. This reads the strings in the product's code (tests, evals
// and benchmarks aside; comments are not read) and fails on a room naming another room's table,
// in SQL or as a string of its own that SQL could be built from — except the uses listed in KNOWN
// below, none since issue 19 moved the last behind their owner's functions. Like the
// dependency-cruiser baseline, the list may only shrink: a use not listed fails, and so does an
// entry that no longer occurs. Each room's migrations, too, create, alter, index and write only the
// room's own tables (a foreign key to another room's table is fine).
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { MIGRATION_DIRS } from "./migrate.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

type Room = "kb" | "agent" | "server";

const OWNER: Record<string, Room> = {
  policies: "kb",
  policy_versions: "kb",
  chunks: "kb",
  kb_terms: "kb",
  policy_audit: "kb",
  gap_resolutions: "kb",
  agent_turns: "agent",
  llm_exposures: "agent",
  conversation_memory: "agent",
  checkpoints: "agent",
  checkpoint_writes: "agent",
  checkpoint_blobs: "agent",
  checkpoint_migrations: "agent",
  conversations: "server",
  messages: "server",
  notes: "server",
  tickets: "server",
  ticket_events: "server",
  staff: "server",
  staff_sessions: "server",
  sites: "server",
  ratings: "server",
  customer_profiles: "server",
  mask_at_rest_progress: "server",
};

/** "file table": a room's code naming another room's table, still to move (none left). */
const KNOWN: string[] = [];

const TABLE = `(${Object.keys(OWNER).join("|")})`;
/** A table named in SQL: after FROM, JOIN, INTO, UPDATE or TABLE (in capitals, as Keel writes SQL,
 *  so that prose such as "answers from policies" is not read as SQL), or quoted ('name', "name"). */
const SQL_TABLE = new RegExp(`\\b(?:FROM|JOIN|INTO|UPDATE|TABLE)\\s+"?${TABLE}\\b|(['"])${TABLE}\\2`, "g");
/** A string that is a table's name and nothing else: `["agent_turns", …]` interpolated into SQL. */
const WHOLE_TABLE = new RegExp(`^\\s*${TABLE}\\s*$`);
/** Table names that are also words Keel uses for something else, so a string that is only one of
 *  them is not read as the table (SQL naming them still is): a policy's audience ("staff"); the
 *  sample policies' folder, a field of the insights, a plural in messages ("policies"). */
const WORDS = new Set(["staff", "policies"]);

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) return sourceFiles(rel);
    return e.name.endsWith(".ts") && !e.name.endsWith(".test.ts") ? [rel] : [];
  });
}

/** The text of every string in a file's code: literals and the pieces of templates, not comments,
 *  and not the quoted keys of objects and types. */
function stringsOf(file: string): string[] {
  const source = ts.createSourceFile(file, fs.readFileSync(path.join(ROOT, file), "utf8"), ts.ScriptTarget.Latest, true);
  const out: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateLiteralToken(node)) {
      const parent = node.parent as ts.Node & { name?: ts.Node };
      if (!(ts.isStringLiteral(node) && parent.name === node)) out.push(node.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

/** The tables a string names: in SQL, or by being one's name. */
function tablesIn(text: string): string[] {
  const tables = [...text.matchAll(SQL_TABLE)].map((m) => (m[1] ?? m[3])!);
  const whole = WHOLE_TABLE.exec(text)?.[1];
  return whole && !WORDS.has(whole) ? [...tables, whole] : tables;
}

/** Every "file table" where a room's code names a table another room owns. */
function foreignTableUses(rooms: string[]): string[] {
  const uses = new Set<string>();
  for (const room of rooms) {
    for (const file of sourceFiles(room)) {
      for (const table of stringsOf(file).flatMap(tablesIn)) {
        if (OWNER[table] !== room) uses.add(`${file} ${table}`);
      }
    }
  }
  return [...uses].sort();
}

/** SQL that makes or changes a table: creating, altering, dropping, indexing or putting a trigger on
 *  it, and writing its rows. Reading another room's table (`FROM`) or pointing a foreign key at it
 *  (`REFERENCES`) is not a change to it. */
const NAME = `(?:"?public"?\\.)?"?(\\w+)"?`;
const SQL_CHANGES = [
  `CREATE\\s+(?:(?:UNLOGGED|TEMP|TEMPORARY)\\s+)?TABLE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?${NAME}`,
  `ALTER\\s+TABLE\\s+(?:IF\\s+EXISTS\\s+)?(?:ONLY\\s+)?${NAME}`,
  `DROP\\s+TABLE\\s+(?:IF\\s+EXISTS\\s+)?${NAME}`,
  `CREATE\\s+(?:UNIQUE\\s+)?INDEX\\b[^;]*?\\bON\\s+(?:ONLY\\s+)?${NAME}`,
  `CREATE\\s+(?:OR\\s+REPLACE\\s+)?(?:CONSTRAINT\\s+)?TRIGGER\\b[^;]*?\\bON\\s+${NAME}`,
  `INSERT\\s+INTO\\s+${NAME}`,
  `UPDATE\\s+(?:ONLY\\s+)?${NAME}\\s+SET\\b`,
  `DELETE\\s+FROM\\s+(?:ONLY\\s+)?${NAME}`,
  `TRUNCATE\\s+(?:TABLE\\s+)?(?:ONLY\\s+)?(?!ON\\b)${NAME}`,
].map((re) => new RegExp(`\\b${re}`, "gi"));

/** The tables a migration's SQL changes, in order of first change. Comments and quoted strings are
 *  left out first (an error message or a pattern is not SQL); function bodies are read. */
function tablesChanged(sql: string): string[] {
  const code = sql.replace(/--[^\n]*|\/\*[\s\S]*?\*\//g, " ").replace(/'(?:[^']|'')*'/g, "''");
  const found = SQL_CHANGES.flatMap((re) => [...code.matchAll(re)].map((m) => ({ at: m.index, table: m[1]!.toLowerCase() })));
  return [...new Set(found.sort((a, b) => a.at - b.at).map((f) => f.table))];
}

/** The room whose migrations a folder holds: its first segment under the repository root. */
const roomOf = (dir: string) => path.relative(ROOT, dir).split(path.sep)[0] as Room;

/** Every "file: table (owner)" where a room's migration changes a table it does not own, or one
 *  OWNER does not list (a new table is given its room there). */
function misplacedMigrations(dirs: readonly string[]): string[] {
  return dirs.flatMap((dir) =>
    fs
      .readdirSync(dir)
      .filter((f) => f.endsWith(".sql"))
      .sort()
      .flatMap((f) =>
        tablesChanged(fs.readFileSync(path.join(dir, f), "utf8"))
          .filter((table) => OWNER[table] !== roomOf(dir))
          .map((table) => `${path.relative(ROOT, path.join(dir, f))}: ${table} (${OWNER[table] ?? "no owner in OWNER"})`),
      ),
  );
}

/** Folders named migrations under the rooms, so one that migrate.ts would not read is noticed. */
function migrationFolders(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    if (!e.isDirectory() || e.name === "node_modules") return [];
    const rel = `${dir}/${e.name}`;
    return e.name === "migrations" ? [rel, ...migrationFolders(rel)] : migrationFolders(rel);
  });
}

describe("table ownership", () => {
  it("no room's code names another room's table, in SQL or as a string, beyond the known uses still to move", () => {
    expect(foreignTableUses(["kb", "agent", "server", "cli"])).toEqual(KNOWN);
  });

  it("kb/ names only its own tables: it reads Keel's turns through the agent's reader", () => {
    expect(foreignTableUses(["kb"])).toEqual([]);
  });

  it("each room's migrations change only its own tables", () => {
    expect(MIGRATION_DIRS.map(roomOf)).toEqual(["kb", "agent", "server"]);
    expect(misplacedMigrations(MIGRATION_DIRS)).toEqual([]);
  });

  it("every migrations folder of a room is one migrate.ts reads", () => {
    const read = MIGRATION_DIRS.map((dir) => path.relative(ROOT, dir).split(path.sep).join("/"));
    expect(["kb", "agent", "server", "cli"].flatMap(migrationFolders).sort()).toEqual([...read].sort());
  });

  it("reads the tables a migration changes, and not the ones it only reads or references", () => {
    const sql = `
      -- ALTER TABLE staff in a comment is not SQL
      CREATE TABLE IF NOT EXISTS public.one (id bigint REFERENCES two(id), t text DEFAULT 'UPDATE three SET');
      ALTER TABLE ONLY "four" ADD COLUMN x int;
      CREATE UNIQUE INDEX five_x ON five (x) WHERE x > 0;
      CREATE INDEX ON six USING gin (tsv);
      CREATE TRIGGER seven_no_truncate BEFORE UPDATE OR DELETE OR TRUNCATE ON seven FOR EACH ROW EXECUTE FUNCTION f();
      INSERT INTO eight (n) SELECT count(*) FROM nine;
      UPDATE ten SET x = 1 WHERE id IN (SELECT id FROM eleven);
      DELETE FROM twelve; TRUNCATE thirteen; DROP TABLE IF EXISTS fourteen;
    `;
    expect(tablesChanged(sql)).toEqual(["one", "four", "five", "six", "seven", "eight", "ten", "twelve", "thirteen", "fourteen"]);
  });
});
