// Keel's server: express (HTTP API, pages) and socket.io (/customer for the widget, /agent for the
// console) in one process over one database. With REDIS_URL, several processes share sockets'
// rooms through the Redis adapter; ticket claims are decided by the database either way.
import http from "node:http";
import path from "node:path";
import express from "express";
import helmet from "helmet";
import { Server as SocketServer } from "socket.io";
import { createPooledAgent } from "../agent/workers/pool.ts";
import { KB_CHANNEL } from "../kb/memory/attach.ts";
import { createAgent } from "../agent/create-agent.ts";
import { useMaskedKinds } from "../agent/guard/mask.ts";
import { hasModel, modelEndpoint, type KeelConfig } from "../config/env.ts";
import { MAX_BODY_BYTES, MAX_SOCKET_PACKET_BYTES, RATE_LIMITS, type RateLimits } from "../config/limits.ts";
import { OfflineEmbedder } from "../kb/embed/offline.ts";
import { importPaths } from "../kb/import.ts";
import { countPolicies } from "../kb/list.ts";
import { reindex } from "../kb/reports/reindex.ts";
import { openKnowledgeBase, type KnowledgeBase } from "../kb/index.ts";
import { adminRouter } from "./admin/router.ts";
import { policyRouter } from "./policies/router.ts";
import { staffSession } from "./auth/session.ts";
import { resumeInterruptedTurns } from "./conversations/resume.ts";
import type { Desk, Log } from "./conversations/turns.ts";
import { customerRouter } from "./http/customer-routes.ts";
import { suggestionsRouter } from "./http/suggestions-route.ts";
import { queueRefresher } from "./handoff/queue-status.ts";
import { answerClientError, errorHandler, HttpError } from "./http/errors.ts";
import { insightsRouter } from "./insights/router.ts";
import { jsonBody } from "./http/json-body.ts";
import { maskedLog, maskStoredData } from "./privacy/at-rest.ts";
import { compileTrust } from "./limits/client-address.ts";
import { createLimits } from "./limits/rate-limits.ts";
import { createSignInLockout } from "./limits/sign-in-lockout.ts";
import { openApiDocument } from "./http/openapi.ts";
import { authRouter, checkRouter, handoffRouter } from "./http/staff-routes.ts";
import { attachAgentNamespace } from "./realtime/agent-socket.ts";
import { attachCustomerNamespace } from "./realtime/customer-socket.ts";
import { serveKbFromMemory } from "./realtime/kb-changes.ts";
import { attachRedisRelay } from "./realtime/redis-relay.ts";
import { socketNotifier } from "./realtime/socket-notifier.ts";

export type ServerOptions = {
  config: KeelConfig;
  /** An open knowledge base to serve (tests); otherwise opened from the config. */
  kb?: KnowledgeBase;
  host?: string;
  /** Overrides config.PORT (0 picks a free port). */
  port?: number;
  /** Import the sample policies when the knowledge base is empty (default true). */
  importSamplesWhenEmpty?: boolean;
  log?: Log;
  /** Extra setup on the express app before the API (demo pages, static assets). */
  beforeRoutes?: (app: express.Express) => void | Promise<void>;
  /** Overrides of the public-side rate limits (benchmarks drive hundreds of sockets from one IP). */
  limits?: Partial<RateLimits>;
  /** `keel serve --demo`: plain http on localhost, so staff cookies are not Secure unless
   *  KEEL_SECURE_COOKIES says so. */
  demo?: boolean;
};

export type RunningServer = {
  url: string;
  port: number;
  desk: Desk;
  kb: KnowledgeBase;
  io: SocketServer;
  close(): Promise<void>;
};

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 } as const;

export function jsonLog(level: KeelConfig["KEEL_LOG_LEVEL"]): Log {
  return (l, message, fields) => {
    if (LEVELS[l] < LEVELS[level]) return;
    process.stderr.write(`${JSON.stringify({ level: l, message, ...fields, at: new Date().toISOString() })}\n`);
  };
}

const SAMPLE_POLICIES = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..", "policies");

