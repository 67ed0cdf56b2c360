// The demo start (`npm start`): a demo site whose store page passes a signed customer identity,
// a customer profile to personalise with, and demo staff accounts with fresh passwords each start.
import { randomBytes } from "node:crypto";
import type pg from "pg";
import { signUserId } from "./auth/identity.ts";
import { hashPassword } from "./auth/passwords.ts";
import type { Role } from "./auth/roles.ts";

export const DEMO_SITE = "demo";
export const DEMO_CUSTOMER = { userId: "cust-1042", name: "Sam Rivera" };

export type DemoSetup = {
  identity: { site: string; userId: string; name: string; signature: string };
  accounts: { email: string; password: string; role: Role; displayName: string }[];
};

export async function prepareDemo(pool: pg.Pool): Promise<DemoSetup> {
  await pool.query("INSERT INTO sites (id, secret) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING", [DEMO_SITE, randomBytes(32).toString("hex")]);
  const { rows } = await pool.query<{ secret: string }>("SELECT secret FROM sites WHERE id = $1", [DEMO_SITE]);
  await pool.query(
    `INSERT INTO customer_profiles (site, customer_id, name, tier, open_issues, consent) VALUES ($1,$2,$3,'gold',$4,$5)
     ON CONFLICT (site, customer_id) DO NOTHING`,
    [
      DEMO_SITE,
      DEMO_CUSTOMER.userId,
      DEMO_CUSTOMER.name,
      JSON.stringify(["Order #A-2291: parcel marked delivered, not received"]),
      JSON.stringify({ personalisation: true, marketing: false }),
    ],
  );
  const accounts: DemoSetup["accounts"] = [
    { email: "alex@demo.keel", displayName: "Alex", role: "agent", password: randomBytes(9).toString("base64url") },
    { email: "priya@demo.keel", displayName: "Priya", role: "policy_owner", password: randomBytes(9).toString("base64url") },
  ];
  for (const a of accounts) {
    await pool.query(
      `INSERT INTO staff (email, display_name, role, password_hash) VALUES ($1,$2,$3,$4)
       ON CONFLICT (email) DO UPDATE SET password_hash = EXCLUDED.password_hash, role = EXCLUDED.role, disabled = false`,
      [a.email, a.displayName, a.role, await hashPassword(a.password)],
    );
  }
  return { identity: { site: DEMO_SITE, ...DEMO_CUSTOMER, signature: signUserId(rows[0]!.secret, DEMO_CUSTOMER.userId) }, accounts };
}
