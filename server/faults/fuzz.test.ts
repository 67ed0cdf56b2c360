// Random and malformed input (fast-check) at every socket event and every HTTP route: wrong types,
// huge strings, deep nesting, lone surrogates, invalid UTF-8 bytes, prototype-pollution keys,
// broken socket.io packets. Each gets a 4xx or an error ack, the process stays up,
// Object.prototype stays clean and no table gains, loses or changes a row.
import net from "node:net";
import fc from "fast-check";
import type { Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { hasMalformedText } from "../http/json-body.ts";
import { createConversationBody, followUpBody, postMessageBody } from "../http/customer-routes.ts";
import { ratingBody } from "../ratings/ratings.ts";
import { openApiDocument } from "../http/openapi.ts";
import { checkBody, loginBody, noteBody, passwordBody, replyBody, resolveBody } from "../http/staff-routes.ts";
import { gapResolveBody, publishBody, retireBody, sourceBody } from "../policies/router.ts";
import { agentEvents } from "../../protocol/agent.ts";
import { customerEvents } from "../../protocol/customer.ts";
import {
  ask,
  customerSocket,
  newCustomer,
  open,
  startTestServer,
  type CustomerClient,
  type StaffClient,
  type TestServer,
} from "../../test-support/server.ts";

let server: TestServer;
let admin: StaffClient;
let customer: CustomerClient;
let agentSocket: Socket;
const prototypeBefore = Object.getOwnPropertyNames(Object.prototype).sort();

beforeAll(async () => {
  server = await startTestServer();
  admin = await server.staff("admin", "Fuzz");
  customer = await newCustomer(server.url);
  agentSocket = await admin.socket();
  // One real exchange, so the tables the fuzz must not touch are not empty.
  expect((await ask(customer.socket, "message:send", { clientId: "fuzz-seed-1", text: "Do orders over $49 ship free?" })).ok).toBe(true);
}, 60_000);

afterAll(async () => {
  customer?.socket.close();
  agentSocket?.close();
  await server?.close();
});

/** A fingerprint of every row of every table: equal before and after means no stored data changed. */
async function snapshot(): Promise<Record<string, string>> {
  const { rows: tables } = await server.kb.db.pool.query<{ name: string }>(
    "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY 1",
  );
  const out: Record<string, string> = {};
  for (const { name } of tables) {
    const { rows } = await server.kb.db.pool.query<{ n: number; rows: string | null }>(
      `SELECT count(*)::int AS n, md5(string_agg(t::text, '|' ORDER BY t::text)) AS rows FROM "${name}" t`,
    );
    out[name] = `${rows[0]!.n}:${rows[0]!.rows ?? ""}`;
  }
  return out;
}

function expectNoPollution(): void {
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeBefore);
  const probe = {} as Record<string, unknown>;
  expect(probe.polluted).toBeUndefined();
  expect(probe.isAdmin).toBeUndefined();
}

// ---- generators ---------------------------------------------------------------------------------

const PROTO_KEYS = ["__proto__", "constructor", "prototype"] as const;
const key = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom(...PROTO_KEYS, "toString", "hasOwnProperty", "text", "clientId") },
  { weight: 3, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 12 }) },
);
const nastyString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.constantFrom(
    "\ud800",
    "ok \udfff",
    "\ud800\udfff\ud800",
    "\u0000",
    "\u202e",
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    "../../etc/passwd",
    "%00",
    "NaN",
    "-1",
    "99999999999999999999",
  ),
  fc.integer({ min: 4001, max: 70_000 }).map((n) => "x".repeat(n)),
);
/** Values of every shape: wrong types, nesting, prototype keys, lone surrogates, huge strings. */
const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  any: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.double(),
    fc.integer(),
    fc.bigInt().map(String),
    nastyString,
    fc.array(tie("any"), { maxLength: 4 }),
    fc.dictionary(key, tie("any"), { maxKeys: 4 }),
  ),
})).any;
/** Nested `depth` levels deep, built without recursion. */
const deep = fc.integer({ min: 100, max: 3000 }).map((depth) => {
  let v: unknown = "bottom";
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { text: v };
  return v;
});
/** A payload shaped almost right: the schema's own keys with random values, plus stray keys. */
function almost(keys: string[]): fc.Arbitrary<unknown> {
  return fc
    .tuple(
      fc.record(Object.fromEntries(keys.map((k) => [k, fc.oneof(value, nastyString)])), { requiredKeys: [] }),
      fc.dictionary(key, value, { maxKeys: 2 }),
    )
    .map(([o, extra]) => Object.assign(Object.create(null) as object, o, extra));
}
const keysOf = (schema: z.ZodType) => Object.keys((schema as unknown as { shape?: object }).shape ?? {});
const payloadFor = (schema: z.ZodType) => fc.oneof(value, almost(keysOf(schema)), deep);

