// Contract tests for issue 17: POST /api/v1/conversations/{id}/rating and GET /api/v1/insights —
// bad input, wrong roles, another conversation's token, a second rating replacing the first, and
// counts that match conversations played through the real server.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUserId } from "../auth/identity.ts";
import { applyRetention } from "../privacy/retention.ts";
import { ask, newCustomer, type CustomerClient, type StaffClient, type TestServer, startTestServer } from "../../test-support/server.ts";
import { insightsSchema, type Insights } from "../../protocol/insights.ts";

let server: TestServer;
let admin: StaffClient;
let owner: StaffClient;
let agent: StaffClient;
const opened: CustomerClient[] = [];
const today = new Date().toISOString().slice(0, 10);

beforeAll(async () => {
  // Many conversations are opened here from one address; the rating limit itself stays the default.
  server = await startTestServer({}, { limits: { conversationsPerMinute: 1000 } });
  [admin, owner, agent] = await Promise.all([server.staff("admin", "Ada"), server.staff("policy_owner", "Olu"), server.staff("agent", "Avery")]);
}, 60_000);
afterAll(async () => {
  for (const c of opened) c.socket.close();
  await server?.close();
});

async function customer(body: object = {}): Promise<CustomerClient> {
  const c = await newCustomer(server.url, body);
  opened.push(c);
  return c;
}

async function say(c: CustomerClient, text: string): Promise<{ outcome: string; citations: { policy: string }[] }> {
  const res = await c.fetch(`/api/v1/conversations/${c.id}/messages`, { method: "POST", body: JSON.stringify({ text }) });
  expect(res.status).toBe(200);
  return (await res.json()) as { outcome: string; citations: { policy: string }[] };
}

const rate = (c: CustomerClient, body: unknown, as: CustomerClient = c) =>
  as.fetch(`/api/v1/conversations/${c.id}/rating`, { method: "POST", body: typeof body === "string" ? body : JSON.stringify(body) });

async function insights(who: StaffClient, query = `from=${today}&to=${today}`): Promise<Insights> {
  const res = await who.fetch(`/api/v1/insights?${query}`);
  expect(res.status).toBe(200);
  return insightsSchema.parse(await res.json());
}

describe("POST /api/v1/conversations/{id}/rating", () => {
  it("stores a rating with the outcome, the policies cited and whether a person took part, and a second replaces the first", async () => {
    const c = await customer();
    const reply = await say(c, "How many days do I have to return unworn items?");
    expect(reply.outcome).toBe("answer");
    const first = await rate(c, { helpful: false, score: 2, comment: "Too short.\u0000 My card 4111 1111 1111 1111" });
    expect(first.status).toBe(201);
    const { id } = (await first.json()) as { id: string };
    expect(id).toMatch(/^\d+$/);
    const { rows } = await server.desk.pool.query(
      "SELECT helpful, score, comment, outcome, policies, human FROM ratings WHERE conversation_id = $1",
      [c.id],
    );
    expect(rows).toEqual([
      { helpful: false, score: 2, comment: "Too short. My card •••• 1111", outcome: "answer", policies: ["returns"], human: false },
    ]);

    const second = await rate(c, { helpful: true });
    expect(second.status).toBe(201);
    expect(await second.json()).toEqual({ id });
    const after = await server.desk.pool.query("SELECT helpful, score, comment FROM ratings WHERE conversation_id = $1", [c.id]);
    expect(after.rows).toEqual([{ helpful: true, score: null, comment: null }]);
  });

  it("refuses a bad body with the documented error shape and stores nothing", async () => {
    for (const body of [
      {},
      { helpful: "yes" },
      { helpful: true, score: 6 },
      { helpful: true, score: 0 },
      { helpful: true, score: 3.5 },
      { helpful: true, comment: "x".repeat(1001) },
      { helpful: true, extra: 1 },
      "not json",
      [],
    ]) {
      // A conversation each: bad requests count against the rating limit too.
      const c = await customer();
      const res = await rate(c, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      const error = ((await res.json()) as { error: { code: string; message: string } }).error;
      expect(error.code).toMatch(/invalid_request|parse/);
      expect(error.message.length).toBeGreaterThan(0);
      const { rows } = await server.desk.pool.query("SELECT count(*)::int AS n FROM ratings WHERE conversation_id = $1", [c.id]);
      expect(rows[0].n).toBe(0);
    }
    const c = await customer();
    expect((await rate(c, { helpful: true, comment: "y".repeat(1000) })).status).toBe(201);
    const { rows } = await server.desk.pool.query("SELECT length(comment) AS n FROM ratings WHERE conversation_id = $1", [c.id]);
    expect(rows).toEqual([{ n: 1000 }]);
  });

  it("refuses another conversation's token, no token, and a staff session", async () => {
    const a = await customer();
    const b = await customer();
    expect((await rate(b, { helpful: true }, a)).status).toBe(401);
    expect(
      (
        await fetch(`${server.url}/api/v1/conversations/${b.id}/rating`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: '{"helpful":true}',
        })
      ).status,
    ).toBe(401);
    expect((await admin.fetch(`/api/v1/conversations/${b.id}/rating`, { method: "POST", body: '{"helpful":true}' })).status).toBe(401);
    const { rows } = await server.desk.pool.query("SELECT count(*)::int AS n FROM ratings WHERE conversation_id = $1", [b.id]);
    expect(rows[0].n).toBe(0);
  });

  it("is rate-limited per conversation like the other customer routes", async () => {
    const c = await customer();
    const codes: number[] = [];
    for (let i = 0; i < 7; i++) codes.push((await rate(c, { helpful: i % 2 === 0 })).status);
    expect(codes.slice(0, 5)).toEqual([201, 201, 201, 201, 201]);
    expect(codes.at(-1)).toBe(429);
  });

  it("tells the widget when a person resolved the conversation and whether it is rated", async () => {
    const c = await customer();
    await say(c, "How long does standard delivery take?");
    const ticket = await ask<{ status: { ended?: boolean } }>(c.socket, "human:request", {});
    expect(ticket.ok).toBe(true);
    const queue = (await (await agent.fetch("/api/v1/handoffs")).json()) as { tickets: { id: string; conversationId: string }[] };
    const mine = queue.tickets.find((t) => t.conversationId === c.id)!;
    expect((await agent.fetch(`/api/v1/handoffs/${mine.id}/claim`, { method: "POST" })).status).toBe(200);
    expect(
      (await agent.fetch(`/api/v1/handoffs/${mine.id}/resolve`, { method: "POST", body: JSON.stringify({ disposition: "solved" }) })).status,
    ).toBe(200);
    const before = (await (await c.fetch(`/api/v1/conversations/${c.id}/messages`)).json()) as { status: { ended: boolean; rated: boolean } };
    expect(before.status).toMatchObject({ ended: true, rated: false });
    expect((await rate(c, { helpful: true, score: 5 })).status).toBe(201);
    const after = (await (await c.fetch(`/api/v1/conversations/${c.id}/messages`)).json()) as { status: { rated: boolean } };
    expect(after.status.rated).toBe(true);
    const { rows } = await server.desk.pool.query("SELECT human FROM ratings WHERE conversation_id = $1", [c.id]);
    expect(rows).toEqual([{ human: true }]);
  });
});

