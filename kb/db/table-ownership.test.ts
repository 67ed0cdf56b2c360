// Each room owns its tables (ARCHITECTURE.md): other rooms reach them through the owner's
// functions, never with SQL of their own. This reads the SQL in the product's code (tests, evals and
// benchmarks aside) and fails on a room naming another room's table — except the uses listed in
// KNOWN below, none since issue 19 moved the last behind their owner's functions. Like the
// dependency-cruiser baseline, the list may only shrink: a use not listed fails, and so does an
// entry that no longer occurs.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
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

/** "file table": SQL in a room's code that names another room's table, still to move (none left). */
const KNOWN: string[] = [];

const SQL_TABLE = new RegExp(`\\b(?:FROM|JOIN|INTO|UPDATE|TABLE)\\s+(${Object.keys(OWNER).join("|")})\\b`, "g");

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) return sourceFiles(rel);
    return e.name.endsWith(".ts") && !e.name.endsWith(".test.ts") ? [rel] : [];
  });
}

/** Every "file table" where a room's code names, in SQL, a table another room owns. */
function foreignTableUses(rooms: string[]): string[] {
  const uses = new Set<string>();
  for (const room of rooms) {
    for (const file of sourceFiles(room)) {
      for (const m of fs.readFileSync(path.join(ROOT, file), "utf8").matchAll(SQL_TABLE)) {
        const table = m[1]!;
        if (OWNER[table] !== room) uses.add(`${file} ${table}`);
      }
    }
  }
  return [...uses].sort();
}

describe("table ownership", () => {
  it("no room's code names another room's table in SQL, beyond the known uses still to move", () => {
    expect(foreignTableUses(["kb", "agent", "server", "cli"])).toEqual(KNOWN);
  });

  it("kb/ names only its own tables: it reads Keel's turns through the agent's reader", () => {
    expect(foreignTableUses(["kb"])).toEqual([]);
  });
});