/** Payloads that a schema would accept are not malformed: they are left out. */
const isAccepted = (schema: z.ZodType | undefined, payload: unknown) => Boolean(schema?.safeParse(payload).success) && !hasMalformedText(payload);

// ---- sockets ------------------------------------------------------------------------------------

describe("fuzzed socket events", () => {
  it("answers every malformed payload on every event with an invalid_payload ack, changing nothing", async () => {
    const before = await snapshot();
    const events = [
      ...Object.entries(customerEvents).map(([event, schema]) => ({ socket: () => customer.socket, event, schema: schema as z.ZodType })),
      ...Object.entries(agentEvents).map(([event, schema]) => ({ socket: () => agentSocket, event, schema: schema as z.ZodType })),
    ];
    let tried = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...events).chain((e) => fc.tuple(fc.constant(e), payloadFor(e.schema))),
        async ([e, payload]) => {
          fc.pre(!isAccepted(e.schema, payload));
          tried++;
          const ack = await ask(e.socket(), e.event, payload);
          expect(ack, `${e.event} ${JSON.stringify(payload)?.slice(0, 120)}`).toMatchObject({ ok: false, error: { code: "invalid_payload" } });
          expect(ack.error!.message.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 150 },
    );
    expect(tried).toBeGreaterThan(100);

    // Odd call shapes: extra arguments, binary attachments, no payload where one is required.
    expect(await ask(customer.socket, "message:send", { clientId: "fuzz-extra-1" }, { text: "x" }, 42)).toMatchObject({
      ok: false,
      error: { code: "invalid_payload" },
    });
    expect(await ask(customer.socket, "message:send", Buffer.from([0xff, 0xfe, 0xc3, 0x28]))).toMatchObject({
      ok: false,
      error: { code: "invalid_payload" },
    });
    expect(await ask(customer.socket, "followup")).toMatchObject({ ok: false, error: { code: "invalid_payload" } });
    // As many elements as fit in the largest packet (more than a spread call can take at once).
    expect(await ask(customer.socket, "message:send", new Array(130_000).fill(0))).toMatchObject({ ok: false, error: { code: "invalid_payload" } });
    const wide = await ask(customer.socket, "message:send", {
      clientId: "fuzz-wide-1",
      text: "x",
      ...Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`k${i}`, i])),
    });
    expect(wide).toMatchObject({ ok: false, error: { code: "invalid_payload" } });
    expect(wide.error!.message.length).toBeLessThanOrEqual(1000);
    expect(await ask(agentSocket, "reply", { conversationId: customer.id, clientId: "fuzz-reply-1", text: Buffer.alloc(10) })).toMatchObject({
      ok: false,
      error: { code: "invalid_payload" },
    });
    // An event nobody listens to is ignored (no ack, no crash).
    await expect(customer.socket.timeout(300).emitWithAck("__proto__", { polluted: true })).rejects.toThrow();

    expect(await snapshot()).toEqual(before);
    expectNoPollution();
    expect(customer.socket.connected && agentSocket.connected).toBe(true);
  }, 60_000);

  it("drops a connection that sends broken socket.io packets or bytes that are not UTF-8, and keeps serving", async () => {
    const before = await snapshot();
    // Packets that are not JSON, carry a prototype key, nest deeper than anyone needs, or are raw
    // bytes where text is expected: each on its own connection, which the server may drop.
    const packets: (string | Buffer)[] = [
      '2/customer,["message:send",{"clientId":',
      '2/customer,0["message:send",{"__proto__":{"polluted":"yes"},"clientId":"fuzz-proto-1","text":"hi"}]',
      '2/customer,1["message:send",{"constructor":{"prototype":{"polluted":"yes"}},"clientId":"fuzz-proto-2","text":"hi"}]',
      `2/customer,2["transcript",${"[".repeat(20_000)}${"]".repeat(20_000)}]`,
      "2/customer,3[]",
      '2/nowhere,["message:send",{}]',
      Buffer.from([0xff, 0xfe, 0x00, 0xc3, 0x28]),
    ];
    for (const packet of packets) {
      const victim = await open(customerSocket(server.url, customer.id, customer.token));
      victim.io.engine.write(packet as string);
      await new Promise((r) => setTimeout(r, 150));
      victim.close();
    }

    // A text frame whose bytes are not UTF-8, on a raw websocket: refused by the websocket layer.
    const closeCode = await rawWebSocketWithInvalidUtf8(server.url);
    expect(closeCode).toBe(1007);

    // The server still serves this customer on a new socket.
    const again = await open(customerSocket(server.url, customer.id, customer.token));
    expect((await ask(again, "transcript", {})).ok).toBe(true);
    again.close();
    expect(await snapshot()).toEqual(before);
    expectNoPollution();
  }, 30_000);
});

