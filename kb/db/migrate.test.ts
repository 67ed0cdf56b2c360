// The rooms' migration folders read as one numbered sequence, and a database migrated before each
// room kept its own migrations (one folder, kb/db/migrations, with a 027 touching three rooms'
// tables) migrates to the same schema as a new one.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listMigrations, migrate, MIGRATION_DIRS } from "./migrate.ts";
import { createPGlite, openEmbedded } from "./open.ts";

/** Migration 027 as every database migrated before the split ran it: the three rooms' columns at once. */
const OLD_027 = [
  "ALTER TABLE policy_versions ADD COLUMN kind text NOT NULL DEFAULT 'policy' CHECK (kind IN ('policy', 'promotion'));",
  "ALTER TABLE conversations ADD COLUMN signed_context jsonb;",
  "ALTER TABLE agent_turns ADD COLUMN customer_fields jsonb NOT NULL DEFAULT '[]';",
].join("\n");

/** The ids 001 to 027 of the one folder, in the order it applied them. */
const OLD_IDS = [
  "001_knowledge_base",
  "002_term_stats",
  "003_agent_audit",
  "010_conversations",
  "011_conversation_context",
  "012_turn_node_timings",
  "013_chunk_count",
  "020_policy_authoring",
  "021_gap_turns_and_audit_truncate",
  "022_policy_audience",
  "023_mask_at_rest",
  "024_staff_access",
  "025_ratings",
  "026_staff_experience",
  "027_customer_context",
];
const SPLIT_027 = ["027_customer_context_agent", "027_customer_context_server"];

/** What a migrated database's schema is: its tables' columns, indexes and constraints. */
async function schemaOf(pool: pg.Pool): Promise<unknown[][]> {
  const queries = [
    `SELECT table_name, column_name, ordinal_position, data_type, column_default, is_nullable
       FROM information_schema.columns WHERE table_schema = 'public' ORDER BY 1, 2`,
    "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1, 2",
    `SELECT c.conrelid::regclass::text AS tbl, c.conname, pg_get_constraintdef(c.oid) AS def
       FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname = 'public' ORDER BY 1, 2`,
  ];
  return Promise.all(queries.map(async (sql) => (await pool.query(sql)).rows));
}

describe("the rooms' migrations", () => {
  it("are one sequence across the three folders, in the order the one folder had", () => {
    const ids = listMigrations().map((m) => m.id);
    expect(ids.filter((id) => id <= "027_customer_context_server")).toEqual([...OLD_IDS, ...SPLIT_027]);
    expect(ids).toEqual([...ids].sort());
    const repo = path.resolve(import.meta.dirname, "../..");
    expect(MIGRATION_DIRS.map((dir) => path.relative(repo, dir).split(path.sep).join("/"))).toEqual([
      "kb/db/migrations",
      "agent/store/migrations",
      "server/db/migrations",
    ]);
  });

  it("a database migrated with the one folder gets only the split 027's new ids, and the schema of a new database", async () => {
    const current = listMigrations();
    const old = current.filter((m) => OLD_IDS.includes(m.id)).map((m) => (m.id === "027_customer_context" ? { id: m.id, sql: OLD_027 } : m));
    expect(old.map((m) => m.id)).toEqual(OLD_IDS);
    const upgraded = await openEmbedded(await createPGlite("memory://"), undefined, false);
    const fresh = await openEmbedded(await createPGlite("memory://"), undefined, false);
    try {
      expect(await migrate(upgraded.pool, old)).toEqual(OLD_IDS);
      const later = current.map((m) => m.id).filter((id) => id > "027_customer_context_server");
      expect(await migrate(upgraded.pool)).toEqual([...SPLIT_027, ...later]);
      expect(await migrate(fresh.pool)).toEqual(current.map((m) => m.id));
      expect(await schemaOf(upgraded.pool)).toEqual(await schemaOf(fresh.pool));
      const recorded = await upgraded.pool.query<{ id: string }>("SELECT id FROM keel_migrations ORDER BY id");
      expect(recorded.rows.map((r) => r.id)).toEqual(current.map((m) => m.id));
    } finally {
      await upgraded.close();
      await fresh.close();
    }
  });

  describe("read from folders", () => {
    let dir: string;
    beforeAll(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), "keel-migrations-"));
      for (const [folder, files] of Object.entries({ a: ["001_one.sql", "003_three.sql", "notes.txt"], b: ["002_two.sql"], c: ["003_three.sql"] })) {
        fs.mkdirSync(path.join(dir, folder));
        for (const f of files) fs.writeFileSync(path.join(dir, folder, f), `-- ${folder}/${f}`);
      }
    });
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("one folder, or several merged by number", () => {
      expect(listMigrations(path.join(dir, "a")).map((m) => m.id)).toEqual(["001_one", "003_three"]);
      expect(listMigrations([path.join(dir, "a"), path.join(dir, "b")])).toEqual([
        { id: "001_one", sql: "-- a/001_one.sql" },
        { id: "002_two", sql: "-- b/002_two.sql" },
        { id: "003_three", sql: "-- a/003_three.sql" },
      ]);
    });

    it("refuses an id two folders hold, naming both files", () => {
      expect(() => listMigrations([path.join(dir, "a"), path.join(dir, "c")])).toThrow(
        `Migration 003_three is in two folders: ${path.join(dir, "a", "003_three.sql")} and ${path.join(dir, "c", "003_three.sql")}`,
      );
    });

    it("names a folder it cannot read", () => {
      expect(() => listMigrations([path.join(dir, "a"), path.join(dir, "missing")])).toThrow(/Cannot read the migrations folder .*missing/);
    });
  });
});
