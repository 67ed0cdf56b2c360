-- Masking at rest (issue 16). A message records which kinds of personal data were masked in it, so
-- the console can say "card number masked" beside it. Rows stored before masking existed are masked
-- by a data pass at server start (server/privacy/at-rest.ts): masking is Keel's TypeScript masker,
-- which SQL cannot share, so this file only prepares for it. The pass records how far it got per
-- table, so a large database interrupted mid-way resumes where it stopped; a finished pass is not
-- run again unless the set of masked kinds widens (a new pass name).
ALTER TABLE messages ADD COLUMN masked text[] NOT NULL DEFAULT '{}';

CREATE TABLE mask_at_rest_progress (
  pass        text NOT NULL,
  table_name  text NOT NULL,
  after_key   text,
  done        boolean NOT NULL DEFAULT false,
  rows_masked bigint NOT NULL DEFAULT 0,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (pass, table_name)
);