describe("GET /api/v1/insights", () => {
  it("lets admins and policy owners in, refuses agents (403) and strangers (401)", async () => {
    // Without dates: this week and the five before it, to today.
    const defaults = await insights(admin, "");
    expect(defaults.to).toBe(today);
    expect(defaults.weeks).toHaveLength(6);
    expect(defaults.weeks[0]!.week).toBe(defaults.from);
    expect((await owner.fetch("/api/v1/insights")).status).toBe(200);
    const refused = await agent.fetch("/api/v1/insights");
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("forbidden");
    expect((await fetch(`${server.url}/api/v1/insights`)).status).toBe(401);
  });

  it("refuses bad dates with a 400 naming the field", async () => {
    for (const q of [
      "from=2026-13-01",
      "from=yesterday",
      "to=2026-02-30",
      "from=2026-05-02&to=2026-05-01",
      "from=2020-01-01&to=2026-01-01",
      "from[]=x",
    ]) {
      const res = await admin.fetch(`/api/v1/insights?${q}`);
      expect(res.status, q).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("invalid_request");
    }
  });

  it("counts what happened: answered, refused, handed off, repeat contacts, false premises and ratings, per week and per policy", async () => {
    // A fresh server, so the counts are exactly these conversations.
    const own = await startTestServer();
    try {
      const boss = await own.staff("admin", "Ada");
      const alex = await own.staff("agent", "Alex");
      const secret = "s".repeat(64);
      await own.desk.pool.query("INSERT INTO sites (id, secret) VALUES ('shop', $1)", [secret]);
      const identity = { site: "shop", userId: "u-1", signature: signUserId(secret, "u-1") };
      const start = async (body: object = {}) => {
        const c = await newCustomer(own.url, body);
        opened.push(c);
        return c;
      };
      const talk = async (c: CustomerClient, text: string) => {
        const res = await c.fetch(`/api/v1/conversations/${c.id}/messages`, { method: "POST", body: JSON.stringify({ text }) });
        return (await res.json()) as { outcome: string; signals: { sycophancy: { premises: { verdict: string }[] } } };
      };

      // 1. answered by Keel alone, then the same customer comes back (a repeat contact); rated helpful 4.
      const first = await start({ identity });
      expect((await talk(first, "How many days do I have to return unworn items?")).outcome).toBe("answer");
      expect(
        (
          await first.fetch(`/api/v1/conversations/${first.id}/rating`, {
            method: "POST",
            body: '{"helpful":true,"score":4,"comment":"Clear answer, thanks"}',
          })
        ).status,
      ).toBe(201);
      // 2. the repeat: answered, not followed by another contact.
      const again = await start({ identity });
      expect((await talk(again, "How long does standard delivery take?")).outcome).toBe("answer");
      // 3. a refusal (nothing in the policies), rated not helpful with score 1.
      const refused = await start();
      expect((await talk(refused, "Do you sell gift cards for bitcoin?")).outcome).toBe("refusal");
      expect(
        (await refused.fetch(`/api/v1/conversations/${refused.id}/rating`, { method: "POST", body: '{"helpful":false,"score":1}' })).status,
      ).toBe(201);
      // 4. a false premise, then a person takes over and replies.
      const premise = await start();
      const corrected = await talk(premise, "Since I have 90 days to return unworn items, can I return these shoes next month?");
      expect(corrected.signals.sycophancy.premises.map((p) => p.verdict)).toContain("contradicted");
      expect((await ask(premise.socket, "human:request", {})).ok).toBe(true);
      const queue = (await (await alex.fetch("/api/v1/handoffs")).json()) as { tickets: { id: string; conversationId: string }[] };
      const ticket = queue.tickets.find((t) => t.conversationId === premise.id)!;
      expect((await alex.fetch(`/api/v1/handoffs/${ticket.id}/claim`, { method: "POST" })).status).toBe(200);
      expect(
        (
          await alex.fetch(`/api/v1/handoffs/${ticket.id}/reply`, {
            method: "POST",
            body: JSON.stringify({ text: "It is 30 days, I can help.", client_id: "a-0000001" }),
          })
        ).status,
      ).toBe(200);
      // 5. opened and never written in: not a conversation.
      await start();
      // 6. last month: outside this range, but in a wider one, in its own week.
      const old = await start();
      expect((await talk(old, "Do orders over $49 ship free?")).outcome).toBe("answer");
      await own.desk.pool.query("UPDATE conversations SET created_at = created_at - interval '28 days' WHERE id = $1", [old.id]);

      const res = await boss.fetch(`/api/v1/insights?from=${today}&to=${today}`);
      expect(res.status).toBe(200);
      const got = insightsSchema.parse(await res.json());
      expect(got.totals).toMatchObject({
        conversations: 4,
        answered: 2,
        refused: 1,
        handoffs: 1,
        resolved_without_human: 1,
        repeat_contacts: 1,
        false_premises: 1,
        ratings: { count: 2, helpful: 1, mean_score: 2.5 },
        demo_conversations: 0,
      });
      expect(got.totals.answered + got.totals.refused).toBeLessThanOrEqual(got.totals.conversations);
      expect(got.weeks).toHaveLength(1);
      expect(got.weeks[0]).toMatchObject({ conversations: 4, answered: 2, handoffs: 1 });
      const returns = got.policies.find((p) => p.policy === "returns")!;
      expect(returns).toMatchObject({ title: "Returns", helpful: 1, not_helpful: 0 });
      expect(returns.cited).toBeGreaterThanOrEqual(1);
      expect(got.policies.find((p) => p.policy === "shipping")).toMatchObject({ cited: 1, helpful: 0, not_helpful: 0 });

      const monthAgo = new Date(Date.now() - 35 * 86_400_000).toISOString().slice(0, 10);
      const wide = insightsSchema.parse(await (await boss.fetch(`/api/v1/insights?from=${monthAgo}&to=${today}`)).json());
      expect(wide.totals.conversations).toBe(5);
      expect(wide.weeks.length).toBeGreaterThanOrEqual(5);
      expect(wide.weeks.reduce((n, w) => n + w.conversations, 0)).toBe(5);
      expect(wide.weeks.filter((w) => w.conversations > 0)).toHaveLength(2);
      for (const w of wide.weeks) expect(new Date(`${w.week}T00:00:00Z`).getUTCDay()).toBe(1);

      // Anonymising retention removes the customer's words but the rating still counts.
      expect((await own.desk.pool.query("SELECT comment FROM ratings WHERE conversation_id = $1", [first.id])).rows).toEqual([
        { comment: "Clear answer, thanks" },
      ]);
      await applyRetention(own.desk.pool, 1, "anonymise", new Date(Date.now() + 3 * 86_400_000));
      expect((await own.desk.pool.query("SELECT comment, helpful, score FROM ratings WHERE conversation_id = $1", [first.id])).rows).toEqual([
        { comment: null, helpful: true, score: 4 },
      ]);
      const anonymised = insightsSchema.parse(await (await boss.fetch(`/api/v1/insights?from=${today}&to=${today}`)).json());
      expect(anonymised.totals.ratings).toEqual(got.totals.ratings);
    } finally {
      await own.close();
    }
  }, 60_000);
});
