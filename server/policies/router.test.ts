// The policy owners' API over HTTP. The router runs in a small express app whose stand-in session
// middleware sets req.staff from a header, so every route's role check is exercised directly:
// anonymous → 401, agent → 403, policy owner and admin → through. Malformed input gets 400 and
// changes nothing; the life-cycle, reports and errors (404, 409) behave as the route table says.
import type http from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { afterEach, describe, expect, it } from "vitest";
import { readConfig } from "../../config/env.ts";
import type { Database } from "../../kb/db/open.ts";
import { freshDatabase } from "../../test-support/database.ts";
import { OfflineEmbedder } from "../../kb/embed/offline.ts";
import { importPaths } from "../../kb/import.ts";
import type { Role } from "../auth/roles.ts";
import { errorHandler } from "../http/errors.ts";
import { startTestServer, writeKb } from "../../test-support/server.ts";
import { policyRouter } from "./router.ts";

const embedder = new OfflineEmbedder();
const config = readConfig({ KEEL_DATA_DIR: "memory://", OPENAI_API_KEY: "", OPENAI_BASE_URL: "", KEEL_LOG_LEVEL: "silent" });

type App = {
  db: Database;
  url: string;
  close: () => Promise<void>;
  call: (role: Role | null, method: string, path: string, body?: unknown) => Promise<{ status: number; json: any }>;
};
let app: App | undefined;

afterEach(async () => {
  const open = app;
  app = undefined;
  await open?.close();
});

/** The router mounted where the server mounts it, behind a header-driven stand-in for the session middleware. */
async function startApp(): Promise<App> {
  const db = await freshDatabase();
  await importPaths(db.pool, embedder, [await writeKb()], "test");
  const web = express();
  web.use(express.json());
  web.use((req, _res, next) => {
    const role = req.get("x-test-role") as Role | undefined;
    if (role) req.staff = { id: 1, email: `${role}@example.test`, displayName: role, role };
    next();
  });
  web.use("/api/v1/policies", policyRouter({ pool: db.pool, embedder, config }));
  const errors: string[] = [];
  web.use(errorHandler((message, fields) => errors.push(`${message} ${JSON.stringify(fields)}`)));
  const server: http.Server = await new Promise((resolve) => {
    const s = web.listen(0, "127.0.0.1", () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/policies`;
  return {
    db,
    url,
    async close() {
      await new Promise((resolve) => server.close(resolve));
      await db.close();
      // A 500 would mean an input reached code that does not expect it.
      expect(errors).toEqual([]);
    },
    async call(role, method, path, body) {
      const headers: Record<string, string> = { "content-type": "application/json", ...(role ? { "x-test-role": role } : {}) };
      const res = await fetch(`${url}${path}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
      });
      const text = await res.text();
      return { status: res.status, json: text ? JSON.parse(text) : null };
    },
  };
}

/** What a write may change: compared before and after refused or malformed requests. */
async function snapshot(db: Database): Promise<unknown> {
  const { rows } = await db.pool.query(
    `SELECT (SELECT count(*) FROM policy_versions)::int AS versions, (SELECT count(*) FROM policy_audit)::int AS audit,
            (SELECT count(*) FROM gap_resolutions)::int AS resolutions, (SELECT count(*) FROM policies WHERE retired_at IS NOT NULL)::int AS retired,
            (SELECT count(*) FROM policy_versions WHERE status = 'published')::int AS published`,
  );
  return rows[0];
}

const newPolicy = (id: string, text = "Gift cards never expire.") =>
  `---\nid: ${id}\ntitle: Gift cards\neffective_from: 2024-01-01\n---\n# Gift cards\n## Expiry\n${text}\n`;
const returnsEdit =
  "---\nid: returns\ntitle: Returns\neffective_from: 2024-01-01\n---\n# Returns\n## Return window\nYou can return unworn items within 45 days of delivery for a full refund.\n";

/** Every route with an input that is valid in shape (the role check comes first either way). */
const ROUTES: [method: string, path: string, body?: unknown][] = [
  ["GET", "/"],
  ["POST", "/", { source: newPolicy("gift-cards") }],
  ["GET", "/reports/gaps"],
  ["POST", "/reports/gaps/0123456789abcdef/resolve", { how: "dismissed" }],
  ["GET", "/reports/freshness"],
  ["GET", "/reports/analytics?from=2026-11-01&to=2026-11-30"],
  ["GET", "/returns"],
  ["PUT", "/returns/draft", { source: returnsEdit }],
  ["POST", "/returns/versions/2/publish", {}],
  ["POST", "/returns/retire", {}],
  ["GET", "/returns/versions"],
  ["GET", "/returns/versions/1"],
  ["GET", "/returns/versions/99/replay"],
  ["GET", "/returns/diff?from=1&to=1"],
  ["GET", "/returns/audit"],
  ["GET", "/returns/impact"],
];

