// What a conversation keeps between turns (migration 029): one row per conversation, read before a
// turn and written after it. The graph runs without a LangGraph checkpointer: only these few fields
// outlive a turn, and the turn's own record is agent_turns.
import type pg from "pg";
import { statement } from "../../kb/db/prepared.ts";
import { conversationMemorySchema, type ConversationMemory, type State } from "../state.ts";

type Db = pg.Pool | pg.PoolClient;

/** The conversation's memory, or a new conversation's (also when a stored row no longer reads:
 *  a conversation that loses its context is better than one that cannot go on). */
export async function loadMemory(db: Db, conversationId: string): Promise<ConversationMemory> {
  const { rows } = await db.query<{ memory: unknown }>(
    statement(db, "keel_load_memory", "SELECT memory FROM conversation_memory WHERE conversation_id = $1", [conversationId]),
  );
  const read = conversationMemorySchema.safeParse(rows[0]?.memory ?? {});
  return read.success ? read.data : conversationMemorySchema.parse({});
}

/** The fields of a finished turn's state that the conversation keeps. */
export function memoryOf(state: State): ConversationMemory {
  const { transcript, lastAnswer, refusalStreak, issueAcknowledged, issueOfferOpen } = state;
  return { transcript, lastAnswer, refusalStreak, issueAcknowledged, issueOfferOpen };
}

export async function saveMemory(db: Db, conversationId: string, memory: ConversationMemory): Promise<void> {
  await db.query(
    statement(
      db,
      "keel_save_memory",
      `INSERT INTO conversation_memory (conversation_id, memory) VALUES ($1, $2)
       ON CONFLICT (conversation_id) DO UPDATE SET memory = EXCLUDED.memory, updated_at = now()`,
      [conversationId, JSON.stringify(memory)],
    ),
  );
}
