// Test support: the whole offline agent over a knowledge base written in the test, imported into a
// fresh embedded database before the file's tests and closed after them.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";
import { readConfig } from "../config/env.ts";
import type { Database } from "../kb/db/open.ts";
import { OfflineEmbedder } from "../kb/embed/offline.ts";
import { importPaths } from "../kb/import.ts";
import { createAgent, type Agent } from "../agent/create-agent.ts";
import { freshDatabase } from "./database.ts";

export type AgentOnKb = { agent(): Agent; db(): Database };

/** `kb`: file name → policy text. Call at a test file's top level; read the agent inside tests. */
export function agentOnKb(kb: Record<string, string>, name: string): AgentOnKb {
  const embedder = new OfflineEmbedder();
  let dir: string;
  let db: Database | undefined;
  let agent: Agent | undefined;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), `keel-${name}-`));
    for (const [file, text] of Object.entries(kb)) fs.writeFileSync(path.join(dir, file), text);
    db = await freshDatabase();
    await importPaths(db.pool, embedder, [dir]);
    agent = await createAgent({ pool: db.pool, embedder, config: readConfig({ KEEL_EMBEDDER: "offline" }), log: () => undefined });
  });
  afterAll(async () => {
    await agent?.close();
    await db?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });
  return {
    agent: () => agent ?? fail("the agent is read before the file's beforeAll ran"),
    db: () => db ?? fail("the database is read before the file's beforeAll ran"),
  };
}

function fail(why: string): never {
  throw new Error(why);
}
