// Customers waiting for a person are told where they stand whenever that changes: a ticket ahead
// of theirs was claimed, resolved or handed back, a new one opened, or an agent came online or
// left. Without this a customer would read "You're number 2 in line" long after being next, or
// "No one is online" while an agent sits at the console.
import { publishStatus, type Desk } from "../conversations/turns.ts";

/** Waiting customers told per change, first in line first: those further back learn their place
 *  on their next reconnect or message. Bounds the work one claim can cause. */
export const QUEUE_REFRESH_LIMIT = 50;

export async function publishQueueStatuses(desk: Desk): Promise<void> {
  const { rows } = await desk.pool.query<{ conversation_id: string }>(
    "SELECT conversation_id FROM tickets WHERE status = 'open' ORDER BY created_at, id LIMIT $1",
    [QUEUE_REFRESH_LIMIT],
  );
  for (const r of rows) await publishStatus(desk, r.conversation_id);
}

/** A refresh to call on every queue or presence change: calls that arrive while one runs are
 *  folded into a single run after it. */
export function queueRefresher(desk: Desk): () => void {
  let running = false;
  let again = false;
  const run = (): void => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    void publishQueueStatuses(desk)
      .catch((err) => desk.log("warn", "could not tell waiting customers where they stand", { error: String(err) }))
      .finally(() => {
        running = false;
        if (again) {
          again = false;
          run();
        }
      });
  };
  return run;
}
