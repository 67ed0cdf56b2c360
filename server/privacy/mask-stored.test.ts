// Masking what an older data folder already holds: migration 023 and the data pass at start mask
// every stored card, national id and bank account number, once, and resume after an interruption.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useMaskedKinds } from "../../agent/guard/mask.ts";
import { listMigrations, migrate } from "../../kb/db/migrate.ts";
import { createPGlite, openEmbedded, type Database } from "../../kb/db/open.ts";
import { maskStoredData } from "./at-rest.ts";

const CARD = "4111 1111 1111 1111";
const SSN = "123-45-6789";
const ACCOUNT = "account number 12345678";

let db: Database;

beforeAll(async () => {
  db = await openEmbedded(await createPGlite("memory://"), undefined, false);
  // The schema as it was before masking at rest.
  await migrate(
    db.pool,
    listMigrations().filter((m) => m.id < "023"),
  );
}, 60_000);
afterAll(async () => db?.close());

/** Rows as Keel wrote them before issue 16: the customer's words in full. */
async function insertRawConversation(): Promise<string> {
  const pool = db.pool;
  const id = randomUUID();
  await pool.query("INSERT INTO conversations (id, token_hash, customer_name, context) VALUES ($1, 'h', $2, $3)", [
    id,
    `Jo ${SSN}`,
    JSON.stringify({ order_id: `card ${CARD}` }),
  ]);
  const {
    rows: [m],
  } = await pool.query<{ id: string }>(
    "INSERT INTO messages (conversation_id, author, client_id, text) VALUES ($1, 'customer', 'c-1', $2) RETURNING id",
    [id, `My card is ${CARD}, SSN ${SSN}, ${ACCOUNT}. Refund?`],
  );
  await pool.query(
    "INSERT INTO messages (conversation_id, author, reply_to, text, signals) VALUES ($1, 'keel', $2, 'You can return unworn items within 30 days.', $3)",
    [id, m!.id, JSON.stringify({ sycophancy: { premises: [{ claim: `card ${CARD} was charged` }] } })],
  );
  const {
    rows: [t],
  } = await pool.query<{ id: string }>(
    "INSERT INTO tickets (conversation_id, reason, topic, context) VALUES ($1, 'requested', 'general', $2) RETURNING id",
    [
      id,
      JSON.stringify({
        summary: 'Customer pressed "talk to a person".',
        question: `My card is ${CARD}, SSN ${SSN}`,
        found: [],
        signals: [],
        suggestedReply: null,
      }),
    ],
  );
  await pool.query("INSERT INTO ticket_events (ticket_id, kind, actor, details) VALUES ($1, 'note', 'a@x', $2)", [
    t!.id,
    JSON.stringify({ text: `read out ${CARD}` }),
  ]);
  const {
    rows: [s],
  } = await pool.query<{ id: number }>("INSERT INTO staff (email, display_name, role) VALUES ($1, 'Ari', 'agent') RETURNING id", [`${id}@x.test`]);
  await pool.query("INSERT INTO notes (conversation_id, staff_id, text) VALUES ($1, $2, $3)", [id, s!.id, `SSN ${SSN} confirmed`]);
  // Before issue 16 the agent redacted cards itself, but not bank accounts.
  const {
    rows: [turn],
  } = await pool.query<{ id: string }>(
    "INSERT INTO agent_turns (conversation_id, message_redacted, outcome, reply_text, ms) VALUES ($1, $2, 'answer', 'ok', 1) RETURNING id",
    [id, `My card is [CARD], ${ACCOUNT}`],
  );
  await pool.query("INSERT INTO llm_exposures (conversation_id, turn_id, purpose, model, payload) VALUES ($1, $2, 'answer', 'm', $3)", [
    id,
    turn!.id,
    JSON.stringify([{ role: "user", content: `My card is [CARD], ${ACCOUNT}` }]),
  ]);
  return id;
}

