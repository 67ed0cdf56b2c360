-- Every committed change to what retrieval reads is announced on channel keel_kb, so each process's
-- in-memory read model (kb/memory) reloads what changed: the policy id of a changed policy, version
-- or chunk, "#terms" for the term statistics. Postgres delivers a transaction's notifications at
-- commit and once per distinct payload, so a bulk import announces each policy once.
CREATE FUNCTION keel_policy_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('keel_kb', CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END);
  RETURN NULL;
END $$;

-- A version's or chunk's policy; a row moved to another policy changes that one too.
CREATE FUNCTION keel_policy_row_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    PERFORM pg_notify('keel_kb', OLD.policy_id);
  END IF;
  IF TG_OP <> 'DELETE' THEN
    PERFORM pg_notify('keel_kb', NEW.policy_id);
  END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION keel_terms_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('keel_kb', '#terms');
  RETURN NULL;
END $$;

CREATE TRIGGER keel_kb_changed AFTER INSERT OR UPDATE OR DELETE ON policies FOR EACH ROW EXECUTE FUNCTION keel_policy_changed();
CREATE TRIGGER keel_kb_changed AFTER INSERT OR UPDATE OR DELETE ON policy_versions FOR EACH ROW EXECUTE FUNCTION keel_policy_row_changed();
CREATE TRIGGER keel_kb_changed AFTER INSERT OR UPDATE OR DELETE ON chunks FOR EACH ROW EXECUTE FUNCTION keel_policy_row_changed();
CREATE TRIGGER keel_kb_changed AFTER INSERT OR UPDATE OR DELETE ON kb_terms FOR EACH STATEMENT EXECUTE FUNCTION keel_terms_changed();
-- TRUNCATE has no rows: everything changed.
CREATE FUNCTION keel_kb_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('keel_kb', '*');
  RETURN NULL;
END $$;
CREATE TRIGGER keel_kb_truncated AFTER TRUNCATE ON policies FOR EACH STATEMENT EXECUTE FUNCTION keel_kb_truncated();
CREATE TRIGGER keel_kb_truncated AFTER TRUNCATE ON policy_versions FOR EACH STATEMENT EXECUTE FUNCTION keel_kb_truncated();
CREATE TRIGGER keel_kb_truncated AFTER TRUNCATE ON chunks FOR EACH STATEMENT EXECUTE FUNCTION keel_kb_truncated();
CREATE TRIGGER keel_kb_truncated AFTER TRUNCATE ON kb_terms FOR EACH STATEMENT EXECUTE FUNCTION keel_kb_truncated();
