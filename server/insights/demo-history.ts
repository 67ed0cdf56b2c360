// Demo history for `npm start` (issue 17): a few weeks of plausible conversations — answers,
// refusals, false premises caught, pushback, handoffs with a person's reply, repeat contacts and
// ratings — so the insights page is not empty on a fresh machine. Every row is marked demo
// (conversations.demo, site "demo"), replaced on each demo start, and never written into a data
// folder that holds real staff or customers.
import type pg from "pg";
import { forgetTurnsOf, recordPastTurn } from "../../agent/store/turns.ts";
import { inTransaction } from "../../kb/db/transactions.ts";
import { openingPassages } from "../../kb/list.ts";
import { DEMO_SITE } from "../demo.ts";
import { prng } from "../../kb/seeded-random.ts";

/** How far back the demo history goes: enough weeks for a trend line. */
export const DEMO_HISTORY_DAYS = 42;

export class NotADemoFolder extends Error {}

type Passage = { policy: string; title: string; version: number; section: string; chunkId: number; quote: string };

/** Why the folder is not a demo one, or null when it is: any staff account outside the demo's own
 *  (@demo.keel), or any conversation from a real site. */
export async function realDataIn(pool: pg.Pool): Promise<string | null> {
  const { rows } = await pool.query<{ staff: number; conversations: number }>(
    `SELECT (SELECT count(*) FROM staff WHERE email NOT LIKE '%@demo.keel')::int AS staff,
            (SELECT count(*) FROM conversations WHERE NOT demo AND site IS NOT NULL AND site <> $1)::int AS conversations`,
    [DEMO_SITE],
  );
  const { staff, conversations } = rows[0]!;
  if (staff) return `${staff} staff account(s) not created by the demo`;
  if (conversations) return `${conversations} conversation(s) from a real site`;
  return null;
}

async function passages(pool: pg.Pool): Promise<Passage[]> {
  const rows = await openingPassages(pool);
  return rows.map((r) => ({
    policy: r.policy,
    title: r.title,
    version: r.version,
    section: r.section,
    chunkId: Number(r.chunk_id),
    quote: (r.content.split(/(?<=[.!?])\s/)[0] ?? r.content).slice(0, 240),
  }));
}

const QUESTIONS = [
  (p: Passage) => `What does your ${p.title.toLowerCase()} policy say about ${p.section.toLowerCase()}?`,
  (p: Passage) => `Quick question on ${p.section.toLowerCase()} — how does that work?`,
  (p: Passage) => `Can you tell me the rules for ${p.section.toLowerCase()}?`,
];
const UNANSWERABLE = [
  "Do you price-match other stores?",
  "Can I pay with bitcoin?",
  "Do you ship to Antarctica?",
  "Is there a student discount?",
  "Can I book an in-store appointment?",
];
const PUSHBACK = "Are you sure? I was told something different last time.";

export type DemoHistory = { conversations: number; ratings: number; days: number };

/**
 * Replaces the demo history with a fresh one ending today. Refuses (NotADemoFolder) when the
 * database holds real staff or customers: demo rows must never mix with them.
 */