// ---- HTTP ---------------------------------------------------------------------------------------

type Auth = "customer" | "staff" | "none";
type Route = {
  method: string;
  path: (id: string) => string;
  auth: Auth;
  body?: z.ZodType | "none";
  params?: "conversation" | "ticket" | "policy";
  /** Takes no input that could be malformed, and does nothing without a session (signing out). */
  harmless?: true;
};

const NO_SUCH_TICKET = "987654321";
const NO_SUCH_POLICY = "no-such-policy-xyz";
/** Every route of the API. Path ids are never ones that exist (or, for the customer's own
 *  conversation, only with a body that is refused), so even a route whose body is optional cannot act. */
const routes: Route[] = [
  { method: "POST", path: () => "/api/v1/conversations", auth: "none", body: createConversationBody },
  { method: "POST", path: (id) => `/api/v1/conversations/${id}/messages`, auth: "customer", body: postMessageBody, params: "conversation" },
  { method: "GET", path: (id) => `/api/v1/conversations/${id}/messages`, auth: "customer", params: "conversation" },
  { method: "POST", path: (id) => `/api/v1/conversations/${id}/human`, auth: "customer", body: "none", params: "conversation" },
  { method: "POST", path: (id) => `/api/v1/conversations/${id}/follow-up`, auth: "customer", body: followUpBody, params: "conversation" },
  { method: "POST", path: (id) => `/api/v1/conversations/${id}/rating`, auth: "customer", body: ratingBody, params: "conversation" },
  { method: "POST", path: () => "/api/v1/auth/login", auth: "none", body: loginBody },
  { method: "GET", path: () => "/api/v1/auth/me", auth: "none" },
  { method: "POST", path: () => "/api/v1/auth/logout", auth: "none", body: "none", harmless: true },
  // A well-formed body still needs the account's current password, which no fuzzed string is.
  { method: "POST", path: () => "/api/v1/auth/password", auth: "staff", body: passwordBody },
  { method: "GET", path: () => "/api/v1/handoffs", auth: "staff" },
  { method: "GET", path: (id) => `/api/v1/handoffs/${id}`, auth: "staff", params: "ticket" },
  ...["claim", "suggest", "return"].map((action): Route => ({
    method: "POST",
    path: (id) => `/api/v1/handoffs/${id}/${action}`,
    auth: "staff",
    body: "none",
    params: "ticket",
  })),
  { method: "POST", path: (id) => `/api/v1/handoffs/${id}/reply`, auth: "staff", body: replyBody, params: "ticket" },
  { method: "POST", path: (id) => `/api/v1/handoffs/${id}/notes`, auth: "staff", body: noteBody, params: "ticket" },
  { method: "POST", path: (id) => `/api/v1/handoffs/${id}/resolve`, auth: "staff", body: resolveBody, params: "ticket" },
  // The checker only reads: a well-formed draft (even "\u0000") may be checked; the snapshot still
  // proves it changed nothing.
  { method: "POST", path: () => "/api/v1/check", auth: "staff", body: checkBody, harmless: true },
  { method: "GET", path: () => "/api/v1/admin/exposures", auth: "staff" },
  { method: "GET", path: () => "/api/v1/insights", auth: "staff" },
  { method: "GET", path: () => "/api/v1/suggestions", auth: "none" },
  { method: "POST", path: () => "/api/v1/admin/retention", auth: "staff" },
  { method: "GET", path: () => "/api/v1/policies", auth: "staff" },
  { method: "POST", path: () => "/api/v1/policies", auth: "staff", body: sourceBody },
  ...["gaps", "freshness", "analytics"].map((report): Route => ({ method: "GET", path: () => `/api/v1/policies/reports/${report}`, auth: "staff" })),
  { method: "POST", path: () => "/api/v1/policies/reports/gaps/0123456789abcdef/resolve", auth: "staff", body: gapResolveBody },
  ...["", "/versions", "/versions/1", "/versions/1/replay", "/diff", "/audit", "/impact"].map((rest): Route => ({
    method: "GET",
    path: (id) => `/api/v1/policies/${id}${rest}`,
    auth: "staff",
    params: "policy",
  })),
  { method: "PUT", path: (id) => `/api/v1/policies/${id}/draft`, auth: "staff", body: sourceBody, params: "policy" },
  { method: "POST", path: (id) => `/api/v1/policies/${id}/versions/1/publish`, auth: "staff", body: publishBody, params: "policy" },
  { method: "POST", path: (id) => `/api/v1/policies/${id}/retire`, auth: "staff", body: retireBody, params: "policy" },
];

