// Conversations and their messages in Postgres. Messages are append-only and carry the sender's
// idempotency key, so a retried send returns the stored message instead of adding a second one.
import { randomUUID } from "node:crypto";
import type pg from "pg";
import { statement } from "../../kb/db/prepared.ts";
import type { TurnResult } from "../../protocol/turn-result.ts";
import type { Citation } from "../../agent/state.ts";
import { maskDeep, maskText, type MaskKind } from "../../agent/guard/mask.ts";
import { hashSecret, newSecret, sameHash } from "../auth/tokens.ts";
import type { ConversationStatus, GroundingScore, Message, StaffMessage } from "../../protocol/messages.ts";

export type ConversationRow = {
  id: string;
  token_hash: string;
  site: string | null;
  customer_id: string | null;
  verified: boolean;
  customer_name: string | null;
  status: ConversationStatus;
  agent_id: number | null;
  follow_up_email: string | null;
  created_at: Date;
  updated_at: Date;
  context: { order_date?: string; order_id?: string };
  /** The customer context the host signed (migration 027), or null. */
  signed_context?: unknown;
};

type MessageRow = {
  id: string;
  conversation_id: string;
  author: Message["author"];
  author_name: string | null;
  client_id: string | null;
  reply_to: string | null;
  text: string;
  outcome: Message["outcome"];
  citations: Citation[];
  signals: TurnResult["signals"] | null;
  grounding: GroundingScore | null;
  created_at: Date;
  masked: string[] | null;
};

export function toMessage(r: MessageRow): Message {
  return {
    id: String(r.id),
    conversationId: r.conversation_id,
    author: r.author,
    authorName: r.author_name,
    text: r.text,
    createdAt: r.created_at.toISOString(),
    clientId: r.client_id,
    outcome: r.outcome ?? null,
    citations: r.citations ?? [],
    masked: (r.masked ?? []) as MaskKind[],
  };
}

export function toStaffMessage(r: MessageRow): StaffMessage {
  return { ...toMessage(r), signals: r.signals ?? null, grounding: r.grounding ?? null };
}

