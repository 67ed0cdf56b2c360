// Staff accounts and their sessions (browser cookie) or API tokens (scripts), in Postgres so
// every server process sees the same sign-ins.
import type pg from "pg";
import { STAFF_SESSION_HOURS } from "../../config/limits.ts";
import { hashPassword, verifyPassword } from "./passwords.ts";
import type { Role, Staff } from "./roles.ts";
import { hashSecret, newSecret } from "./tokens.ts";

type StaffRow = { id: number; email: string; display_name: string; role: Role; password_hash: string | null; disabled: boolean };
const toStaff = (r: StaffRow): Staff => ({ id: r.id, email: r.email, displayName: r.display_name, role: r.role });

export async function createStaff(pool: pg.Pool, input: { email: string; role: Role; password: string; displayName?: string }): Promise<Staff> {
  const email = input.email.trim().toLowerCase();
  const displayName = input.displayName ?? email.split("@")[0]!.replace(/[._-]+/g, " ").replace(/\b\w/g, (c) => c.toUpperCase());
  try {
    const { rows } = await pool.query<StaffRow>(
      "INSERT INTO staff (email, display_name, role, password_hash) VALUES ($1,$2,$3,$4) RETURNING *",
      [email, displayName, input.role, await hashPassword(input.password)],
    );
    return toStaff(rows[0]!);
  } catch (err) {
    if ((err as { code?: string }).code === "23505") throw new Error(`A staff account for ${email} already exists.`, { cause: err });
    throw err;
  }
}

export async function findStaffByEmail(pool: pg.Pool, email: string): Promise<Staff | null> {
  const { rows } = await pool.query<StaffRow>("SELECT * FROM staff WHERE email = $1 AND NOT disabled", [email.trim().toLowerCase()]);
  return rows[0] ? toStaff(rows[0]) : null;
}

/** The account when email and password match, else null (same time either way). */
export async function checkCredentials(pool: pg.Pool, email: string, password: string): Promise<Staff | null> {
  const { rows } = await pool.query<StaffRow>("SELECT * FROM staff WHERE email = $1 AND NOT disabled", [email.trim().toLowerCase()]);
  const ok = await verifyPassword(password, rows[0]?.password_hash ?? null);
  return ok && rows[0] ? toStaff(rows[0]) : null;
}

export type StaffSession = { staff: Staff; csrfToken: string; kind: "session" | "api_token" };

export async function createSession(pool: pg.Pool, staffId: number, kind: "session" | "api_token" = "session"): Promise<{ token: string; csrfToken: string }> {
  const token = newSecret(kind === "api_token" ? "keel_staff_" : "");
  const csrfToken = newSecret();
  const expires = kind === "session" ? new Date(Date.now() + STAFF_SESSION_HOURS * 3_600_000) : null;
  await pool.query("INSERT INTO staff_sessions (token_hash, staff_id, csrf_token, kind, expires_at) VALUES ($1,$2,$3,$4,$5)", [
    hashSecret(token), staffId, csrfToken, kind, expires,
  ]);
  return { token, csrfToken };
}

export async function findSession(pool: pg.Pool, token: string): Promise<StaffSession | null> {
  const { rows } = await pool.query<StaffRow & { csrf_token: string; kind: "session" | "api_token" }>(
    `SELECT s.*, ss.csrf_token, ss.kind FROM staff_sessions ss JOIN staff s ON s.id = ss.staff_id
     WHERE ss.token_hash = $1 AND NOT s.disabled AND (ss.expires_at IS NULL OR ss.expires_at > now())`,
    [hashSecret(token)],
  );
  const r = rows[0];
  return r ? { staff: toStaff(r), csrfToken: r.csrf_token, kind: r.kind } : null;
}

export async function deleteSession(pool: pg.Pool, token: string): Promise<void> {
  await pool.query("DELETE FROM staff_sessions WHERE token_hash = $1", [hashSecret(token)]);
}
