-- Who a policy version is written for: customers (quoted in answers) or staff (used to decide a
-- handoff and shown to agents, never quoted to a customer). Front matter `audience: staff`, or a
-- title that says "Internal".
ALTER TABLE policy_versions ADD COLUMN audience text NOT NULL DEFAULT 'customer' CHECK (audience IN ('customer', 'staff'));
UPDATE policy_versions SET audience = 'staff' WHERE title ~* '^\s*internal\b';
