// After a crash (a process killed mid-turn), customer messages stored without Keel's reply are
// answered when a server starts, so nothing the customer sent is silently dropped.
import { getConversation, unansweredCustomerMessages } from "./store.ts";
import { answer, serialize, type Desk } from "./turns.ts";

/** Only recent conversations: a reply days later would confuse more than help. */
const RESUME_WINDOW = "1 hour";

export async function resumeInterruptedTurns(desk: Desk): Promise<number> {
  const { rows } = await desk.pool.query<{ id: string }>(
    `SELECT DISTINCT c.id FROM conversations c JOIN messages m ON m.conversation_id = c.id
     WHERE c.status = 'bot' AND m.author = 'customer' AND m.created_at > now() - interval '${RESUME_WINDOW}'
       AND NOT EXISTS (SELECT 1 FROM messages r WHERE r.reply_to = m.id AND r.author = 'keel')`,
  );
  let resumed = 0;
  for (const { id } of rows) resumed += await resumeConversation(desk, id);
  if (resumed) desk.log("info", "answered messages a previous process left unanswered", { messages: resumed });
  return resumed;
}

export function resumeConversation(desk: Desk, conversationId: string): Promise<number> {
  // In the conversation's queue, so a customer resending the same message meanwhile finds the reply.
  return serialize(conversationId, () => resumeUnanswered(desk, conversationId));
}

async function resumeUnanswered(desk: Desk, conversationId: string): Promise<number> {
  let n = 0;
  for (const m of await unansweredCustomerMessages(desk.pool, conversationId)) {
    const conv = await getConversation(desk.pool, conversationId);
    if (!conv || conv.status !== "bot") break;
    await answer(desk, conv, m);
    n++;
  }
  return n;
}
