-- The knowledge base: policies, their immutable versions, and retrievable chunks.
CREATE EXTENSION IF NOT EXISTS vector;

CREATE TABLE policies (
  id          text PRIMARY KEY,
  created_at  timestamptz NOT NULL DEFAULT now(),
  retired_at  timestamptz
);

CREATE TABLE policy_versions (
  policy_id        text NOT NULL REFERENCES policies(id),
  version          integer NOT NULL CHECK (version > 0),
  content_hash     text NOT NULL,
  status           text NOT NULL CHECK (status IN ('draft', 'published', 'retired')),
  title            text NOT NULL,
  owner            text,
  products         text[] NOT NULL DEFAULT '{}',
  topics           text[] NOT NULL DEFAULT '{}',
  effective_from   date NOT NULL,
  effective_to     date,
  review_by        date,
  handoff_required boolean NOT NULL DEFAULT false,
  questions        jsonb NOT NULL DEFAULT '[]',
  body             text NOT NULL,
  source           text NOT NULL,
  source_path      text,
  created_by       text,
  created_at       timestamptz NOT NULL DEFAULT now(),
  published_at     timestamptz,
  PRIMARY KEY (policy_id, version),
  CHECK (effective_to IS NULL OR effective_to >= effective_from)
);
CREATE INDEX policy_versions_hash ON policy_versions (policy_id, content_hash);

CREATE TABLE chunks (
  id              bigserial PRIMARY KEY,
  policy_id       text NOT NULL,
  version         integer NOT NULL,
  ordinal         integer NOT NULL,
  heading_path    text[] NOT NULL,
  section         text NOT NULL,
  content         text NOT NULL,
  char_start      integer NOT NULL,
  char_end        integer NOT NULL,
  -- what is indexed and embedded: title, headings, content and the sample questions placed on this section
  search_text     text NOT NULL,
  tsv             tsvector GENERATED ALWAYS AS (to_tsvector('english', search_text)) STORED,
  embedding       vector(384),
  embedding_model text,
  FOREIGN KEY (policy_id, version) REFERENCES policy_versions (policy_id, version) ON DELETE CASCADE
);
CREATE INDEX chunks_tsv ON chunks USING gin (tsv);
CREATE INDEX chunks_embedding ON chunks USING hnsw (embedding vector_cosine_ops);
CREATE INDEX chunks_policy_version ON chunks (policy_id, version);