const pathSegment = fc.oneof(
  fc.string({ maxLength: 30 }).map(encodeURIComponent),
  fc.constantFrom(
    "..",
    "%2e%2e",
    "%00",
    "%ff%fe",
    "%ud800",
    "__proto__",
    "constructor",
    "-1",
    "1e9",
    "0x10",
    "00000000-0000-0000-0000-000000000000",
    "a".repeat(5000),
  ),
);
/** A raw body: JSON of a random value, or bytes that are not JSON, not UTF-8, too big or too deep. */
const rawBody = fc.oneof(
  { weight: 6, arbitrary: fc.constant(null) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '{"__proto__":{"polluted":"yes","isAdmin":true}}',
      '{"constructor":{"prototype":{"polluted":"yes"}}}',
      '{"text":"\\ud800 lone","client_id":"fuzz-lone-1"}',
      '{"text": "unterminated',
      "[".repeat(30_000) + "]".repeat(30_000),
      `{"text":"${"y".repeat(70 * 1024)}"}`,
    ),
  },
  {
    weight: 1,
    arbitrary: fc
      .uint8Array({ minLength: 1, maxLength: 64 })
      .map((b) => Buffer.concat([Buffer.from('{"text":"'), Buffer.from(b), Buffer.from([0xff]), Buffer.from('"}')])),
  },
);
const contentType = fc.constantFrom(
  "application/json",
  "application/json",
  "application/json; charset=utf-8",
  "text/plain",
  "application/x-www-form-urlencoded",
  "application/json; charset=utf-16le",
);
const query = fc.dictionary(
  fc.constantFrom("after", "from", "to", "since", "version", "include", "limit", "conversation", "__proto__", "constructor[prototype][polluted]"),
  nastyString.filter((s) => s.length < 200),
  { maxKeys: 3 },
);

