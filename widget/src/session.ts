// The widget's conversation: created over HTTP once, then kept (id + token) in localStorage per
// site and per signed-in user, so a reload or a new tab resumes the same transcript.
/** signedContext: the customer's issues, consent and tier as the host signed them (data-customer-context,
 *  data-context-signature); Keel keeps it only when it is signed for this user. */
export type Identity = {
  site: string;
  userId: string;
  signature: string;
  name?: string;
  email?: string;
  signedContext?: { data: string; signature: string };
};
export type Session = { id: string; token: string };

function storageKey(site: string, identity: Identity | null): string {
  return `keel:${site}:${identity ? `user:${identity.userId}` : "anonymous"}`;
}

export function loadSession(site: string, identity: Identity | null): Session | null {
  try {
    const raw = localStorage.getItem(storageKey(site, identity));
    const parsed = raw ? (JSON.parse(raw) as Partial<Session>) : null;
    return parsed && typeof parsed.id === "string" && typeof parsed.token === "string" ? { id: parsed.id, token: parsed.token } : null;
  } catch {
    return null;
  }
}

export function saveSession(site: string, identity: Identity | null, session: Session): void {
  try {
    localStorage.setItem(storageKey(site, identity), JSON.stringify(session));
  } catch {
    // Private mode or storage full: the conversation still works for this page view.
  }
}

export function forgetSession(site: string, identity: Identity | null): void {
  try {
    localStorage.removeItem(storageKey(site, identity));
  } catch {
    // nothing to forget
  }
}

/** What the host page knows about the order: answers are dated to the order date. */
export type OrderContext = { order_date?: string; order_id?: string };

export async function createSession(origin: string, identity: Identity | null, context: OrderContext = {}): Promise<Session> {
  const { signedContext, ...who } = identity ?? { signedContext: undefined };
  const body = {
    ...(identity ? { identity: who } : {}),
    ...(signedContext ? { signed_context: signedContext } : {}),
    ...(Object.keys(context).length ? { context } : {}),
  };
  const res = await fetch(`${origin}/api/v1/conversations`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (res.status !== 201) {
    const detail = await res.text().catch(() => "");
    throw new Error(`Keel could not start a conversation (HTTP ${res.status}): ${detail.slice(0, 200)}`);
  }
  const session = (await res.json()) as Partial<Session>;
  if (typeof session.id !== "string" || typeof session.token !== "string") throw new Error("Keel answered without a conversation id and token.");
  return { id: session.id, token: session.token };
}
