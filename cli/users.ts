// `keel users`: staff accounts for the console and policy pages, and API tokens for scripts.
import { randomBytes } from "node:crypto";
import type { Command } from "commander";
import { readConfig } from "../config/env.ts";
import { openKnowledgeBase } from "../kb/index.ts";
import { roleSchema } from "../server/auth/roles.ts";
import { createSession, createStaff, findStaffByEmail } from "../server/auth/staff-store.ts";

export function registerUsersCommands(program: Command): void {
  const users = program.command("users").description("staff accounts (agents, policy owners, admins)");
  users
    .command("add <email>")
    .description("create a staff account; prints a generated password unless --password is given")
    .requiredOption("--role <role>", "agent | policy_owner | admin")
    .option("--name <name>", "display name shown to customers (default from the email)")
    .option("--password <password>", "password (default: a random one, printed once)")
    .action(async (email: string, opts: { role: string; name?: string; password?: string }) => {
      const role = roleSchema.safeParse(opts.role);
      if (!role.success) throw new Error(`--role must be agent, policy_owner or admin (got "${opts.role}")`);
      if (!/^[^@\s]+@[^@\s]+$/.test(email)) throw new Error(`"${email}" is not an email address`);
      const password = opts.password ?? randomBytes(12).toString("base64url");
      if (password.length < 10) throw new Error("--password must be at least 10 characters");
      const kb = await openKnowledgeBase(readConfig());
      try {
        const staff = await createStaff(kb.db.pool, { email, role: role.data, password, ...(opts.name ? { displayName: opts.name } : {}) });
        console.log(`created ${staff.role} ${staff.email} (${staff.displayName})${opts.password ? "" : `\npassword: ${password}`}`);
      } finally {
        await kb.db.close();
      }
    });
  users
    .command("token <email>")
    .description("create an API token for a staff account (send as Authorization: Bearer <token>)")
    .action(async (email: string) => {
      const kb = await openKnowledgeBase(readConfig());
      try {
        const staff = await findStaffByEmail(kb.db.pool, email);
        if (!staff) throw new Error(`no staff account for ${email}: create it with keel users add`);
        const { token } = await createSession(kb.db.pool, staff.id, "api_token");
        console.log(token);
      } finally {
        await kb.db.close();
      }
    });
}