describe("fuzzed HTTP requests", () => {
  it("lists every route the OpenAPI document names", () => {
    const fuzzed = new Set(routes.map((r) => `${r.method} ${r.path("{id}").replace(/^\/api\/v1/, "")}`));
    const doc = openApiDocument() as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`));
    expect(documented.length).toBeGreaterThan(10);
    expect(documented.filter((r) => !fuzzed.has(r))).toEqual([]);
  });

  it("answers every malformed request on every route with a 4xx, changing nothing", async () => {
    const before = await snapshot();
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routes).chain((route) =>
          fc.record({
            route: fc.constant(route),
            id:
              route.params === "conversation"
                ? fc.oneof(fc.constant(customer.id), pathSegment)
                : route.params === "ticket"
                  ? fc.oneof(fc.constant(NO_SUCH_TICKET), pathSegment)
                  : route.params === "policy"
                    ? fc.oneof(fc.constant(NO_SUCH_POLICY), pathSegment)
                    : fc.constant(""),
            body: route.body && route.body !== "none" ? payloadFor(route.body) : value,
            raw: rawBody,
            type: contentType,
            query,
            withAuth: fc.integer({ min: 0, max: 3 }).map((n) => n > 0),
          }),
        ),
        async ({ route, id, body, raw, type, query: q, withAuth }) => {
          // A well-formed request aimed at something real would be a real request: only refused
          // bodies may go there. (Without a JSON content type the create route reads an empty body.)
          const jsonType = type.startsWith("application/json");
          if (route.method !== "GET" && id === customer.id)
            fc.pre(route.body !== undefined && route.body !== "none" && (raw !== null || !isAccepted(route.body, body)) && jsonType);
          if (route.path("") === "/api/v1/conversations") fc.pre(jsonType && (raw !== null || !isAccepted(route.body as z.ZodType, body)));
          const search = new URLSearchParams(q as Record<string, string>).toString();
          const url = `${server.url}${route.path(id)}${search ? `?${search}` : ""}`;
          const headers: Record<string, string> = { "content-type": type };
          if (withAuth && route.auth === "customer") headers.authorization = `Bearer ${customer.token}`;
          if (withAuth && route.auth === "staff") Object.assign(headers, { cookie: admin.cookie, "x-csrf-token": admin.csrfToken });
          const payload = route.method === "GET" ? undefined : (raw ?? JSON.stringify(body) ?? "null");
          const res = await fetch(url, { method: route.method, headers, ...(payload !== undefined ? { body: payload } : {}) });
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          const what = `${route.method} ${route.path(id).slice(0, 80)} ${String(payload ?? search).slice(0, 100)}`;
          expect(res.status, what).toBeLessThan(500);
          // Reads with nothing wrong in them may succeed; anything that writes must be refused.
          if (route.method !== "GET" && !route.harmless) expect(res.status, what).toBeGreaterThanOrEqual(400);
          if (res.status >= 400) {
            const error = ((await res.json()) as { error?: { code?: unknown; message?: unknown } }).error;
            expect(typeof error?.code, what).toBe("string");
            expect(typeof error?.message, what).toBe("string");
          } else await res.arrayBuffer();
        },
      ),
      { numRuns: 150 },
    );
    expect([...statuses.keys()].some((s) => s === 400)).toBe(true);

    // Bytes that are not UTF-8 at all, sent as they are (fetch would re-encode a string).
    expect(
      await rawHttp(
        server.url,
        `/api/v1/conversations/${customer.id}/messages`,
        customer.token,
        Buffer.from([0x7b, 0x22, 0x74, 0x65, 0x78, 0x74, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc3, 0x28, 0x22, 0x7d]),
      ),
    ).toMatch(/^HTTP\/1.1 400 .*"code":"encoding.invalid"/s);
    // A JSON escape for a lone surrogate is valid JSON but not text.
    const lone = await customer.fetch(`/api/v1/conversations/${customer.id}/messages`, { method: "POST", body: '{"text":"hi \\ud800"}' });
    expect(lone.status).toBe(400);

    expect(await snapshot()).toEqual(before);
    expectNoPollution();
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  }, 90_000);
});

function rawHttp(url: string, path: string, token: string, body: Buffer): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const s = net.connect(Number(port), hostname, () => {
      s.write(
        `POST ${path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`,
      );
      s.end(body);
    });
    let out = "";
    s.on("data", (d) => (out += d));
    s.on("end", () => resolve(out));
    s.on("error", reject);
  });
}

/** Opens a websocket by hand and sends one masked text frame whose payload is not UTF-8;
 *  resolves with the close code the server answers with. */
function rawWebSocketWithInvalidUtf8(url: string): Promise<number> {
  const { hostname, port } = new URL(url);
  const wsKey = Buffer.from("keel-fuzz-wskey!!").subarray(0, 16).toString("base64");
  return new Promise((resolve, reject) => {
    const s = net.connect(Number(port), hostname, () => {
      s.write(
        `GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: ${hostname}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${wsKey}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      );
    });
    let buf = Buffer.alloc(0);
    let upgraded = false;
    s.on("data", (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      if (!upgraded) {
        const end = buf.indexOf("\r\n\r\n");
        if (end < 0) return;
        const head = buf.subarray(0, end).toString();
        if (!head.startsWith("HTTP/1.1 101")) return reject(new Error(`no websocket upgrade: ${head}`));
        upgraded = true;
        buf = buf.subarray(end + 4);
        const payload = Buffer.from([0x34, 0xff, 0xfe, 0xc3, 0x28]); // "4" (engine.io message) + invalid UTF-8
        const mask = Buffer.from([1, 2, 3, 4]);
        const masked = Buffer.from(payload.map((b, i) => b ^ mask[i % 4]!));
        s.write(Buffer.concat([Buffer.from([0x81, 0x80 | payload.length]), mask, masked]));
      }
      // Skip the server's frames until its close frame (opcode 8), whose payload starts with the code.
      while (buf.length >= 2) {
        const len = buf[1]! & 0x7f;
        const header = len === 126 ? 4 : len === 127 ? 10 : 2;
        const size = len === 126 ? buf.readUInt16BE(2) : len === 127 ? Number(buf.readBigUInt64BE(2)) : len;
        if (buf.length < header + size) return;
        if ((buf[0]! & 0x0f) === 8) {
          s.destroy();
          return resolve(buf.readUInt16BE(header));
        }
        buf = buf.subarray(header + size);
      }
    });
    s.on("error", reject);
    setTimeout(() => {
      s.destroy();
      reject(new Error("no close frame within 5 s"));
    }, 5000).unref();
  });
}
