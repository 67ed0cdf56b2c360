// Insights per experience level (issue 17): for the tickets opened in the range, per level of the
// agent who claimed them — time to first reply, what became of Keel's suggestions (sent as they
// were, edited, discarded) and how many of the drafts they checked the checker flagged.
import type pg from "pg";
import type { LevelInsight } from "../../protocol/insights.ts";

/** A reply sharing at least this share of a suggestion's words (and not identical) edited it. */
const EDITED_OVERLAP = 0.5;

const words = (text: string) => new Set(text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);

export function fateOf(suggestion: string, reply: string): "sent_as_is" | "edited" | "discarded" {
  if (suggestion.trim() === reply.trim()) return "sent_as_is";
  const s = words(suggestion);
  if (!s.size) return "discarded";
  const r = words(reply);
  const shared = [...s].filter((w) => r.has(w)).length;
  return shared / s.size >= EDITED_OVERLAP ? "edited" : "discarded";
}

function median(values: number[]): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

type Level = "new" | "experienced";
const LEVELS: Level[] = ["new", "experienced"];

export async function levelInsights(pool: pg.Pool, range: { from: string; to: string }): Promise<LevelInsight[]> {
  const window = [range.from, range.to];
  const { rows: tickets } = await pool.query<{ experience: Level; secs: number | null }>(
    `SELECT s.experience, EXTRACT(EPOCH FROM (t.first_reply_at - t.created_at))::float AS secs
     FROM tickets t JOIN staff s ON s.id = t.claimed_by
     WHERE t.created_at >= $1::date AND t.created_at < $2::date + 1`,
    window,
  );
  const { rows: events } = await pool.query<{
    ticket_id: string;
    actor: string;
    kind: string;
    details: { text?: string; flagged?: number };
    reply: string | null;
    experience: Level;
  }>(
    `SELECT e.ticket_id, e.actor, e.kind, e.details, m.text AS reply, s.experience
     FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id JOIN staff s ON s.email = e.actor
     LEFT JOIN messages m ON e.kind = 'replied' AND m.id = (e.details->>'message')::bigint
     WHERE e.kind IN ('suggested', 'replied', 'checked') AND t.created_at >= $1::date AND t.created_at < $2::date + 1
     ORDER BY e.id`,
    window,
  );
  const out = new Map<Level, LevelInsight>(
    LEVELS.map((experience) => [
      experience,
      {
        experience,
        tickets: 0,
        median_first_reply_seconds: null,
        suggestions: { sent_as_is: 0, edited: 0, discarded: 0 },
        drafts_checked: 0,
        drafts_flagged: 0,
      },
    ]),
  );
  for (const level of LEVELS) {
    const mine = tickets.filter((t) => t.experience === level);
    out.get(level)!.tickets = mine.length;
    const secs = median(mine.flatMap((t) => (t.secs === null ? [] : [t.secs])));
    out.get(level)!.median_first_reply_seconds = secs === null ? null : Math.round(secs);
  }
  // Each suggestion is judged by the same agent's next reply on the ticket; a second suggestion
  // first, or none, discards it.
  const pending = new Map<string, { text: string; level: Level }>();
  for (const e of events) {
    const key = `${e.ticket_id}|${e.actor}`;
    const counts = out.get(e.experience)!;
    if (e.kind === "checked") {
      counts.drafts_checked++;
      if ((e.details.flagged ?? 0) > 0) counts.drafts_flagged++;
    } else if (e.kind === "suggested") {
      const before = pending.get(key);
      if (before) out.get(before.level)!.suggestions.discarded++;
      pending.set(key, { text: e.details.text ?? "", level: e.experience });
    } else if (e.kind === "replied" && e.reply !== null) {
      const before = pending.get(key);
      if (!before) continue;
      out.get(before.level)!.suggestions[fateOf(before.text, e.reply)]++;
      pending.delete(key);
    }
  }
  for (const left of pending.values()) out.get(left.level)!.suggestions.discarded++;
  return [...out.values()];
}