export async function seedDemoHistory(pool: pg.Pool, options: { now?: Date; seed?: number; days?: number } = {}): Promise<DemoHistory> {
  const real = await realDataIn(pool);
  if (real) throw new NotADemoFolder(`Not seeding demo history: this data folder holds ${real}. Use a fresh KEEL_DATA_DIR for the demo.`);
  const found = await passages(pool);
  if (!found.length)
    throw new Error("Not seeding demo history: the knowledge base has no published policy to cite; import policies first (keel kb import policies).");
  const now = options.now ?? new Date();
  const days = options.days ?? DEMO_HISTORY_DAYS;
  const random = prng(options.seed ?? 17);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  // A few policies get most of the questions, as in real traffic: the everyday ones first when the
  // knowledge base has them (the sample KB does), then whatever else it holds.
  const everyday = [
    "returns",
    "shipping",
    "refunds",
    "lost-damaged-packages",
    "order-changes",
    "exchanges",
    "warranties",
    "payment-methods",
    "gift-cards",
  ];
  const rank = (p: Passage) => (everyday.includes(p.policy) ? everyday.indexOf(p.policy) : everyday.length);
  const popular = [...found].sort((a, b) => rank(a) - rank(b)).slice(0, Math.min(found.length, 8));

  return inTransaction(pool, async (db) => {
    const { rows: demo } = await db.query<{ id: string }>("SELECT id::text FROM conversations WHERE demo");
    await forgetTurnsOf(
      db,
      demo.map((r) => r.id),
    );
    await db.query("DELETE FROM conversations WHERE demo");
    const { rows: staff } = await db.query<{ id: number; display_name: string }>(
      "SELECT id, display_name FROM staff WHERE email LIKE '%@demo.keel' ORDER BY id",
    );
    const agent = staff[0] ?? null;
    let conversations = 0;
    let ratings = 0;

    const message = async (
      conv: string,
      at: Date,
      m: {
        author: string;
        text: string;
        outcome?: string;
        citations?: Passage[];
        signals?: object;
        turnId?: number;
        name?: string;
        agentId?: number;
      },
    ) => {
      const citations = (m.citations ?? []).map((p) => ({
        policy: p.policy,
        title: p.title,
        version: p.version,
        section: p.section,
        quote: p.quote,
      }));
      await db.query(
        `INSERT INTO messages (conversation_id, author, author_name, agent_id, text, outcome, citations, signals, turn_id, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)`,
        [
          conv,
          m.author,
          m.name ?? null,
          m.agentId ?? null,
          m.text,
          m.outcome ?? null,
          JSON.stringify(citations),
          m.signals ? JSON.stringify(m.signals) : null,
          m.turnId ?? null,
          at,
        ],
      );
    };
    const turn = async (
      conv: string,
      at: Date,
      t: { question: string; outcome: string; reply: string; cites: Passage[]; retrieved: Passage[]; premises?: object[]; reason?: string },
    ) => {
      const citations = t.cites.map((p) => ({ policy: p.policy, title: p.title, version: p.version, section: p.section, quote: p.quote }));
      return recordPastTurn(db, {
        conversationId: conv,
        at,
        question: t.question,
        outcome: t.outcome,
        escalationReason: t.reason ?? null,
        reply: t.reply,
        chunkIds: t.retrieved.map((p) => p.chunkId),
        citations,
        premises: t.premises ?? [],
        ms: 40 + Math.floor(random() * 400),
      });
    };
    const signals = (kinds: string[], premises: object[] = []) => ({
      sycophancy: { detected: kinds.length > 0, kinds, premises },
      escalation: null,
      injection: false,
    });

    for (let d = days; d >= 0; d--) {
      const day = new Date(now.getTime() - d * 86_400_000);
      const weekend = day.getUTCDay() === 0 || day.getUTCDay() === 6;
      // Traffic grows a little week on week, and is lighter at weekends.
      const count = Math.round((weekend ? 2 : 5) + random() * 4 + (days - d) / 14);
      for (let i = 0; i < count; i++) {
        const start = new Date(day.getTime() - (8 + random() * 9) * 3_600_000 + i * 60_000);
        if (start > now) continue;
        const at = (minutes: number) => new Date(start.getTime() + minutes * 60_000);
        // Several hundred demo customers: some come back within a week, most do not.
        const customer = `demo-${String(1 + Math.floor(random() * 400)).padStart(3, "0")}`;
        const { rows } = await db.query<{ id: string }>(
          `INSERT INTO conversations (id, token_hash, site, customer_id, verified, customer_name, status, demo, created_at, updated_at)
           VALUES (gen_random_uuid(), 'demo-history', $1, $2, true, $3, 'bot', true, $4, $4) RETURNING id::text`,
          [DEMO_SITE, customer, `Demo customer ${customer.slice(5)}`, start],
        );
        const conv = rows[0]!.id;
        conversations++;
        const p = pick(popular);
        const roll = random();
        let helpfulChance = 0.85;
        if (roll < 0.58) {
          // Answered from a policy; sometimes with a false premise corrected, sometimes pushed back on.
          const falsePremise = random() < 0.15;
          const question = falsePremise ? `Since it's free anyway, ${QUESTIONS[0]!(p).toLowerCase()}` : pick(QUESTIONS)(p);
          const premises = falsePremise
            ? [{ claim: "it's free anyway", kind: "presupposed", verdict: "contradicted", citation: null, reason: "the passage says otherwise" }]
            : [];
          await message(conv, at(0), { author: "customer", text: question });
          const id = await turn(conv, at(0.1), { question, outcome: "answer", reply: p.quote, cites: [p], retrieved: [p], premises });
          await message(conv, at(0.1), {
            author: "keel",
            text: p.quote,
            outcome: "answer",
            citations: [p],
            turnId: id,
            signals: signals(falsePremise ? ["false_premise"] : [], premises),
          });
          if (random() < 0.12) {
            await message(conv, at(1), { author: "customer", text: PUSHBACK });
            const held = await turn(conv, at(1.1), {
              question: PUSHBACK,
              outcome: "answer",
              reply: `I checked again: ${p.quote}`,
              cites: [p],
              retrieved: [p],
            });
            await message(conv, at(1.1), {
              author: "keel",
              text: `I checked again: ${p.quote}`,
              outcome: "answer",
              citations: [p],
              turnId: held,
              signals: signals(["pushback"]),
            });
            helpfulChance = 0.6;
          }
        } else if (roll < 0.78) {
          // Nothing in the policies answers it: Keel says so (and had retrieved a nearby policy).
          const question = pick(UNANSWERABLE);
          const reply = "I can't confirm that from our policies. A person from our team can help with this.";
          await message(conv, at(0), { author: "customer", text: question });
          const id = await turn(conv, at(0.1), { question, outcome: "refusal", reply, cites: [], retrieved: [p] });
          await message(conv, at(0.1), { author: "keel", text: reply, outcome: "refusal", turnId: id, signals: signals([]) });
          helpfulChance = 0.3;
        } else {
          // Handed off: a person claims the ticket, replies within minutes and resolves it.
          const question = `I need help with ${p.section.toLowerCase()} on my order, it's urgent.`;
          const reply = "I'm passing this to a person from our team who can look at your order.";
          await message(conv, at(0), { author: "customer", text: question });
          const id = await turn(conv, at(0.1), { question, outcome: "handoff", reply, cites: [], retrieved: [p], reason: "policy_requires" });
          await message(conv, at(0.1), { author: "keel", text: reply, outcome: "handoff", turnId: id, signals: signals([]) });
          const wait = 1 + random() * 14;
          const { rows: t } = await db.query<{ id: string }>(
            `INSERT INTO tickets (conversation_id, status, reason, topic, context, created_at, claimed_by, claimed_at, first_reply_at, resolved_at, disposition)
             VALUES ($1,'resolved','policy_requires',$2,$3,$4,$5,$6,$7,$8,'solved') RETURNING id`,
            [
              conv,
              p.title,
              JSON.stringify({ question, summary: "Demo handoff", found: [] }),
              at(0.1),
              agent?.id ?? null,
              agent ? at(wait * 0.8) : null,
              agent ? at(wait) : null,
              at(wait + 10),
            ],
          );
          if (agent) {
            await message(conv, at(wait), {
              author: "agent",
              text: "Hi, I've looked at your order and sorted it out for you.",
              name: agent.display_name,
              agentId: agent.id,
            });
            await db.query("INSERT INTO ticket_events (ticket_id, kind, actor, at) VALUES ($1,'resolved','demo',$2)", [t[0]!.id, at(wait + 10)]);
          }
          helpfulChance = 0.8;
        }
        if (random() < 0.45) {
          const helpful = random() < helpfulChance;
          const score = random() < 0.7 ? (helpful ? 4 + Math.round(random()) : 1 + Math.floor(random() * 3)) : null;
          await db.query(
            `INSERT INTO ratings (conversation_id, helpful, score, outcome, policies, human, created_at, updated_at)
             SELECT $1, $2, $3, (SELECT outcome FROM messages WHERE conversation_id = $1 AND author = 'keel' ORDER BY id DESC LIMIT 1),
                    COALESCE((SELECT array_agg(DISTINCT c->>'policy') FROM messages m, jsonb_array_elements(m.citations) c WHERE m.conversation_id = $1), '{}'),
                    EXISTS (SELECT 1 FROM messages WHERE conversation_id = $1 AND author = 'agent'), $4, $4`,
            [conv, helpful, score, at(20)],
          );
          ratings++;
        }
      }
    }
    return { conversations, ratings, days };
  });
}