async function modelReachable(config: KeelConfig): Promise<string> {
  if (!hasModel(config)) return "offline";
  const endpoint = modelEndpoint(config);
  const res = await fetch(`${endpoint.configuration.baseURL.replace(/\/$/, "")}/models`, {
    headers: { authorization: `Bearer ${endpoint.apiKey}` },
    signal: AbortSignal.timeout(2000),
  });
  if (res.status >= 500) throw new Error(`model endpoint answered ${res.status}`);
  return "reachable";
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const { config } = options;
  const rateLimits: RateLimits = { ...RATE_LIMITS, ...options.limits };
  // What is masked at rest (issue 16) is set before anything is stored or logged.
  useMaskedKinds(config.KEEL_MASK_AT_REST);
  const log = maskedLog(options.log ?? jsonLog(config.KEEL_LOG_LEVEL));
  const ownsKb = !options.kb;
  const kb = options.kb ?? (await openKnowledgeBase(config));
  const { pool } = kb.db;
  // Rows stored before masking at rest (or before the setting widened it) are masked once.
  await maskStoredData(pool, { log });

  if (options.importSamplesWhenEmpty !== false) {
    if ((await countPolicies(pool)) === 0) {
      const imported = await importPaths(pool, kb.embedder, [SAMPLE_POLICIES], "import");
      log("info", "imported the sample knowledge base", { policies: imported.length });
    }
  }
  // The offline embedder re-embeds in milliseconds: vectors and term counts written by an older
  // version of its text processing are rewritten now rather than left to rank by old words.
  if (kb.embedder instanceof OfflineEmbedder) {
    const redone = await reindex(pool, kb.embedder, "start-up");
    if (redone.chunks)
      log("info", "re-embedded chunks written by an older offline embedder", { chunks: redone.chunks, versions: redone.versions.length });
  }

  // Turns run on worker threads when there are any (KEEL_TURN_WORKERS), the event loop otherwise.
  const pooled = config.KEEL_TURN_WORKERS > 0 ? await createPooledAgent({ db: kb.db, config, threads: config.KEEL_TURN_WORKERS, log }) : null;
  const agent = pooled ?? (await createAgent({ pool, embedder: kb.embedder, config, log, warmUp: config.KEEL_WARM_UP === "on" }));
  const app = express();
  const httpServer = http.createServer(app);
  httpServer.on("clientError", answerClientError);
  const io = new SocketServer(httpServer, {
    maxHttpBufferSize: MAX_SOCKET_PACKET_BYTES,
    // The widget runs on customers' sites: any origin may open a /customer socket (it is
    // authorised by the conversation token, not by cookies).
    cors: { origin: "*" },
  });

  const relay = config.REDIS_URL ? await attachRedisRelay(io, { url: config.REDIS_URL, channel: config.KEEL_REDIS_CHANNEL, log }) : null;
  const readModel =
    config.KEEL_READ_MODEL === "on"
      ? await serveKbFromMemory(kb.db, io, {
          relayed: relay !== null,
          log,
          // Another server's change reaches this one through Redis: its turn workers hear of it too.
          onRelayed: (payload) => pooled?.announce(KB_CHANNEL, payload),
        })
      : null;
  // An idle pooled connection that drops (database restarted) is discarded by the pool; say so.
  const onPoolError = (err: Error) => log("warn", "a database connection dropped; the next query opens a new one", { error: err.message });
  pool.on("error", onPoolError);

  const sockets = socketNotifier(io);
  // Every change to the queue (a ticket opened, claimed, resolved, handed back) and every agent
  // coming or going tells the waiting customers where they now stand (their place, nobody online).
  const notifier: typeof sockets = {
    ...sockets,
    ticketChanged: (t) => {
      sockets.ticketChanged(t);
      refreshQueue();
    },
    presenceChanged: () => {
      sockets.presenceChanged();
      refreshQueue();
    },
  };
  const desk: Desk = { pool, embedder: kb.embedder, agent, notifier, log, chatHours: config.KEEL_CHAT_HOURS };
  const refreshQueue = queueRefresher(desk);

  // One client address for HTTP (req.ip) and sockets: the same compiled trust function.
  const trust = compileTrust(config.KEEL_TRUST_PROXY);
  // Counted in Redis when there is one, so every process enforces one shared limit.
  const limitStore = { redis: relay?.client ?? null, prefix: config.KEEL_REDIS_CHANNEL };
  const limits = createLimits(rateLimits, limitStore);
  const lockout = createSignInLockout(limitStore);

  app.disable("x-powered-by");
  app.set("trust proxy", trust);
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: { "connect-src": ["'self'", "ws:", "wss:"], "img-src": ["'self'", "data:"], "script-src": ["'self'"] },
      },
      // The widget script is loaded by other sites.
      crossOriginResourcePolicy: { policy: "cross-origin" },
    }),
  );
  app.get("/healthz", (_req, res) => {
    res.json({ ok: true });
  });
  app.get("/readyz", async (_req, res) => {
    const checks: Record<string, string> = {};
    let ok = true;
    try {
      await pool.query("SELECT 1");
      checks.database = "ok";
    } catch (err) {
      ok = false;
      checks.database = `unreachable: ${(err as Error).message}`;
    }
    try {
      checks.model = await modelReachable(config);
    } catch (err) {
      ok = false;
      checks.model = `unreachable: ${(err as Error).message}`;
    }
    // Where searches are served from: not a readiness condition (the database serves meanwhile).
    checks.knowledge = !readModel
      ? "database"
      : readModel.model.current
        ? `memory (${readModel.model.size} chunks)`
        : "database (memory catching up)";
    res.status(ok ? 200 : 503).json({ ok, checks });
  });

  const api = express.Router();
  api.use(jsonBody(MAX_BODY_BYTES));
  // Customer routes are called from other origins by the widget with a bearer token (no cookies).
  api.use("/conversations", (req, res, next) => {
    res.set({
      "access-control-allow-origin": "*",
      "access-control-allow-headers": "authorization, content-type",
      "access-control-allow-methods": "GET, POST",
    });
    if (req.method === "OPTIONS") return void res.status(204).end();
    next();
  });
  api.use(staffSession(pool));
  api.get("/openapi.json", (_req, res) => {
    res.json(openApiDocument());
  });
  api.use("/conversations", customerRouter(desk, limits));
  api.use("/suggestions", suggestionsRouter(pool, limits));
  api.use("/auth", authRouter(desk, { secureCookies: config.KEEL_SECURE_COOKIES ?? !options.demo, limits, lockout }));
  api.use("/handoffs", handoffRouter(desk));
  api.use("/check", checkRouter(desk));
  api.use("/admin", adminRouter({ pool }));
  api.use("/policies", policyRouter({ pool, embedder: kb.embedder, config }));
  api.use("/insights", insightsRouter({ pool }));
  api.use((_req, _res, next) => next(new HttpError(404, "not_found", "No such API route.")));
  app.use("/api/v1", api);
  await options.beforeRoutes?.(app);
  app.use(errorHandler((message, fields) => log("error", message, fields)));

  attachCustomerNamespace(io.of("/customer"), desk, { limits, socketsPerIp: rateLimits.socketsPerIp, trust });
  const agentNamespace = attachAgentNamespace(io.of("/agent"), desk, {
    onPresence: () => notifier.presenceChanged(),
    allowedOrigins: config.KEEL_STAFF_ORIGINS,
  });

  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(options.port ?? config.PORT, options.host ?? "127.0.0.1", () => resolve());
  });
  const address = httpServer.address();
  const port = typeof address === "object" && address ? address.port : 0;
  const url = `http://${options.host ?? "127.0.0.1"}:${port}`;
  void resumeInterruptedTurns(desk).catch((err) => log("error", "resuming interrupted turns failed", { error: String(err) }));

  return {
    url,
    port,
    desk,
    kb,
    io,
    async close() {
      agentNamespace.stop();
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await relay?.close();
      pool.off("error", onPoolError);
      await agent.close();
      await readModel?.detach();
      if (ownsKb) await kb.db.close();
    },
  };
}