export async function createConversation(
  pool: pg.Pool,
  who: { site?: string | null; customerId?: string | null; verified?: boolean; name?: string | null; context?: object } = {},
): Promise<{ id: string; token: string }> {
  const id = randomUUID();
  const token = newSecret("kc_");
  await pool.query("INSERT INTO conversations (id, token_hash, site, customer_id, verified, customer_name, context) VALUES ($1,$2,$3,$4,$5,$6,$7)", [
    id,
    hashSecret(token),
    who.site ?? null,
    who.customerId ?? null,
    who.verified ?? false,
    who.name ? maskText(who.name).text : null,
    JSON.stringify(maskDeep(who.context ?? {})),
  ]);
  return { id, token };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The conversation when the token is its own, else null (unknown id and wrong token look alike). */
export async function authorizeConversation(pool: pg.Pool, id: string, token: string): Promise<ConversationRow | null> {
  if (!UUID.test(id)) return null;
  const row = await getConversation(pool, id);
  return row && sameHash(row.token_hash, hashSecret(token)) ? row : null;
}

export async function getConversation(pool: pg.Pool, id: string): Promise<ConversationRow | null> {
  if (!UUID.test(id)) return null;
  const { rows } = await pool.query<ConversationRow>(statement(pool, "keel_conversation", "SELECT * FROM conversations WHERE id = $1", [id]));
  return rows[0] ?? null;
}

export async function setConversationStatus(pool: pg.Pool, id: string, status: ConversationStatus, agentId: number | null = null): Promise<void> {
  await pool.query("UPDATE conversations SET status = $2, agent_id = $3, updated_at = now() WHERE id = $1", [id, status, agentId]);
}

export async function setFollowUpEmail(pool: pg.Pool, id: string, email: string): Promise<void> {
  await pool.query("UPDATE conversations SET follow_up_email = $2, updated_at = now() WHERE id = $1", [id, email]);
}

export type NewMessage = {
  conversationId: string;
  author: Message["author"];
  authorName?: string | null;
  agentId?: number | null;
  clientId?: string | null;
  replyTo?: string | null;
  text: string;
  outcome?: Message["outcome"];
  citations?: Citation[];
  signals?: TurnResult["signals"] | null;
  grounding?: GroundingScore | null;
  turnId?: number | null;
  /** Kinds of personal data masked in text, for the marker the console shows. */
  masked?: MaskKind[];
};

/** A clientId reused with another text: the sender's second message would otherwise be dropped
 *  silently while it is told "ok". */
export class ClientIdConflict extends Error {
  readonly code = "client_id_conflict";
  constructor(clientId: string) {
    super(
      `clientId ${clientId} was already used for a different message in this conversation: send a new message with a new clientId (a retry must repeat the same text).`,
    );
  }
}

/** Inserts a message; with a clientId already used by this author, returns the stored one instead
 *  when the text is the same (a retry), and throws ClientIdConflict when it is not. */
export async function appendMessage(pool: pg.Pool, m: NewMessage): Promise<{ row: MessageRow; created: boolean }> {
  const params = [
    m.conversationId,
    m.author,
    m.authorName ?? null,
    m.agentId ?? null,
    m.clientId ?? null,
    m.replyTo ?? null,
    m.text,
    m.outcome ?? null,
    JSON.stringify(m.citations ?? []),
    m.signals ? JSON.stringify(m.signals) : null,
    m.grounding ? JSON.stringify(m.grounding) : null,
    m.turnId ?? null,
    m.masked ?? [],
  ];
  const insertedText = params[6];
  // One statement: the conversation's last activity moves only when the message is new.
  const { rows } = await pool.query<MessageRow>(
    statement(
      pool,
      "keel_append_message",
      `WITH m AS (
       INSERT INTO messages (conversation_id, author, author_name, agent_id, client_id, reply_to, text, outcome, citations, signals, grounding, turn_id, masked)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13)
       ON CONFLICT DO NOTHING RETURNING *
     ), touched AS (UPDATE conversations SET updated_at = now() WHERE id = $1 AND EXISTS (SELECT 1 FROM m))
     SELECT * FROM m`,
      params,
    ),
  );
  if (rows[0]) return { row: rows[0], created: true };
  const existing =
    m.replyTo && m.author === "keel"
      ? await pool.query<MessageRow>("SELECT * FROM messages WHERE reply_to = $1 AND author = 'keel'", [m.replyTo])
      : await pool.query<MessageRow>("SELECT * FROM messages WHERE conversation_id = $1 AND author = $2 AND client_id = $3", [
          m.conversationId,
          m.author,
          m.clientId,
        ]);
  if (!existing.rows[0]) throw new Error(`Message insert for conversation ${m.conversationId} conflicted but no stored message was found.`);
  // Compared as stored: the text the insert above would have written (its 7th parameter).
  if (m.clientId && !(m.replyTo && m.author === "keel") && existing.rows[0].text !== insertedText) throw new ClientIdConflict(m.clientId);
  return { row: existing.rows[0], created: false };
}

export async function findReply(pool: pg.Pool, customerMessageId: string): Promise<MessageRow | null> {
  const { rows } = await pool.query<MessageRow>("SELECT * FROM messages WHERE reply_to = $1 AND author = 'keel'", [customerMessageId]);
  return rows[0] ?? null;
}

export async function listMessages(pool: pg.Pool, conversationId: string, after?: string): Promise<MessageRow[]> {
  const { rows } = await pool.query<MessageRow>("SELECT * FROM messages WHERE conversation_id = $1 AND id > $2 ORDER BY id LIMIT 1000", [
    conversationId,
    after ?? "0",
  ]);
  return rows;
}

/** Customer messages with no reply from Keel yet (a process died mid-turn): resumed on start. */
export async function unansweredCustomerMessages(pool: pg.Pool, conversationId: string): Promise<MessageRow[]> {
  const { rows } = await pool.query<MessageRow>(
    `SELECT m.* FROM messages m JOIN conversations c ON c.id = m.conversation_id
     WHERE m.conversation_id = $1 AND m.author = 'customer' AND c.status = 'bot'
       AND NOT EXISTS (SELECT 1 FROM messages r WHERE r.reply_to = m.id AND r.author = 'keel')
       AND m.id > COALESCE((SELECT max(id) FROM messages a WHERE a.conversation_id = m.conversation_id AND a.author IN ('agent','system')), 0)
     ORDER BY m.id`,
    [conversationId],
  );
  return rows;
}

export type { MessageRow };
