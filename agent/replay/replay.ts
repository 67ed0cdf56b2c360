// Regression replay: before a new version of a policy takes effect, the questions that cited the
// policy recently (plus any the caller adds, such as eval cases) are answered twice — under the
// rules in force today and as if the new version were in force — and the owner sees what changes.
// The "as if" runs inside a transaction that is rolled back: nothing is published by a replay.
import { transactionView } from "../../kb/db/transactions.ts";
import type pg from "pg";
import type { KeelConfig } from "../../config/env.ts";
import { putInForceForTrial } from "../../kb/authoring/trial.ts";
import { authoredQuestions, versionInfo } from "../../kb/authoring/versions.ts";
import { todayIso } from "../../kb/effective.ts";
import type { Embedder } from "../../kb/embed/embedder.ts";
import { defaultAnswerability } from "../answerability/model.ts";
import type { AgentDeps } from "../deps.ts";
import { buildGraph } from "../graph.ts";
import { redactPersonalData } from "../guard/redact.ts";
import { createChatModel } from "../model/chat-model.ts";
import { recentQuestionsCiting } from "../store/turns.ts";
import type { Citation, State } from "../state.ts";

export type ReplayAnswer = { outcome: string; text: string; citations: Citation[] };
export type ReplayItem = {
  question: string;
  /** A question customers asked lately, one the policy's owners wrote for it, or one the caller added. */
  source: "recent" | "authored" | "eval";
  before: ReplayAnswer;
  after: ReplayAnswer;
  change: "same" | "changed" | "now_refused" | "now_handed_off" | "now_answered";
};
export type Replay = { policy: string; version: number; effectiveFrom: string; items: ReplayItem[]; changed: number };

function changeOf(before: ReplayAnswer, after: ReplayAnswer): ReplayItem["change"] {
  if (before.outcome !== after.outcome) {
    if (after.outcome === "refusal") return "now_refused";
    if (after.outcome === "handoff") return "now_handed_off";
    if (after.outcome === "answer") return "now_answered";
    return "changed";
  }
  return before.text === after.text ? "same" : "changed";
}

export async function replayVersion(options: {
  pool: pg.Pool;
  embedder: Embedder;
  config: KeelConfig;
  policy: string;
  version: number;
  extraQuestions?: string[];
}): Promise<Replay> {
  const { pool, embedder, config, policy, version } = options;
  const info = await versionInfo(pool, policy, version);
  if (!info) throw new Error(`No version ${version} of policy "${policy}".`);
  // The policy's own questions (what it is meant to answer) beside what customers actually asked.
  const authored = new Set(await authoredQuestions(pool, policy));
  const questions = [...new Set([...(await recentQuestionsCiting(pool, policy)), ...authored, ...(options.extraQuestions ?? [])])];
  const recent = new Set(await recentQuestionsCiting(pool, policy));
  const today = todayIso();
  const client = await pool.connect();
  // The graph reads through this client only, so it sees the transaction's uncommitted view.
  const view = transactionView(client);
  const deps: AgentDeps = {
    pool: view,
    embedder,
    chat: createChatModel(config),
    chatModelName: config.KEEL_CHAT_MODEL,
    modelTimeoutMs: config.KEEL_MODEL_TIMEOUT_MS,
    answerability: defaultAnswerability(),
    log: () => undefined,
  };
  const graph = buildGraph(deps);
  const ask = async (q: string): Promise<ReplayAnswer> => {
    const s = (await graph.invoke({ conversationId: `replay:${policy}:${version}`, message: redactPersonalData(q).text, asOf: today })) as State;
    return { outcome: s.reply!.outcome, text: s.reply!.text, citations: s.reply!.citations };
  };
  try {
    await client.query("BEGIN");
    const before = new Map<string, ReplayAnswer>();
    for (const q of questions) before.set(q, await ask(q));
    // As if the new version took effect today (whatever date it is scheduled for).
    await putInForceForTrial(client, policy, version, today);
    const items: ReplayItem[] = [];
    for (const q of questions) {
      const after = await ask(q);
      const b = before.get(q)!;
      items.push({
        question: q,
        source: recent.has(q) ? "recent" : authored.has(q) ? "authored" : "eval",
        before: b,
        after,
        change: changeOf(b, after),
      });
    }
    return { policy, version, effectiveFrom: info.effectiveFrom, items, changed: items.filter((i) => i.change !== "same").length };
  } finally {
    await client.query("ROLLBACK").catch(() => undefined);
    client.release();
  }
}
