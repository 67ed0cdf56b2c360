-- Conversations with customers, their messages, the human-agent tickets and everything that
-- happened to them. Messages are append-only; a client's idempotency key makes retries safe.
CREATE TABLE sites (
  id         text PRIMARY KEY,
  -- HMAC-SHA256 key the host site signs its user ids with (identity verification).
  secret     text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE customer_profiles (
  site         text NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
  customer_id  text NOT NULL,
  name         text,
  tier         text,
  open_issues  jsonb NOT NULL DEFAULT '[]',
  consent      jsonb NOT NULL DEFAULT '{}',
  PRIMARY KEY (site, customer_id)
);

CREATE TABLE conversations (
  id              uuid PRIMARY KEY,
  token_hash      text NOT NULL,
  site            text,
  customer_id     text,
  verified        boolean NOT NULL DEFAULT false,
  customer_name   text,
  status          text NOT NULL DEFAULT 'bot' CHECK (status IN ('bot', 'queued', 'agent', 'resolved')),
  agent_id        integer,
  follow_up_email text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX conversations_customer ON conversations (site, customer_id);

CREATE TABLE messages (
  id              bigserial PRIMARY KEY,
  conversation_id uuid NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  author          text NOT NULL CHECK (author IN ('customer', 'keel', 'agent', 'system')),
  author_name     text,
  agent_id        integer,
  client_id       text,
  -- the reply this message answers (Keel's replies point at the customer message)
  reply_to        bigint REFERENCES messages(id),
  text            text NOT NULL,
  outcome         text,
  citations       jsonb NOT NULL DEFAULT '[]',
  signals         jsonb,
  grounding       jsonb,
  turn_id         bigint,
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX messages_client_id ON messages (conversation_id, author, client_id) WHERE client_id IS NOT NULL;
CREATE UNIQUE INDEX messages_reply_to ON messages (reply_to) WHERE author = 'keel';
CREATE INDEX messages_conversation ON messages (conversation_id, id);

CREATE TABLE staff (
  id            serial PRIMARY KEY,
  email         text NOT NULL UNIQUE,
  display_name  text NOT NULL,
  role          text NOT NULL CHECK (role IN ('agent', 'policy_owner', 'admin')),
  password_hash text,
  disabled      boolean NOT NULL DEFAULT false,
  created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE staff_sessions (
  token_hash  text PRIMARY KEY,
  staff_id    integer NOT NULL REFERENCES staff(id) ON DELETE CASCADE,
  csrf_token  text NOT NULL,
  kind        text NOT NULL DEFAULT 'session' CHECK (kind IN ('session', 'api_token')),
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz
);

CREATE TABLE tickets (
  id              bigserial PRIMARY KEY,
  conversation_id uuid NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  status          text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'claimed', 'resolved')),
  reason          text NOT NULL,
  topic           text NOT NULL,
  sentiment       text,
  context         jsonb NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  claimed_by      integer REFERENCES staff(id),
  claimed_at      timestamptz,
  first_reply_at  timestamptz,
  resolved_at     timestamptz,
  disposition     text
);
-- At most one unresolved ticket per conversation.
CREATE UNIQUE INDEX tickets_one_open ON tickets (conversation_id) WHERE status <> 'resolved';
CREATE INDEX tickets_status ON tickets (status, created_at);

CREATE TABLE ticket_events (
  id         bigserial PRIMARY KEY,
  ticket_id  bigint NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
  kind       text NOT NULL,
  actor      text NOT NULL,
  details    jsonb NOT NULL DEFAULT '{}',
  at         timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE notes (
  id              bigserial PRIMARY KEY,
  conversation_id uuid NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  staff_id        integer NOT NULL REFERENCES staff(id),
  text            text NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now()
);
