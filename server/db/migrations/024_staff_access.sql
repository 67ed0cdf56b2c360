-- Staff access that can be taken back (issue 16): every browser session and API token gets an id
-- an admin can name (`keel users tokens`, `keel users revoke-token <id>`) and an expiry. API tokens
-- made before this had none: they now expire in 90 days, time enough to replace them.
ALTER TABLE staff_sessions ADD COLUMN id bigserial;
CREATE UNIQUE INDEX staff_sessions_id ON staff_sessions (id);
CREATE INDEX staff_sessions_staff ON staff_sessions (staff_id);
UPDATE staff_sessions SET expires_at = now() + interval '90 days' WHERE expires_at IS NULL;
ALTER TABLE staff_sessions ALTER COLUMN expires_at SET NOT NULL;
-- When and why an account was disabled, for the audit trail.
ALTER TABLE staff ADD COLUMN disabled_at timestamptz;
