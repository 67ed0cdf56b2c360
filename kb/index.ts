// The knowledge base as the rest of Keel sees it: a database and the embedder that fills it.
import type { KeelConfig } from "../config/env.ts";
import { openDatabase, type Database } from "./db/open.ts";
import { createEmbedder, type Embedder } from "./embed/index.ts";

export type KnowledgeBase = { db: Database; embedder: Embedder };

export async function openKnowledgeBase(config: KeelConfig): Promise<KnowledgeBase> {
  const db = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.KEEL_DATA_DIR });
  return { db, embedder: createEmbedder(config) };
}