/** Every row of the tables the pass covers, as text. */
async function dump(): Promise<string> {
  const out: string[] = [];
  for (const table of ["conversations", "messages", "tickets", "ticket_events", "notes", "agent_turns", "llm_exposures"]) {
    const { rows } = await db.pool.query(`SELECT t::text AS row FROM ${table} t ORDER BY 1`);
    out.push(...rows.map((r) => `${table}: ${r.row}`));
  }
  return out.join("\n");
}

describe("masking an older data folder", () => {
  it("masks every stored card, SSN and bank account number, and a second run changes nothing", async () => {
    const id = await insertRawConversation();
    const before = await dump();
    expect(before).toContain(CARD);
    expect(before).toContain(SSN);
    expect(before).toContain("12345678");

    expect(await migrate(db.pool)).toContain("023_mask_at_rest");
    const first = await maskStoredData(db.pool);
    expect(first.rowsMasked).toBe(8);
    const after = await dump();
    for (const secret of [CARD, "4111111111111111", SSN, "12345678"]) expect(after).not.toContain(secret);
    const {
      rows: [m],
    } = await db.pool.query("SELECT text, masked FROM messages WHERE conversation_id = $1 AND author = 'customer'", [id]);
    expect(m).toEqual({ text: "My card is •••• 1111, SSN •••• 6789, account number •••• 5678. Refund?", masked: ["card", "gov_id", "bank_account"] });
    const {
      rows: [t],
    } = await db.pool.query("SELECT context FROM tickets WHERE conversation_id = $1", [id]);
    expect(t.context.question).toBe("My card is •••• 1111, SSN •••• 6789");
    // What was not personal data is as it was.
    expect(after).toContain("You can return unworn items within 30 days.");
    expect(after).toContain("[CARD]");

    expect(await maskStoredData(db.pool)).toMatchObject({ rowsMasked: 0 });
    expect(await dump()).toBe(after);
  }, 30_000);

  it("resumes an interrupted pass where it stopped", async () => {
    await db.pool.query("DELETE FROM mask_at_rest_progress");
    const ids = [await insertRawConversation(), await insertRawConversation(), await insertRawConversation()];
    // Two batches of two messages, then "the process dies".
    const partial = await maskStoredData(db.pool, { batchRows: 2, stopAfterBatches: 2 });
    expect(partial.tablesDone).toBe(0);
    const { rows: progress } = await db.pool.query("SELECT after_key, done FROM mask_at_rest_progress WHERE table_name = 'messages'");
    expect(progress[0]).toMatchObject({ done: false });
    expect(progress[0].after_key).not.toBeNull();
    const { rows: left } = await db.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM messages WHERE text LIKE $1", [`%${CARD}%`]);
    expect(left[0]!.n).toBeGreaterThan(0);

    const rest = await maskStoredData(db.pool, { batchRows: 2 });
    expect(rest.tablesDone).toBe(7);
    const all = await dump();
    for (const secret of [CARD, SSN, "12345678"]) expect(all).not.toContain(secret);
    for (const id of ids) expect(all).toContain(id);
  }, 30_000);

  it("runs a new pass when the setting widens what is masked", async () => {
    const id = randomUUID();
    await db.pool.query("INSERT INTO conversations (id, token_hash) VALUES ($1, 'h')", [id]);
    await db.pool.query("INSERT INTO messages (conversation_id, author, text) VALUES ($1, 'customer', 'mail me at jo@example.com')", [id]);
    expect((await maskStoredData(db.pool)).rowsMasked).toBe(0);
    useMaskedKinds(["email"]);
    try {
      const widened = await maskStoredData(db.pool);
      expect(widened.pass).toContain("email");
      expect(widened.rowsMasked).toBeGreaterThanOrEqual(1);
    } finally {
      useMaskedKinds([]);
    }
    const { rows } = await db.pool.query("SELECT text, masked FROM messages WHERE conversation_id = $1", [id]);
    expect(rows[0]).toEqual({ text: "mail me at •••@example.com", masked: ["email"] });
  }, 30_000);
});
