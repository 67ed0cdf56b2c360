// Customer ratings of a conversation (issue 17): "did this answer your question?", an optional 1–5
// score and comment. One per conversation: a second rating replaces the first and keeps its id.
import type pg from "pg";
import { z } from "zod";
import { maskText } from "../../agent/guard/mask.ts";
import { incomingText } from "../../protocol/normalise.ts";

/** Longest comment kept: a few sentences of feedback, not a second conversation. */
export const MAX_RATING_COMMENT_CHARS = 1000;

export const ratingBody = z
  .object({
    helpful: z.boolean(),
    score: z.number().int("score must be a whole number from 1 to 5").min(1, "score must be 1 to 5").max(5, "score must be 1 to 5").optional(),
    comment: incomingText().trim().max(MAX_RATING_COMMENT_CHARS, `comment is longer than ${MAX_RATING_COMMENT_CHARS} characters`).optional(),
  })
  .strict();
export type RatingInput = z.infer<typeof ratingBody>;

export const ratingCreated = z.object({ id: z.string() });

/** Stores the rating with what it rates: Keel's last outcome, the policies cited in the conversation
 *  and whether a person took part (a claimed ticket or an agent's message). Returns the rating id. */
export async function saveRating(pool: pg.Pool, conversationId: string, input: RatingInput): Promise<string> {
  // Free text is stored like a message: card numbers and the like masked at rest (issue 16).
  const comment = input.comment ? maskText(input.comment).text : null;
  const { rows } = await pool.query<{ id: string }>(
    `WITH about AS (
       SELECT
         (SELECT outcome FROM messages WHERE conversation_id = $1 AND author = 'keel' ORDER BY id DESC LIMIT 1) AS outcome,
         COALESCE((SELECT array_agg(DISTINCT c->>'policy' ORDER BY c->>'policy') FROM messages m, jsonb_array_elements(m.citations) c
                   WHERE m.conversation_id = $1 AND m.author = 'keel'), '{}') AS policies,
         EXISTS (SELECT 1 FROM messages WHERE conversation_id = $1 AND author = 'agent')
           OR EXISTS (SELECT 1 FROM tickets WHERE conversation_id = $1 AND claimed_by IS NOT NULL) AS human
     )
     INSERT INTO ratings (conversation_id, helpful, score, comment, outcome, policies, human)
     SELECT $1, $2, $3, $4, outcome, policies, human FROM about
     ON CONFLICT (conversation_id) DO UPDATE SET helpful = EXCLUDED.helpful, score = EXCLUDED.score, comment = EXCLUDED.comment,
       outcome = EXCLUDED.outcome, policies = EXCLUDED.policies, human = EXCLUDED.human, updated_at = now()
     RETURNING id::text`,
    [conversationId, input.helpful, input.score ?? null, comment],
  );
  return rows[0]!.id;
}

/** Whether the customer already rated this conversation (the widget then does not ask again). */
export async function isRated(pool: pg.Pool, conversationId: string): Promise<boolean> {
  const { rows } = await pool.query("SELECT 1 FROM ratings WHERE conversation_id = $1", [conversationId]);
  return rows.length > 0;
}