describe("roles on every policy route", () => {
  it("answers 401 without a staff session and 403 to agents, and changes nothing", async () => {
    app = await startApp();
    const before = await snapshot(app.db);
    for (const [method, path, body] of ROUTES) {
      const anonymous = await app.call(null, method, path, body);
      expect(anonymous.status, `${method} ${path} anonymous`).toBe(401);
      expect(anonymous.json.error.code).toBe("unauthenticated");
      const agent = await app.call("agent", method, path, body);
      expect(agent.status, `${method} ${path} agent`).toBe(403);
      expect(agent.json.error.code).toBe("forbidden");
    }
    expect(await snapshot(app.db)).toEqual(before);
  });

  it("lets policy owners and admins through on every route", async () => {
    app = await startApp();
    for (const role of ["policy_owner", "admin"] as const) {
      for (const [method, path, body] of ROUTES) {
        const res = await app.call(role, method, path, body);
        expect([401, 403], `${method} ${path} as ${role}: ${JSON.stringify(res.json)}`).not.toContain(res.status);
        expect(res.status, `${method} ${path} as ${role}`).toBeLessThan(500);
      }
    }
    // The owner's writes went through; the admin's repeats met the conflicts they should.
    const trail = (await app.call("admin", "GET", "/returns/audit")).json.entries.map(
      (e: { action: string; actor: string }) => `${e.action} ${e.actor}`,
    );
    expect(trail).toEqual([
      "import import",
      "edit policy_owner@example.test",
      "publish policy_owner@example.test",
      "retire policy_owner@example.test",
    ]);
  });
});

describe("input validation", () => {
  it("rejects malformed params, queries and bodies with 400 and changes nothing", async () => {
    app = await startApp();
    const before = await snapshot(app.db);
    const bad: [string, string, unknown?][] = [
      ["POST", "/", { source: 5 }],
      ["POST", "/", {}],
      ["POST", "/", { source: newPolicy("x"), extra: true }],
      ["POST", "/", "{not json"],
      ["POST", "/", { source: "# No id\nText." }],
      ["POST", "/", { source: newPolicy("Bad_Id") }],
      ["PUT", "/returns/draft", { source: "" }],
      ["PUT", "/returns/draft", { source: returnsEdit.replace("id: returns", "id: shipping") }],
      ["PUT", "/BAD%20ID/draft", { source: returnsEdit }],
      ["POST", "/returns/versions/abc/publish", {}],
      ["POST", "/returns/versions/0/publish", {}],
      ["POST", "/returns/versions/1/publish", { effective_from: "2099-02-30" }],
      ["POST", "/returns/versions/1/publish", { effective_from: 20990101 }],
      ["POST", "/returns/versions/1/publish", { when: "soon" }],
      ["POST", "/returns/retire", { reason: 5 }],
      ["POST", "/reports/gaps/xyz/resolve", { how: "dismissed" }],
      ["POST", "/reports/gaps/0123456789abcdef/resolve", { how: "maybe" }],
      ["POST", "/reports/gaps/0123456789abcdef/resolve", { how: "attached" }],
      ["POST", "/reports/gaps/0123456789abcdef/resolve", { how: "dismissed", publish: true }],
      ["POST", "/reports/gaps/0123456789abcdef/resolve", null],
      ["GET", "/returns/diff?from=a&to=2"],
      ["GET", "/returns/diff?from=1"],
      ["GET", "/returns/impact?version=0"],
      ["GET", "/returns/impact?since=yesterday"],
      ["GET", "/reports/gaps?include=everything"],
      ["GET", "/reports/gaps?since=2026-13-01"],
      ["GET", "/reports/analytics?from=2026-12-01&to=2026-01-01"],
      ["GET", "/reports/analytics?to=tomorrow"],
    ];
    for (const [method, path, body] of bad) {
      const res = await app.call("policy_owner", method, path, body);
      expect(res.status, `${method} ${path} ${JSON.stringify(body)?.slice(0, 60)}`).toBe(400);
      expect(res.json.error.message).toBeTruthy();
    }
    expect(await snapshot(app.db)).toEqual(before);
  });
});

