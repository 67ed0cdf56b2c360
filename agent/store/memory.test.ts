// What a conversation keeps between turns: saved and read back through its schema, a row that no
// longer reads starts the conversation afresh, and a database the LangGraph checkpointer wrote
// (before migration 029) carries each conversation's kept fields over and loses the checkpointer's
// tables.
import { PostgresSaver } from "@langchain/langgraph-checkpoint-postgres";
import { END, START, StateGraph } from "@langchain/langgraph";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listMigrations, migrate } from "../../kb/db/migrate.ts";
import { createPGlite, openEmbedded, type Database } from "../../kb/db/open.ts";
import { AgentState } from "../state.ts";
import { loadMemory, saveMemory } from "./memory.ts";

let db: Database;
beforeAll(async () => {
  // Migrated up to the one before 029, as a database the checkpointer served was.
  db = await openEmbedded(await createPGlite("memory://"), undefined, false);
  await migrate(
    db.pool,
    listMigrations().filter((m) => m.id < "029"),
  );
});
afterAll(async () => db.close());

const answer = { question: "How long do returns take?", text: "Returns take 30 days.", citations: [] };

describe("conversation memory", () => {
  it("carries a checkpointed conversation's kept fields over in migration 029 and drops the checkpointer's tables", async () => {
    const saver = new PostgresSaver(db.pool);
    await saver.setup();
    // The old agent's graph: the whole state checkpointed once per turn.
    const graph = new StateGraph(AgentState)
      .addNode("turn", () => ({
        transcript: [{ role: "keel" as const, text: "Returns take 30 days." }],
        lastAnswer: answer,
        refusalStreak: 2,
        hits: [],
      }))
      .addEdge(START, "turn")
      .addEdge("turn", END)
      .compile({ checkpointer: saver });
    const thread = { configurable: { thread_id: "old-conversation" } };
    await graph.invoke({ conversationId: "old-conversation", message: "hi", transcript: [{ role: "customer", text: "hi" }] }, thread);
    await graph.invoke({ conversationId: "old-conversation", message: "and?", transcript: [{ role: "customer", text: "and?" }] }, thread);

    expect(await migrate(db.pool)).toContain("029_conversation_memory");
    const memory = await loadMemory(db.pool, "old-conversation");
    expect(memory.transcript.map((e) => e.text)).toEqual(["hi", "Returns take 30 days.", "and?", "Returns take 30 days."]);
    expect(memory.lastAnswer).toEqual(answer);
    expect(memory.refusalStreak).toBe(2);
    expect(memory.issueAcknowledged).toBe(false);
    const { rows } = await db.pool.query("SELECT to_regclass('checkpoint_blobs') IS NULL AND to_regclass('checkpoints') IS NULL AS gone");
    expect(rows[0].gone).toBe(true);
  });

  it("saves and reads back; a new conversation and an unreadable row start empty", async () => {
    expect(await loadMemory(db.pool, "never-seen")).toEqual({
      transcript: [],
      lastAnswer: null,
      refusalStreak: 0,
      issueAcknowledged: false,
      issueOfferOpen: false,
    });
    const kept = {
      transcript: [{ role: "customer" as const, text: "[CARD] lost" }],
      lastAnswer: answer,
      refusalStreak: 1,
      issueAcknowledged: true,
      issueOfferOpen: false,
    };
    await saveMemory(db.pool, "c1", kept);
    expect(await loadMemory(db.pool, "c1")).toEqual(kept);
    await saveMemory(db.pool, "c1", { ...kept, refusalStreak: 0 });
    expect((await loadMemory(db.pool, "c1")).refusalStreak).toBe(0);
    await db.pool.query(`UPDATE conversation_memory SET memory = '{"transcript": "not a list"}' WHERE conversation_id = 'c1'`);
    expect((await loadMemory(db.pool, "c1")).transcript).toEqual([]);
  });
});
