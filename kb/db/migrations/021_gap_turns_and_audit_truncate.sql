-- A resolved knowledge gap remembers the refused turns it covered: those questions leave the report,
-- while later questions like them come back as a new open group (a sign the fix did not hold).
ALTER TABLE gap_resolutions ADD COLUMN turn_ids bigint[] NOT NULL DEFAULT '{}';
ALTER TABLE gap_resolutions ADD COLUMN label text;

-- Row triggers never see TRUNCATE: refuse it too, so the policy audit trail stays append-only.
CREATE TRIGGER policy_audit_no_truncate BEFORE TRUNCATE ON policy_audit
  FOR EACH STATEMENT EXECUTE FUNCTION policy_audit_append_only();
