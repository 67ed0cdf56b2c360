// `keel users`: staff accounts for the console and policy pages, and API tokens for scripts.
import { randomBytes } from "node:crypto";
import type { Command } from "commander";
import { readConfig } from "../config/env.ts";
import { openKnowledgeBase } from "../kb/index.ts";
import { MAX_STAFF_API_TOKEN_DAYS, MIN_PASSWORD_CHARS, STAFF_API_TOKEN_DAYS } from "../config/limits.ts";
import { experienceSchema, roleSchema } from "../server/auth/roles.ts";
import { createSession, createStaff, disableStaff, findStaffByEmail, listSessions, revokeSession, staffIdOf } from "../server/auth/staff-store.ts";
import type { StaffSockets } from "../server/realtime/notifier.ts";
import { endStaffSocketsEverywhere } from "../server/realtime/staff-rooms.ts";
import type { KnowledgeBase } from "../kb/index.ts";

/** Runs fn on the configured database and closes it after. */
async function withDatabase<T>(fn: (kb: KnowledgeBase) => Promise<T>): Promise<T> {
  const kb = await openKnowledgeBase(readConfig());
  try {
    return await fn(kb);
  } finally {
    await kb.db.close();
  }
}

/** Closes the account's open consoles now through Redis when REDIS_URL is set; without it, each
 *  server notices on its next session recheck (STAFF_SESSION_RECHECK_MS). */
async function endOpenConsoles(who: StaffSockets, reason: string): Promise<string> {
  const config = readConfig();
  if (!config.REDIS_URL) return "open consoles close within 30 s (no REDIS_URL to tell servers at once)";
  await endStaffSocketsEverywhere(config.REDIS_URL, config.KEEL_REDIS_CHANNEL, who, reason);
  return "open consoles closed";
}

export function registerUsersCommands(program: Command): void {
  const users = program.command("users").description("staff accounts (agents, policy owners, admins)");
  users
    .command("add <email>")
    .description("create a staff account; prints a generated password unless --password is given")
    .requiredOption("--role <role>", "agent | policy_owner | admin")
    .option("--name <name>", "display name shown to customers (default from the email)")
    .option("--password <password>", "password (default: a random one, printed once)")
    .option("--experience <level>", "new (AI help open, drafts checked before sending) | experienced (help folded, send directly)", "new")
    .action(async (email: string, opts: { role: string; name?: string; password?: string; experience: string }) => {
      const role = roleSchema.safeParse(opts.role);
      if (!role.success) throw new Error(`--role must be agent, policy_owner or admin (got "${opts.role}")`);
      const experience = experienceSchema.safeParse(opts.experience);
      if (!experience.success) throw new Error(`--experience must be new or experienced (got "${opts.experience}")`);
      if (!/^[^@\s]+@[^@\s]+$/.test(email)) throw new Error(`"${email}" is not an email address`);
      const password = opts.password ?? randomBytes(12).toString("base64url");
      if (password.length < MIN_PASSWORD_CHARS) throw new Error(`--password must be at least ${MIN_PASSWORD_CHARS} characters`);
      const kb = await openKnowledgeBase(readConfig());
      try {
        const staff = await createStaff(kb.db.pool, {
          email,
          role: role.data,
          password,
          experience: experience.data,
          ...(opts.name ? { displayName: opts.name } : {}),
        });
        console.log(
          `created ${staff.role} ${staff.email} (${staff.displayName}, ${staff.experience})${opts.password ? "" : `\npassword: ${password}`}`,
        );
      } finally {
        await kb.db.close();
      }
    });
  users
    .command("token <email>")
    .description("create an API token for a staff account (send as Authorization: Bearer <token>); it expires")
    .option("--days <days>", `lifetime in days (default ${STAFF_API_TOKEN_DAYS}, at most ${MAX_STAFF_API_TOKEN_DAYS})`)
    .action(async (email: string, opts: { days?: string }) => {
      const days = opts.days === undefined ? STAFF_API_TOKEN_DAYS : Number(opts.days);
      if (!Number.isInteger(days) || days < 1 || days > MAX_STAFF_API_TOKEN_DAYS)
        throw new Error(`--days must be a whole number from 1 to ${MAX_STAFF_API_TOKEN_DAYS} (got "${opts.days}")`);
      await withDatabase(async (kb) => {
        const staff = await findStaffByEmail(kb.db.pool, email);
        if (!staff) throw new Error(`no staff account for ${email}: create it with keel users add`);
        const { token, id, expiresAt } = await createSession(kb.db.pool, staff.id, "api_token", { days });
        console.error(`token ${id} for ${staff.email}, expires ${expiresAt.toISOString()} (revoke with keel users revoke-token ${id})`);
        console.log(token);
      });
    });
  users
    .command("tokens <email>")
    .description("list a staff account's live API tokens and console sessions (ids, never the secrets)")
    .action(async (email: string) => {
      await withDatabase(async (kb) => {
        const staffId = await staffIdOf(kb.db.pool, email);
        if (staffId === null) throw new Error(`no staff account for ${email}`);
        const sessions = await listSessions(kb.db.pool, staffId);
        if (!sessions.length) return void console.log(`no live tokens or sessions for ${email}`);
        console.log("id\tkind\tcreated\texpires");
        for (const s of sessions)
          console.log(`${s.id}\t${s.kind === "api_token" ? "token" : "session"}\t${s.createdAt.toISOString()}\t${s.expiresAt.toISOString()}`);
      });
    });
  users
    .command("revoke-token <id>")
    .description("revoke an API token or console session by the id `keel users tokens` shows; it gets 401 from then on")
    .action(async (id: string) => {
      await withDatabase(async (kb) => {
        const revoked = await revokeSession(kb.db.pool, id);
        if (!revoked) throw new Error(`no live token or session with id ${id}: list them with keel users tokens <email>`);
        console.log(`revoked ${revoked.kind === "api_token" ? "token" : "session"} ${id}; ${await endOpenConsoles({ sessionId: id }, "revoked")}`);
      });
    });
  users
    .command("disable <email>")
    .description("disable a staff account: it can no longer sign in, and all its sessions and tokens end")
    .action(async (email: string) => {
      await withDatabase(async (kb) => {
        const staff = await disableStaff(kb.db.pool, email);
        if (!staff) throw new Error(`no staff account for ${email}`);
        console.log(`disabled ${staff.email}; sessions and tokens ended; ${await endOpenConsoles({ staffId: staff.id }, "account_disabled")}`);
      });
    });
}
