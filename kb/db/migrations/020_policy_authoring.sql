-- Policy owners' trail: who created, edited, published, retired or imported what, and when.
-- Append-only: the database refuses to change or remove a row.
CREATE TABLE policy_audit (
  id         bigserial PRIMARY KEY,
  policy_id  text NOT NULL,
  version    integer,
  action     text NOT NULL CHECK (action IN ('create', 'edit', 'publish', 'retire', 'import', 'attach_questions', 'resolve_gap', 'reindex')),
  actor      text NOT NULL,
  details    jsonb NOT NULL DEFAULT '{}',
  at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX policy_audit_policy ON policy_audit (policy_id, id);

CREATE FUNCTION policy_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'policy_audit is append-only';
END $$;
CREATE TRIGGER policy_audit_no_change BEFORE UPDATE OR DELETE ON policy_audit
  FOR EACH ROW EXECUTE FUNCTION policy_audit_append_only();

-- Knowledge-gap groups a policy owner has dealt with, by the group's stable key.
CREATE TABLE gap_resolutions (
  group_key   text PRIMARY KEY,
  how         text NOT NULL CHECK (how IN ('attached', 'new_policy', 'dismissed')),
  policy_id   text,
  resolved_by text NOT NULL,
  resolved_at timestamptz NOT NULL DEFAULT now()
);
