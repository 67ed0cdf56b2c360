// The console's HTTP client: same-origin cookie session, CSRF header on writes, errors with the
// server's message.
/** experience: "new" agents get the AI help open and check drafts before sending (issue 17). */
export type Staff = { id: number; email: string; displayName: string; role: "agent" | "policy_owner" | "admin"; experience?: "new" | "experienced" };

let csrfToken = "";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(path, {
    method,
    credentials: "same-origin",
    headers: { "content-type": "application/json", ...(method === "GET" ? {} : { "x-csrf-token": csrfToken }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (res.status === 204) return undefined as T;
  const data = await res.json().catch(() => ({}));
  if (!res.ok) {
    const error = (data as { error?: { code?: string; message?: string; details?: unknown } }).error;
    throw new ApiError(res.status, error?.code ?? "http_error", error?.message ?? `The server answered HTTP ${res.status}.`, error?.details);
  }
  return data as T;
}

/** The signed-in staff member, or null when the session is missing or over. */
export async function me(): Promise<Staff | null> {
  try {
    const r = await api<{ staff: Staff; csrfToken: string }>("GET", "/api/v1/auth/me");
    csrfToken = r.csrfToken;
    return r.staff;
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return null;
    throw err;
  }
}

export async function login(email: string, password: string): Promise<Staff> {
  const r = await api<{ staff: Staff; csrfToken: string }>("POST", "/api/v1/auth/login", { email, password });
  csrfToken = r.csrfToken;
  return r.staff;
}

export async function logout(): Promise<void> {
  await api("POST", "/api/v1/auth/logout");
}
