-- Milliseconds per graph node for each turn: where a slow turn spent its time.
ALTER TABLE agent_turns ADD COLUMN node_ms jsonb NOT NULL DEFAULT '{}';
