// The agent as the CLI and the server use it: one call per customer message, state checkpointed
// per conversation in Postgres, every turn and every model payload written to the audit tables.
import { PostgresSaver } from "@langchain/langgraph-checkpoint-postgres";
import type pg from "pg";
import type { KeelConfig } from "../config/env.ts";
import type { Embedder } from "../kb/embed/embedder.ts";
import type { AgentDeps } from "./deps.ts";
import { buildGraph } from "./graph.ts";
import { redactPersonalData } from "./guard/redact.ts";
import { createChatModel } from "./model/chat-model.ts";
import type { Handoff, Grounding, State } from "./state.ts";
import { type TurnInput, type TurnResult } from "./turn-result.ts";

export type TurnDetail = { result: TurnResult; handoff: Handoff | null; grounding: Grounding | null; turnId: number };

export type Agent = {
  turn(input: TurnInput): Promise<TurnDetail>;
  close(): Promise<void>;
};

export type AgentOptions = {
  pool: pg.Pool;
  embedder: Embedder;
  config: KeelConfig;
  log?: AgentDeps["log"];
};

const stderrLog: AgentDeps["log"] = (level, message, fields) => {
  process.stderr.write(`${JSON.stringify({ level, message, ...fields, at: new Date().toISOString() })}\n`);
};

function toResult(conversation: string, state: State, ms: number): TurnResult {
  const reply = state.reply!;
  const s = state.signals!;
  const kinds = new Set<TurnResult["signals"]["sycophancy"]["kinds"][number]>();
  if (state.premises.some((p) => p.verdict === "contradicted")) kinds.add("false_premise");
  if (state.premises.some((p) => p.verdict === "unsupported")) kinds.add("unverified_premise");
  if (s.confirmationSeeking) kinds.add("confirmation_seeking");
  if (s.pressure.length) kinds.add("pressure");
  if (s.pushback) kinds.add("pushback");
  return {
    conversation,
    outcome: reply.outcome,
    text: reply.text,
    citations: reply.citations,
    signals: {
      sycophancy: { detected: kinds.size > 0, kinds: [...kinds], premises: state.premises.map((p) => ({ claim: p.claim, verdict: p.verdict })) },
      escalation: reply.escalation,
      injection: state.injection,
    },
    ms,
  };
}

export async function createAgent(options: AgentOptions): Promise<Agent> {
  const { pool, embedder, config } = options;
  const deps: AgentDeps = {
    pool,
    embedder,
    chat: createChatModel(config),
    chatModelName: config.KEEL_CHAT_MODEL,
    modelTimeoutMs: config.KEEL_MODEL_TIMEOUT_MS,
    log: options.log ?? stderrLog,
  };
  const checkpointer = new PostgresSaver(pool);
  await checkpointer.setup();
  const graph = buildGraph(deps, checkpointer);

  async function audit(conversation: string, state: State, ms: number): Promise<number> {
    const reply = state.reply!;
    const { rows } = await pool.query<{ id: string }>(
      `INSERT INTO agent_turns (conversation_id, as_of, message_redacted, outcome, escalation_reason, reply_text, chunk_ids,
         citations, premises, grounding, gap, injection, model_error, ms)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14) RETURNING id`,
      [conversation, state.asOf, state.redacted, reply.outcome, reply.escalation?.reason ?? null, reply.text,
        [...new Set(state.hits.map((h) => h.chunkId))], JSON.stringify(reply.citations), JSON.stringify(state.premises),
        state.grounding ? JSON.stringify(state.grounding) : null, state.draft?.gap ?? null, state.injection, state.modelError, Math.round(ms)],
    );
    const turnId = Number(rows[0]!.id);
    for (const e of state.exposures) {
      await pool.query("INSERT INTO llm_exposures (conversation_id, turn_id, purpose, model, payload) VALUES ($1,$2,$3,$4,$5)", [
        conversation, turnId, e.purpose, e.model, JSON.stringify(e.payload),
      ]);
    }
    return turnId;
  }

  return {
    async turn(input) {
      const started = performance.now();
      const state = (await graph.invoke(
        // Redacted before the graph sees it: the checkpoint stores its input, and raw personal data
        // belongs only in the conversation store, never in agent state, logs or model calls.
        { conversationId: input.conversation, message: redactPersonalData(input.message).text, asOf: input.as_of ?? null },
        { configurable: { thread_id: input.conversation } },
      )) as State;
      const ms = performance.now() - started;
      const turnId = await audit(input.conversation, state, ms);
      return { result: toResult(input.conversation, state, Math.round(ms)), handoff: state.reply!.handoff, grounding: state.grounding, turnId };
    },
    async close() {
      // The checkpointer shares the caller's pool; nothing of its own to release.
    },
  };
}
