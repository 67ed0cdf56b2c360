-- Customer ratings (issue 17): one per conversation (a second replaces the first, keeping its id),
-- stored with what the rating is about — Keel's last outcome, the policies cited in the
-- conversation and whether a person took part — so insights can read ratings per policy without
-- re-reading transcripts. Retention deletes a rating with its conversation (anonymising clears its comment).
CREATE TABLE ratings (
  id              bigserial PRIMARY KEY,
  conversation_id uuid NOT NULL UNIQUE REFERENCES conversations(id) ON DELETE CASCADE,
  helpful         boolean NOT NULL,
  score           smallint CHECK (score BETWEEN 1 AND 5),
  comment         text,
  outcome         text,
  policies        text[] NOT NULL DEFAULT '{}',
  human           boolean NOT NULL DEFAULT false,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ratings_created ON ratings (created_at);

-- Demo history seeded by `npm start` is marked, so it can be told apart, replaced on the next
-- demo start and never mistaken for real customers.
ALTER TABLE conversations ADD COLUMN demo boolean NOT NULL DEFAULT false;
CREATE INDEX conversations_created ON conversations (created_at);
