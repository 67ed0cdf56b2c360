// Staff accounts and their sessions (browser cookie) or API tokens (scripts), in Postgres so
// every server process sees the same sign-ins.
import type pg from "pg";
import { STAFF_API_TOKEN_DAYS, STAFF_SESSION_HOURS } from "../../config/limits.ts";
import { hashPassword, verifyPassword } from "./passwords.ts";
import type { Experience, Role, Staff } from "./roles.ts";
import { hashSecret, newSecret } from "./tokens.ts";

type StaffRow = {
  id: number;
  email: string;
  display_name: string;
  role: Role;
  password_hash: string | null;
  disabled: boolean;
  experience?: Experience;
};
const toStaff = (r: StaffRow): Staff => ({ id: r.id, email: r.email, displayName: r.display_name, role: r.role, experience: r.experience ?? "new" });

export async function createStaff(
  pool: pg.Pool,
  input: { email: string; role: Role; password: string; displayName?: string; experience?: Experience },
): Promise<Staff> {
  const email = input.email.trim().toLowerCase();
  const displayName =
    input.displayName ??
    email
      .split("@")[0]!
      .replace(/[._-]+/g, " ")
      .replace(/\b\w/g, (c) => c.toUpperCase());
  try {
    const { rows } = await pool.query<StaffRow>(
      "INSERT INTO staff (email, display_name, role, password_hash, experience) VALUES ($1,$2,$3,$4,$5) RETURNING *",
      [email, displayName, input.role, await hashPassword(input.password), input.experience ?? "new"],
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

/** The id of an account, enabled or not (for listing and revoking what it still holds). */
export async function staffIdOf(pool: pg.Pool, email: string): Promise<number | null> {
  const { rows } = await pool.query<{ id: number }>("SELECT id FROM staff WHERE email = $1", [email.trim().toLowerCase()]);
  return rows[0]?.id ?? null;
}

/** The account when email and password match, else null (same time either way). */
export async function checkCredentials(pool: pg.Pool, email: string, password: string): Promise<Staff | null> {
  const { rows } = await pool.query<StaffRow>("SELECT * FROM staff WHERE email = $1 AND NOT disabled", [email.trim().toLowerCase()]);
  const ok = await verifyPassword(password, rows[0]?.password_hash ?? null);
  return ok && rows[0] ? toStaff(rows[0]) : null;
}

export type StaffSession = { staff: Staff; csrfToken: string; kind: "session" | "api_token"; sessionId: string; expiresAt: Date };

/** A browser session (STAFF_SESSION_HOURS) or an API token (STAFF_API_TOKEN_DAYS unless `days`
 *  says otherwise); both expire. */
export async function createSession(
  pool: pg.Pool,
  staffId: number,
  kind: "session" | "api_token" = "session",
  options: { days?: number } = {},
): Promise<{ token: string; csrfToken: string; id: string; expiresAt: Date }> {
  const token = newSecret(kind === "api_token" ? "keel_staff_" : "");
  const csrfToken = newSecret();
  const lifetimeMs = kind === "session" ? STAFF_SESSION_HOURS * 3_600_000 : (options.days ?? STAFF_API_TOKEN_DAYS) * 86_400_000;
  const expiresAt = new Date(Date.now() + lifetimeMs);
  const { rows } = await pool.query<{ id: string }>(
    "INSERT INTO staff_sessions (token_hash, staff_id, csrf_token, kind, expires_at) VALUES ($1,$2,$3,$4,$5) RETURNING id",
    [hashSecret(token), staffId, csrfToken, kind, expiresAt],
  );
  return { token, csrfToken, id: String(rows[0]!.id), expiresAt };
}

/** The session or token behind a secret, read from the database each time: a disabled account, an
 *  expired or revoked session is refused at once, on every process. */
export async function findSession(pool: pg.Pool, token: string): Promise<StaffSession | null> {
  const { rows } = await pool.query<StaffRow & { csrf_token: string; kind: "session" | "api_token"; session_id: string; expires_at: Date }>(
    `SELECT s.*, ss.csrf_token, ss.kind, ss.id AS session_id, ss.expires_at FROM staff_sessions ss JOIN staff s ON s.id = ss.staff_id
     WHERE ss.token_hash = $1 AND NOT s.disabled AND ss.expires_at > now()`,
    [hashSecret(token)],
  );
  const r = rows[0];
  return r ? { staff: toStaff(r), csrfToken: r.csrf_token, kind: r.kind, sessionId: String(r.session_id), expiresAt: r.expires_at } : null;
}

/** Of these session ids, the ones still valid (not revoked, not expired, account enabled). */
export async function liveSessionIds(pool: pg.Pool, ids: readonly string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const { rows } = await pool.query<{ id: string }>(
    `SELECT ss.id FROM staff_sessions ss JOIN staff s ON s.id = ss.staff_id
     WHERE ss.id = ANY($1::bigint[]) AND NOT s.disabled AND ss.expires_at > now()`,
    [ids],
  );
  return new Set(rows.map((r) => String(r.id)));
}

export async function deleteSession(pool: pg.Pool, token: string): Promise<void> {
  await pool.query("DELETE FROM staff_sessions WHERE token_hash = $1", [hashSecret(token)]);
}

export type SessionInfo = { id: string; kind: "session" | "api_token"; createdAt: Date; expiresAt: Date };

/** An account's live sessions and API tokens (never their secrets), newest first. */
export async function listSessions(pool: pg.Pool, staffId: number): Promise<SessionInfo[]> {
  const { rows } = await pool.query<{ id: string; kind: SessionInfo["kind"]; created_at: Date; expires_at: Date }>(
    "SELECT id, kind, created_at, expires_at FROM staff_sessions WHERE staff_id = $1 AND expires_at > now() ORDER BY id DESC",
    [staffId],
  );
  return rows.map((r) => ({ id: String(r.id), kind: r.kind, createdAt: r.created_at, expiresAt: r.expires_at }));
}

/** Revokes one session or token by id; the account it belonged to, or null when there was none. */
export async function revokeSession(pool: pg.Pool, id: string): Promise<{ staffId: number; kind: SessionInfo["kind"] } | null> {
  if (!/^\d{1,18}$/.test(id)) return null;
  const { rows } = await pool.query<{ staff_id: number; kind: SessionInfo["kind"] }>(
    "DELETE FROM staff_sessions WHERE id = $1 RETURNING staff_id, kind",
    [id],
  );
  return rows[0] ? { staffId: rows[0].staff_id, kind: rows[0].kind } : null;
}

/** Ends an account's browser sessions (and with `tokens`, its API tokens too). */
export async function endSessionsOf(pool: pg.Pool, staffId: number, options: { tokens: boolean }): Promise<number> {
  const { rowCount } = await pool.query(`DELETE FROM staff_sessions WHERE staff_id = $1 ${options.tokens ? "" : "AND kind = 'session'"}`, [staffId]);
  return rowCount ?? 0;
}

/** Disables an account and ends all its sessions and tokens; null when there is no such account. */
export async function disableStaff(pool: pg.Pool, email: string): Promise<Staff | null> {
  const { rows } = await pool.query<StaffRow>(
    "UPDATE staff SET disabled = true, disabled_at = COALESCE(disabled_at, now()) WHERE email = $1 RETURNING *",
    [email.trim().toLowerCase()],
  );
  if (!rows[0]) return null;
  await endSessionsOf(pool, rows[0].id, { tokens: true });
  return toStaff(rows[0]);
}

/** Sets a new password and ends every browser session of the account (API tokens stay: they are
 *  credentials of their own, revoked one by one). */
export async function setPassword(pool: pg.Pool, staffId: number, password: string): Promise<void> {
  await pool.query("UPDATE staff SET password_hash = $2 WHERE id = $1", [staffId, await hashPassword(password)]);
  await endSessionsOf(pool, staffId, { tokens: false });
}

/** Sets an account's experience level (an admin's call); null when there is no such account. */
export async function setStaffExperience(pool: pg.Pool, staffId: number, experience: Experience): Promise<Staff | null> {
  const { rows } = await pool.query<StaffRow>("UPDATE staff SET experience = $2 WHERE id = $1 RETURNING *", [staffId, experience]);
  return rows[0] ? toStaff(rows[0]) : null;
}
