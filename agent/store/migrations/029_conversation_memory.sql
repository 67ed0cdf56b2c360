-- What a conversation keeps between turns (the redacted transcript, the last grounded answer that
-- pushback is weighed against, the refusal streak, the open-issue flags): one row per conversation,
-- written once per turn. It replaces LangGraph's Postgres checkpointer, which stored every channel
-- of the turn's state (hits, passages, drafts: ~37 rows a turn) when only these few outlive it.
CREATE TABLE conversation_memory (
  conversation_id text PRIMARY KEY,
  memory jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- A database the checkpointer wrote: each thread's latest checkpoint gives its kept channels (JSON
-- blobs, as its serializer writes plain values), so conversations under way keep their context.
-- Then the checkpointer's tables go: everything else in them was one turn's scratch, recorded in
-- agent_turns.
DO $$
BEGIN
  IF to_regclass('checkpoints') IS NOT NULL AND to_regclass('checkpoint_blobs') IS NOT NULL THEN
    INSERT INTO conversation_memory (conversation_id, memory)
    SELECT latest.thread_id, jsonb_object_agg(b.channel, convert_from(b.blob, 'UTF8')::jsonb)
    FROM (
      SELECT DISTINCT ON (thread_id) thread_id, checkpoint
      FROM checkpoints WHERE checkpoint_ns = '' ORDER BY thread_id, checkpoint_id DESC
    ) latest
    JOIN checkpoint_blobs b
      ON b.thread_id = latest.thread_id AND b.checkpoint_ns = '' AND b.type = 'json'
     AND b.channel IN ('transcript', 'lastAnswer', 'refusalStreak', 'issueAcknowledged', 'issueOfferOpen')
     AND b.version = latest.checkpoint -> 'channel_versions' ->> b.channel
    GROUP BY latest.thread_id
    ON CONFLICT (conversation_id) DO NOTHING;
  END IF;
  DROP TABLE IF EXISTS checkpoint_writes, checkpoint_blobs, checkpoints, checkpoint_migrations;
END $$;
