// Each room owns its tables (ARCHITECTURE.md): other rooms reach them through the owner's
// functions, never with SQL of their own. This reads the strings in the product's code (tests, evals
// and benchmarks aside; comments are not read) and fails on a room naming another room's table,
// in SQL or as a string of its own that SQL could be built from — except the uses listed in KNOWN
// below, none since issue 19 moved the last behind their owner's functions. Like the
// dependency-cruiser baseline, the list may only shrink: a use not listed fails, and so does an
// entry that no longer occurs.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

const OWNER: Record<string, "kb" | "agent" | "server"> = {
  policies: "kb",
  policy_versions: "kb",
  chunks: "kb",
  kb_terms: "kb",
  policy_audit: "kb",
  gap_resolutions: "kb",
  agent_turns: "agent",
  llm_exposures: "agent",
  checkpoints: "agent",
  checkpoint_writes: "agent",
  checkpoint_blobs: "agent",
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

describe("table ownership", () => {
  it("no room's code names another room's table, in SQL or as a string, beyond the known uses still to move", () => {
    expect(foreignTableUses(["kb", "agent", "server", "cli"])).toEqual(KNOWN);
  });

  it("kb/ names only its own tables: it reads Keel's turns through the agent's reader", () => {
    expect(foreignTableUses(["kb"])).toEqual([]);
  });
});
