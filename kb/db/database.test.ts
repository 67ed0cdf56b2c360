import { execFile, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { EXTERNAL_KB } from "../../evals/knowledge-bases.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OfflineEmbedder } from "../embed/offline.ts";
import { importPaths } from "../import.ts";
import { searchChunks } from "../search.ts";
import { listMigrations, migrate } from "./migrate.ts";
import { createPGlite, openDatabase, openEmbedded } from "./open.ts";
import { lockDataFolder } from "./lock.ts";

const run = promisify(execFile);
const repo = path.resolve(import.meta.dirname, "../..");

describe("migrations", () => {
  it("apply from empty once, and a re-run applies nothing", async () => {
    const db = await openEmbedded(await createPGlite("memory://"), undefined, false);
    try {
      const first = await migrate(db.pool);
      expect(first).toEqual(listMigrations().map((m) => m.id));
      expect(await migrate(db.pool)).toEqual([]);
      const { rows } = await db.pool.query("SELECT extname FROM pg_extension WHERE extname = 'vector'");
      expect(rows).toHaveLength(1);
    } finally {
      await db.close();
    }
  });

  it("report which migration failed and leave nothing half-applied", async () => {
    const db = await openEmbedded(await createPGlite("memory://"), undefined, false);
    try {
      const broken = [
        { id: "001_ok", sql: "CREATE TABLE t1 (x int)" },
        { id: "002_bad", sql: "CREATE TABLE t2 (x nosuchtype)" },
      ];
      await expect(migrate(db.pool, broken)).rejects.toThrow(/Migration 002_bad failed/);
      const { rows } = await db.pool.query("SELECT to_regclass('t1') AS t");
      expect(rows[0].t).toBeNull();
    } finally {
      await db.close();
    }
  });
});

describe("the data-folder lock", () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "keel-lock-"));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("refuses a second process and names the holder", async () => {
    const dataDir = path.join(dir, "data");
    const db = await openDatabase({ dataDir });
    try {
      const other = await run(process.execPath, [path.join(repo, "bin/keel.mjs"), "kb", "list"], {
        cwd: repo,
        env: { ...process.env, KEEL_DATA_DIR: dataDir },
      }).then(
        () => null,
        (err: { code: number; stderr: string }) => err,
      );
      expect(other?.code).toBe(1);
      expect(other?.stderr).toContain(`in use by process ${process.pid}`);
      expect(other?.stderr).toMatch(/DATABASE_URL/);
    } finally {
      await db.close();
    }
    // Released on close: the folder opens again.
    const again = await openDatabase({ dataDir });
    await again.close();
  });

  it("replaces a stale lock left by a dead process", async () => {
    const dataDir = path.join(dir, "stale");
    const child = spawn(process.execPath, ["-e", "0"]);
    await new Promise((r) => child.on("exit", r));
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(`${dataDir}.lock`, JSON.stringify({ pid: child.pid, host: os.hostname(), startedAt: "x", command: "gone" }));
    const lock = lockDataFolder(dataDir);
    expect(JSON.parse(fs.readFileSync(lock.path, "utf8")).pid).toBe(process.pid);
    lock.release();
    expect(fs.existsSync(lock.path)).toBe(false);
  });
});

describe("a Postgres server over the wire", () => {
  it("serves the same knowledge base through a pg connection string (PGlite over pglite-socket)", async () => {
    const pglite = await createPGlite("memory://");
    const server = new PGLiteSocketServer({ db: pglite, port: 0, host: "127.0.0.1", maxConnections: 10 });
    await server.start();
    const port = Number(server.getServerConn().split(":").pop());
    const db = await openDatabase({ databaseUrl: `postgres://postgres:pw@127.0.0.1:${port}/postgres` });
    try {
      expect(db.kind).toBe("server");
      const embedder = new OfflineEmbedder();
      const results = await importPaths(db.pool, embedder, [EXTERNAL_KB]);
      expect(results[0]?.status).toBe("added");
      const hits = await searchChunks(db.pool, embedder, "how do I cancel an order that hasn't shipped");
      expect(hits.slice(0, 3).map((h) => h.section)).toContain("Cancel pending order");
    } finally {
      await db.close();
      await server.stop();
      await pglite.close();
    }
  });

  it("stops with a fix-it message when the server lacks pgvector", async (ctx) => {
    const reachable = await new Promise<boolean>((resolve) => {
      const s = net.connect(5432, "127.0.0.1", () => {
        s.end();
        resolve(true);
      });
      s.on("error", () => resolve(false));
    });
    if (!reachable) {
      console.warn("skipped: no PostgreSQL on 127.0.0.1:5432 to show the missing-pgvector error against");
      ctx.skip();
    }
    const { rows } = await import("pg").then(async ({ default: pg }) => {
      const c = new pg.Client({ connectionString: "postgres://postgres@127.0.0.1:5432/postgres" });
      await c.connect();
      try {
        return await c.query("SELECT count(*)::int AS n FROM pg_available_extensions WHERE name = 'vector'");
      } finally {
        await c.end();
      }
    });
    if (rows[0].n > 0) {
      console.warn("skipped: the local PostgreSQL has pgvector, so the missing-extension error cannot be shown");
      ctx.skip();
    }
    await expect(openDatabase({ databaseUrl: "postgres://postgres@127.0.0.1:5432/postgres" })).rejects.toThrow(
      /pgvector is not installed on DATABASE_URL's server: install the extension .* or unset DATABASE_URL/,
    );
  });
});
