// What the graph's nodes need from outside: the knowledge base and, optionally, a chat model.
import type { ChatOpenAI } from "@langchain/openai";
import type pg from "pg";
import type { Embedder } from "../kb/embed/embedder.ts";

export type AgentDeps = {
  pool: pg.Pool;
  embedder: Embedder;
  /** Null in offline mode. */
  chat: ChatOpenAI | null;
  chatModelName: string;
  /** Per-call bound on the chat model, including streams (the SDK's timeout stops at headers). */
  modelTimeoutMs: number;
  log: (level: "info" | "warn" | "error", message: string, fields?: Record<string, unknown>) => void;
};
