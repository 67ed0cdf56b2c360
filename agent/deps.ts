// What the graph's nodes need from outside: the knowledge base and, optionally, a chat model.
import type { ChatOpenAI } from "@langchain/openai";
import type pg from "pg";
import type { Embedder } from "../kb/embed/embedder.ts";
import type { AnswerabilityModel } from "./answerability/model.ts";

/** Receives each sentence of a model answer once it has passed verification, in order. */
export type SentenceSink = (sentence: { index: number; text: string }) => void;

export type AgentDeps = {
  pool: pg.Pool;
  embedder: Embedder;
  /** Null in offline mode. */
  chat: ChatOpenAI | null;
  chatModelName: string;
  /** Per-call bound on the chat model, including streams (the SDK's timeout stops at headers). */
  modelTimeoutMs: number;
  /** Where a conversation's verified sentences go while a model answer streams (socket turns only). */
  sentenceSink?: (conversationId: string) => SentenceSink | null;
  /** Decides whether a unit answers the question (config/answerability.json). */
  answerability: AnswerabilityModel;
  log: (level: "info" | "warn" | "error", message: string, fields?: Record<string, unknown>) => void;
};
