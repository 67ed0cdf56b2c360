// Keel's configuration: read once from the environment, validated with zod,
// so a typo fails at start with a message that says what to fix.
import os from "node:os";
import path from "node:path";
import proxyAddr from "proxy-addr";
import { z } from "zod";
import { maskSettingSchema } from "./privacy.ts";
import { chatHoursSchema } from "./chat-hours.ts";

const optionalString = z
  .string()
  .transform((s) => s.trim())
  .optional()
  .transform((s) => (s ? s : undefined));

export const configSchema = z.object({
  /** Folder for the embedded database (PGlite) and its lock. */
  KEEL_DATA_DIR: z.string().default(path.join(".keel", "data")),
  /** A Postgres server with pgvector; when set, the embedded database is not used. */
  DATABASE_URL: optionalString.pipe(z.string().url({ message: "DATABASE_URL must be a postgres:// URL" }).optional()),
  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: optionalString.pipe(z.string().url({ message: "OPENAI_BASE_URL must be an http(s) URL" }).optional()),
  KEEL_CHAT_MODEL: z.string().default("gpt-4o-mini"),
  KEEL_EMBEDDING_MODEL: z.string().default("text-embedding-3-small"),
  /** "offline" forces the deterministic embedder even when a model endpoint is configured. */
  KEEL_EMBEDDER: z.enum(["auto", "offline", "openai"]).default("auto"),
  KEEL_MODEL_TIMEOUT_MS: z.coerce.number().int().positive().default(20_000),
  KEEL_MODEL_MAX_RETRIES: z.coerce.number().int().min(0).max(5).default(1),
  REDIS_URL: optionalString,
  /** "on": what is published is held in memory and searches are served from it (kb/memory);
   *  "off": every search asks the database. */
  KEEL_READ_MODEL: z.enum(["on", "off"]).default("on"),
  /** Worker threads that run the agent's turns (agent/workers/): "auto" is one per core; 0 runs
   *  turns on the event loop that serves HTTP and sockets. */
  KEEL_TURN_WORKERS: z
    .union([z.literal("auto"), z.coerce.number().int().min(0).max(64)], {
      message: 'KEEL_TURN_WORKERS must be "auto" or a whole number from 0 to 64',
    })
    .default("auto")
    .transform((v) => (v === "auto" ? os.availableParallelism() : v)),
  /** "on": before taking turns, the agent runs a few made-up messages through its graph
   *  (agent/warm-up.ts, ~1 s), so the first customers' turns do not pay for what compiles on first use. */
  KEEL_WARM_UP: z.enum(["on", "off"]).default("on"),
  /** Prefix of the Redis pub/sub channels: servers with the same prefix share sockets' rooms. */
  KEEL_REDIS_CHANNEL: z.string().min(1).default("keel"),
  /** Transcripts whose last activity is older than this many days are removed by `keel retention run`. */
  KEEL_RETENTION_DAYS: z.coerce.number().int().min(1).default(365),
  KEEL_RETENTION_MODE: z.enum(["delete", "anonymise"]).default("anonymise"),
  /** Publishing a policy version needs the owner to acknowledge the replay's changes first. */
  KEEL_PUBLISH_REQUIRES_REPLAY_ACK: z
    .enum(["true", "false"])
    .default("false")
    .transform((v) => v === "true"),
  /** Kinds of personal data masked at rest besides cards, national ids and bank accounts (always
   *  masked): comma-separated from email, phone, ip. It can widen masking, never narrow it. */
  KEEL_MASK_AT_REST: maskSettingSchema,
  /** Which TCP peers are proxies whose X-Forwarded-For / X-Forwarded-Proto Keel believes: one
   *  notion of the client's address for HTTP and sockets (rate limits, socket caps). "loopback",
   *  "uniquelocal", "linklocal", addresses and CIDR ranges, comma-separated; a number trusts that
   *  many hops; "false" trusts no proxy (the TCP peer is the client). */
  KEEL_TRUST_PROXY: z
    .string()
    .trim()
    .default("loopback")
    .transform((v, ctx) => {
      if (v === "false") return false as const;
      if (/^\d+$/.test(v)) return Number(v);
      const list = v
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean);
      try {
        proxyAddr.compile(list);
      } catch (err) {
        ctx.addIssue({
          code: "custom",
          message: `KEEL_TRUST_PROXY must be "false", a hop count, or addresses/CIDR ranges/loopback/uniquelocal/linklocal: ${(err as Error).message}`,
        });
        return z.NEVER;
      }
      return list;
    }),
  /** Staff cookies carry Secure (sent over HTTPS only). Unset: on, except in `keel serve --demo`
   *  (plain http on localhost); a request that came over HTTPS, or through a trusted proxy saying
   *  X-Forwarded-Proto: https, gets Secure whatever this says. */
  KEEL_SECURE_COOKIES: z
    .enum(["true", "false"])
    .optional()
    .transform((v) => (v === undefined ? undefined : v === "true")),
  /** Browser origins allowed to open the staff socket (/agent), comma-separated, besides Keel's own
   *  (the Host the request came to). Another site's page cannot ride an agent's cookie. */
  KEEL_STAFF_ORIGINS: z
    .string()
    .default("")
    .transform((v, ctx) => {
      const list = v
        .split(",")
        .map((s) => s.trim().replace(/\/$/, ""))
        .filter(Boolean);
      for (const origin of list) {
        if (!/^https?:\/\/[^/\s]+$/.test(origin)) {
          ctx.addIssue({ code: "custom", message: `KEEL_STAFF_ORIGINS: "${origin}" is not an origin like https://console.example.com` });
          return z.NEVER;
        }
      }
      return list;
    }),
  /** When people staff the chat, "08:00-22:00 America/New_York": outside it, with nobody online,
   *  the widget says chat is closed and when it opens. Unset: no hours (config/chat-hours.ts). */
  KEEL_CHAT_HOURS: chatHoursSchema,
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  KEEL_LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
});

export type KeelConfig = z.infer<typeof configSchema>;

/** Parses an environment; throws one error listing every bad variable. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): KeelConfig {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Keel's configuration is invalid:\n${lines.join("\n")}\nFix these environment variables (see README "Configuration").`, {
      cause: parsed.error,
    });
  }
  return parsed.data;
}

/** True when a chat model endpoint is configured; otherwise Keel runs its deterministic offline mode. */
export function hasModel(config: KeelConfig): boolean {
  return Boolean(config.OPENAI_API_KEY || config.OPENAI_BASE_URL);
}

/** Local OpenAI-compatible servers ignore the key, but the OpenAI SDK refuses to start without one. */
export const PLACEHOLDER_API_KEY = "not-needed";

/** Where requests go when only OPENAI_API_KEY is set. */
export const OPENAI_DEFAULT_BASE_URL = "https://api.openai.com/v1";

/** Endpoint settings shared by the chat model and embeddings. */
export function modelEndpoint(config: KeelConfig): { apiKey: string; configuration: { baseURL: string } } {
  return {
    apiKey: config.OPENAI_API_KEY ?? PLACEHOLDER_API_KEY,
    // Always explicit: left undefined, @langchain/openai and the SDK fall back to
    // process.env (OPENAI_BASE_URL, OPENAI_API_BASE, LANGSMITH_GATEWAY), which would bypass
    // a KeelConfig built from any other environment, such as a test's.
    configuration: { baseURL: config.OPENAI_BASE_URL ?? OPENAI_DEFAULT_BASE_URL },
  };
}
