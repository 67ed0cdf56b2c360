-- The agent's audit trail: every turn with the chunks it used and what it decided, and every
-- payload sent to a model (already redacted), so "what did the model see" has an answer.
CREATE TABLE agent_turns (
  id                bigserial PRIMARY KEY,
  conversation_id   text NOT NULL,
  at                timestamptz NOT NULL DEFAULT now(),
  as_of             date,
  message_redacted  text NOT NULL,
  outcome           text NOT NULL,
  escalation_reason text,
  reply_text        text NOT NULL,
  chunk_ids         bigint[] NOT NULL DEFAULT '{}',
  citations         jsonb NOT NULL DEFAULT '[]',
  premises          jsonb NOT NULL DEFAULT '[]',
  grounding         jsonb,
  gap               text,
  injection         boolean NOT NULL DEFAULT false,
  model_error       text,
  ms                integer NOT NULL
);
CREATE INDEX agent_turns_conversation ON agent_turns (conversation_id, at);
CREATE INDEX agent_turns_outcome ON agent_turns (outcome, at);

CREATE TABLE llm_exposures (
  id              bigserial PRIMARY KEY,
  conversation_id text NOT NULL,
  turn_id         bigint REFERENCES agent_turns(id) ON DELETE CASCADE,
  at              timestamptz NOT NULL DEFAULT now(),
  purpose         text NOT NULL,
  model           text NOT NULL,
  payload         jsonb NOT NULL
);
CREATE INDEX llm_exposures_at ON llm_exposures (at);