describe("the life-cycle over HTTP", () => {
  it("creates, publishes, edits, schedules, diffs, audits and retires; unknown things are 404, conflicts 409", async () => {
    app = await startApp();
    const owner = (method: string, path: string, body?: unknown) => app!.call("policy_owner", method, path, body);

    const created = await owner("POST", "/", { source: newPolicy("gift-cards") });
    expect(created).toMatchObject({
      status: 201,
      json: { version: { policy: "gift-cards", version: 1, status: "draft", createdBy: "policy_owner@example.test" } },
    });
    expect((await owner("POST", "/", { source: newPolicy("gift-cards") })).status).toBe(409);
    expect((await owner("POST", "/gift-cards/versions/1/publish", {})).json.version).toMatchObject({ status: "published" });
    expect((await owner("POST", "/gift-cards/versions/1/publish", {})).status).toBe(409);

    const draft = await owner("PUT", "/gift-cards/draft", { source: newPolicy("gift-cards", "Gift cards expire after 5 years.") });
    expect(draft).toMatchObject({ status: 201, json: { created: true, version: { version: 2, status: "draft" } } });
    expect(await owner("PUT", "/gift-cards/draft", { source: newPolicy("gift-cards", "Gift cards expire after 5 years.") })).toMatchObject({
      status: 200,
      json: { created: false },
    });
    const scheduled = await owner("POST", "/gift-cards/versions/2/publish", { effective_from: "2099-01-01" });
    expect(scheduled.json.version).toMatchObject({ status: "published", effectiveFrom: "2099-01-01" });
    expect((await owner("POST", "/gift-cards/versions/2/publish", { effective_from: "2099-01-01" })).status).toBe(409);

    const list = (await owner("GET", "/")).json.policies;
    expect(list.find((p: { policy: string }) => p.policy === "gift-cards")).toMatchObject({
      status: "in_force",
      currentVersion: 1,
      latestVersion: 2,
      publishedVersion: 2,
      draftVersion: null,
      scheduled: [{ version: 2, effectiveFrom: "2099-01-01" }],
    });
    const detail = (await owner("GET", "/gift-cards")).json;
    expect(detail.versions.map((v: { version: number; status: string }) => [v.version, v.status])).toEqual([
      [1, "published"],
      [2, "published"],
    ]);
    expect(detail.latest.source).toContain("expire after 5 years");
    expect((await owner("GET", "/gift-cards/versions/1")).json.version.source).toContain("never expire");
    expect((await owner("GET", "/gift-cards/diff?from=1&to=2")).json).toMatchObject({ added: 1, removed: 1 });
    expect(
      (await owner("GET", "/gift-cards/audit")).json.entries.map((e: { action: string; version: number | null }) => [e.action, e.version]),
    ).toEqual([
      ["create", 1],
      ["publish", 1],
      ["edit", 2],
      ["publish", 2],
    ]);
    expect((await owner("GET", "/gift-cards/impact?version=2")).json).toMatchObject({
      policy: "gift-cards",
      currentVersion: 1,
      comparedWith: 2,
      answers: [],
    });

    expect((await owner("POST", "/gift-cards/retire", { reason: "no more gift cards" })).status).toBe(204);
    expect((await owner("POST", "/gift-cards/retire", {})).status).toBe(409);
    expect((await owner("PUT", "/gift-cards/draft", { source: newPolicy("gift-cards", "Back.") })).status).toBe(409);

    for (const path of [
      "/nope",
      "/nope/versions",
      "/nope/audit",
      "/nope/impact",
      "/nope/diff?from=1&to=2",
      "/gift-cards/versions/9",
      "/gift-cards/diff?from=1&to=9",
      "/returns/impact?version=9",
    ]) {
      expect((await owner("GET", path)).status, path).toBe(404);
    }
    expect((await owner("POST", "/gift-cards/versions/9/publish", {})).status).toBe(404);
    expect((await owner("PUT", "/nope/draft", { source: "# Nope\nText." })).status).toBe(404);
    expect((await owner("POST", "/nope/retire")).status).toBe(404);
  });

  it("reports gaps, resolves one onto a policy, and serves freshness and analytics", async () => {
    app = await startApp();
    const owner = (method: string, path: string, body?: unknown) => app!.call("policy_owner", method, path, body);
    for (const [message, at] of [
      ["Do you offer layaway plans?", "2026-11-01T10:00:00Z"],
      ["Can I pay with a layaway plan?", "2026-11-02T10:00:00Z"],
      ["Do you sell gift cards?", "2026-11-03T10:00:00Z"],
    ]) {
      await app.db.pool.query(
        "INSERT INTO agent_turns (conversation_id, at, message_redacted, outcome, reply_text, ms) VALUES ('c', $1, $2, 'refusal', 'no', 1)",
        [at, message],
      );
    }
    const { groups } = (await owner("GET", "/reports/gaps")).json;
    expect(groups.map((g: { count: number }) => g.count)).toEqual([1, 2]);
    const layaway = groups[1];
    const resolved = await owner("POST", `/reports/gaps/${layaway.key}/resolve`, { how: "attached", policy: "returns", publish: true });
    expect(resolved).toMatchObject({
      status: 200,
      json: { how: "attached", policy: "returns", turns: 2, version: { policy: "returns", version: 2, status: "published" } },
    });
    expect((await owner("POST", `/reports/gaps/${layaway.key}/resolve`, { how: "dismissed" })).status).toBe(409);
    expect((await owner("POST", `/reports/gaps/${groups[0].key}/resolve`, { how: "new_policy", policy: "nope" })).status).toBe(404);
    const after = (await owner("GET", "/reports/gaps?include=resolved")).json;
    expect(after.groups.map((g: { key: string }) => g.key)).toEqual([groups[0].key]);
    expect(after.resolved).toEqual([
      expect.objectContaining({ key: layaway.key, how: "attached", policy: "returns", by: "policy_owner@example.test" }),
    ]);
    expect((await owner("GET", "/reports/gaps?since=2026-11-03")).json.groups).toHaveLength(1);

    const fresh = (await owner("GET", "/reports/freshness")).json;
    expect(fresh).toMatchObject({ currentEmbedder: expect.stringMatching(/^keel-offline-v1\.[0-9a-f]{8}$/), staleVectors: [], overdueReviews: [] });
    const analytics = (await owner("GET", "/reports/analytics?from=2026-11-01&to=2026-11-30")).json;
    expect(analytics).toMatchObject({ from: "2026-11-01T00:00:00.000Z", to: "2026-12-01T00:00:00.000Z" });
    expect(analytics.policies.map((p: { policy: string }) => p.policy).sort()).toEqual(["recalls", "returns", "shipping"]);
  });
});

