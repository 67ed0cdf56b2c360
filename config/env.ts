// Keel's configuration: read once from the environment, validated with zod,
// so a typo fails at start with a message that says what to fix.
import path from "node:path";
import { z } from "zod";
import { maskSettingSchema } from "./privacy.ts";

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
  /** Prefix of the Redis pub/sub channels: servers with the same prefix share sockets' rooms. */
  KEEL_REDIS_CHANNEL: z.string().min(1).default("keel"),
  /** Transcripts whose last activity is older than this many days are removed by `keel retention run`. */
  KEEL_RETENTION_DAYS: z.coerce.number().int().min(1).default(365),
  KEEL_RETENTION_MODE: z.enum(["delete", "anonymise"]).default("anonymise"),
  /** Publishing a policy version needs the owner to acknowledge the replay's changes first. */
  KEEL_PUBLISH_REQUIRES_REPLAY_ACK: z.enum(["true", "false"]).default("false").transform((v) => v === "true"),
  /** Kinds of personal data masked at rest besides cards, national ids and bank accounts (always
   *  masked): comma-separated from email, phone, ip. It can widen masking, never narrow it. */
  KEEL_MASK_AT_REST: maskSettingSchema,
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
