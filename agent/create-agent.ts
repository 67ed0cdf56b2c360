// The agent as the CLI and the server use it: one call per customer message, what a conversation
// keeps between turns stored per conversation in Postgres, every turn and every model payload
// written to the audit tables.
import type pg from "pg";
import type { KeelConfig } from "../config/env.ts";
import type { Embedder } from "../kb/embed/embedder.ts";
import type { AgentDeps, SentenceSink } from "./deps.ts";
import { buildGraph } from "./graph.ts";
import { warmUp } from "./warm-up.ts";
import { recordSuggestionExposures, recordTurn } from "./store/turns.ts";
import { loadMemory, memoryOf, saveMemory } from "./store/memory.ts";
import { runTimed, type NodeTimings } from "./timed-run.ts";
import { versionNote } from "./time-travel/version-note.ts";
import { todayIso } from "../kb/effective.ts";
import { redactPersonalData } from "./guard/redact.ts";
import { createChatModel } from "./model/chat-model.ts";
import { defaultAnswerability, type AnswerabilityModel } from "./answerability/model.ts";
import type { Handoff, Grounding, State } from "./state.ts";
import { type TurnInput, type TurnResult } from "../protocol/turn-result.ts";
import type { CustomerFacts } from "../protocol/customer-context.ts";

export type TurnDetail = {
  result: TurnResult;
  handoff: Handoff | null;
  grounding: Grounding | null;
  turnId: number;
  /** The customer's mood as the understand step read it (null when the guard stopped the turn). */
  sentiment: string | null;
  /** What the turn was about: the title of the policy it relied on most, or "general". */
  topic: string;
  /** The customer fields the answer used ("open_issues", "consent.marketing", "tier"). */
  customerFields?: string[];
  /** Milliseconds spent in each graph node (turns only; suggestions leave it empty). */
  nodeMs?: NodeTimings;
};

export type TurnOptions = {
  /** Model mode: each sentence of the answer as soon as it has passed verification, in order
   *  (the widget shows them while the rest is written). Offline answers arrive whole. */
  onSentence?: SentenceSink;
  /** What the host signed about the customer, verified by the caller (null: nothing to use). */
  customer?: CustomerFacts | null;
};

export type Agent = {
  turn(input: TurnInput, options?: TurnOptions): Promise<TurnDetail>;
  /** A grounded draft for a human agent: the same graph on a throwaway thread, not part of the
   *  customer's conversation state; its model payloads are still audited. */
  suggest(input: TurnInput, customer?: CustomerFacts | null): Promise<TurnDetail>;
  close(): Promise<void>;
};

export type AgentOptions = {
  pool: pg.Pool;
  embedder: Embedder;
  config: KeelConfig;
  log?: AgentDeps["log"];
  /** The answerability model (default: config/answerability.json's, fitted on every corpus); the
   *  evals pass the one fitted without the knowledge base they measure. */
  answerability?: AnswerabilityModel;
  /** Run made-up messages through the graph before the first turn (agent/warm-up.ts), so the first
   *  customers do not pay for what a turn compiles on first use. The server and the CLI do. */
  warmUp?: boolean;
  /** Today's date (YYYY-MM-DD) for dating answers; tests and evals pin it. */
  today?: () => string;
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
  // The sentence sinks of turns in progress (a conversation runs one turn at a time).
  const sinks = new Map<string, SentenceSink>();
  const deps: AgentDeps = {
    pool,
    embedder,
    chat: createChatModel(config),
    chatModelName: config.KEEL_CHAT_MODEL,
    modelTimeoutMs: config.KEEL_MODEL_TIMEOUT_MS,
    answerability: options.answerability ?? defaultAnswerability(),
    log: options.log ?? stderrLog,
    sentenceSink: (conversationId) => sinks.get(conversationId) ?? null,
  };
  // The conversation's memory is read before a turn and written after it (agent/store/memory.ts);
  // a suggestion reads none and writes none: it must not become part of the customer's conversation.
  const graph = buildGraph(deps);
  if (options.warmUp) {
    // A failed warm-up costs only speed: the first turns compile what it would have.
    await warmUp(deps, options.today?.() ?? todayIso()).catch((err: Error) =>
      deps.log("warn", "agent warm-up failed; the first turns will be slower", { error: err.message }),
    );
  }

  function topicOf(state: State): string {
    return state.reply?.citations[0]?.title ?? state.hits[0]?.title ?? "general";
  }

  function detail(conversation: string, state: State, ms: number, turnId: number): TurnDetail {
    return {
      result: toResult(conversation, state, Math.round(ms)),
      handoff: state.reply!.handoff,
      grounding: state.grounding,
      turnId,
      sentiment: state.signals?.sentiment ?? null,
      topic: topicOf(state),
      customerFields: state.customerFields,
    };
  }

  const todayOf = () => options.today?.() ?? todayIso();
  return {
    async turn(input, turnOptions = {}) {
      const started = performance.now();
      // A purchase date named in the message dates the answer, unless the caller gave one (guard reads it).
      const today = todayOf();
      if (turnOptions.onSentence) sinks.set(input.conversation, turnOptions.onSentence);
      const memory = await loadMemory(pool, input.conversation);
      const { state, nodeMs } = await runTimed(
        graph,
        // Redacted before the graph sees it: the memory stores the transcript, and raw personal data
        // belongs only in the conversation store, never in agent state, logs or model calls.
        {
          ...memory,
          conversationId: input.conversation,
          message: redactPersonalData(input.message).text,
          asOf: input.as_of ?? null,
          today,
          customer: turnOptions.customer ?? null,
        },
      ).finally(() => sinks.delete(input.conversation));
      await saveMemory(pool, input.conversation, memoryOf(state));
      if (state.asOf && state.reply && state.reply.outcome !== "handoff") {
        const note = await versionNote(pool, state.asOf, today, state.reply.citations);
        if (note) state.reply = { ...state.reply, text: `${state.reply.text}\n${note}` };
      }
      const ms = performance.now() - started;
      const turnId = await recordTurn(pool, input.conversation, state, ms, nodeMs);
      return { ...detail(input.conversation, state, ms, turnId), nodeMs };
    },
    async suggest(input, customer = null) {
      const started = performance.now();
      const state = (await graph.invoke({
        conversationId: input.conversation,
        message: redactPersonalData(input.message).text,
        asOf: input.as_of ?? null,
        today: todayOf(),
        customer,
      })) as State;
      const ms = performance.now() - started;
      await recordSuggestionExposures(pool, input.conversation, state.exposures);
      return detail(input.conversation, state, ms, 0);
    },
    async close() {
      // The agent shares the caller's pool; nothing of its own to release.
    },
  };
}