describe("publishing after a replay", () => {
  it("shows the replay and, when required, refuses to publish a changing version until the owner acknowledges it", async () => {
    const strict = await startTestServer({ KEEL_PUBLISH_REQUIRES_REPLAY_ACK: "true" });
    try {
      const priya = await strict.staff("policy_owner", "Priya");
      const customer = await fetch(`${strict.url}/api/v1/conversations`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "{}",
      }).then((r) => r.json());
      await fetch(`${strict.url}/api/v1/conversations/${customer.id}/messages`, {
        method: "POST",
        headers: { authorization: `Bearer ${customer.token}`, "content-type": "application/json" },
        body: JSON.stringify({ text: "How many days do I have to return unworn items?" }),
      });
      const source =
        "---\nid: returns\ntitle: Returns\neffective_from: 2024-01-01\n---\n# Returns\n## Return window\nYou can return unworn items within 60 days of delivery for a full refund.\n";
      const draft = await (await priya.fetch("/api/v1/policies/returns/draft", { method: "PUT", body: JSON.stringify({ source }) })).json();
      const v = draft.version.version;
      const replay = await (await priya.fetch(`/api/v1/policies/returns/versions/${v}/replay`)).json();
      expect(replay.items.find((i: { question: string }) => i.question.includes("How many days"))).toMatchObject({
        change: "changed",
        after: { text: expect.stringContaining("60 days") },
      });
      const refused = await priya.fetch(`/api/v1/policies/returns/versions/${v}/publish`, { method: "POST", body: "{}" });
      expect(refused.status).toBe(409);
      expect((await refused.json()).error.code).toBe("replay_changes");
      const ok = await priya.fetch(`/api/v1/policies/returns/versions/${v}/publish`, {
        method: "POST",
        body: JSON.stringify({ acknowledge_replay: true }),
      });
      expect(ok.status).toBe(200);
    } finally {
      await strict.close();
    }
  }, 60_000);
});
