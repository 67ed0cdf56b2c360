// How often the knowledge base uses each word a question could be matched on: its own words,
// their base forms ("sent" → "send") and every wording of the concepts it names, so that a concept
// the KB words differently ("roommate" → "any other user") still counts as known.
import type pg from "pg";
import { termStats, type TermStats } from "../../kb/terms.ts";
import { contentStems, stem, tokenize } from "../../kb/text/terms.ts";
import { conceptsOf, stemsForConcept } from "../../kb/text/concepts.ts";

export function questionStats(pool: pg.Pool, text: string): Promise<TermStats> {
  return termStats(pool, [...new Set([...contentStems(text), ...conceptStemsOf(text)])]);
}

/** Every stem the knowledge base would need for the concepts a text names (for term statistics). */
function conceptStemsOf(text: string): string[] {
  return [...new Set(conceptsOf(text))].flatMap((c) => stemsForConcept(c).flat());
}
