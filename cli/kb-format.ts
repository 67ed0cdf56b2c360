// How `keel kb list` and `keel kb search` read in a terminal: a table with headers, whole
// sentences instead of passages cut mid-word, a plain relevance label instead of a fusion score,
// and a hint where there is nothing to show. Pure: rows in, lines out.
import type { OwnerPolicySummary } from "../kb/authoring/catalog.ts";
import type { SearchHit } from "../kb/search.ts";
import { splitSentences } from "../kb/text/sentences.ts";

export const NO_POLICIES_HINT = "No policies yet — run `keel kb import policies` (or any folder of Markdown policies) to add some.";

/** Columns padded to their widest cell; the last column is left as it is. */
export function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!)))
      .join("  ")
      .trimEnd();
  return [line(header), ...rows.map(line)];
}

const STATUS_WORDS: Record<OwnerPolicySummary["status"], string> = {
  in_force: "in force",
  scheduled: "scheduled",
  ended: "ended",
  retired: "retired",
  draft: "draft only",
};

/** Versions besides the one in force: superseded ones, scheduled ones with their start, a pending draft. */
function otherVersions(p: OwnerPolicySummary): string {
  const parts: string[] = [];
  if (p.superseded.length) parts.push(`${p.superseded.map((v) => `v${v}`).join(", ")} superseded`);
  for (const s of p.scheduled) parts.push(`v${s.version} scheduled from ${s.effectiveFrom}`);
  if (p.draftVersion) parts.push(`v${p.draftVersion} draft`);
  return parts.join("; ") || "—";
}

export function policyListLines(policies: OwnerPolicySummary[]): string[] {
  if (!policies.length) return [NO_POLICIES_HINT];
  const rows = policies.map((p) => [
    p.policy,
    p.currentVersion ? `v${p.currentVersion}` : "—",
    STATUS_WORDS[p.status],
    p.effectiveFrom ? `${p.effectiveFrom} → ${p.effectiveTo ?? "open"}` : "—",
    p.reviewBy ? `${p.reviewBy}${p.review === "overdue" ? " (overdue)" : ""}` : "none",
    `${otherVersions(p)}${p.handoffRequired ? "  [handoff required]" : ""}`,
  ]);
  return [
    ...table(["POLICY", "IN FORCE", "STATUS", "EFFECTIVE", "REVIEW BY", "OTHER VERSIONS"], rows),
    "",
    `${policies.length} ${policies.length === 1 ? "policy" : "policies"}`,
  ];
}

/** At most this many characters of a passage are printed, always as whole sentences. */
const EXCERPT_CHARS = 240;

/** The passage's first sentences that fit (at least one, whole), with "…" when more follow. */
export function excerpt(content: string, max = EXCERPT_CHARS): string {
  const flat = content
    .replace(/^#+\s.*$/gm, "")
    .replace(/\s+/g, " ")
    .trim();
  const sentences = splitSentences(flat)
    .map((s) => s.text.trim())
    .filter(Boolean);
  if (!sentences.length) return flat;
  const kept: string[] = [];
  let length = 0;
  for (const s of sentences) {
    if (kept.length && length + 1 + s.length > max) break;
    kept.push(s);
    length += s.length + 1;
  }
  return `${kept.join(" ")}${kept.length < sentences.length ? " …" : ""}`;
}

/** A fusion score means nothing to a reader: the label says how a passage compares with the best
 *  one found, and whether it matched the question's words, its meaning, or both. */
export function relevanceLabel(hit: Pick<SearchHit, "score" | "lexical" | "semantic">, best: number): string {
  const share = best > 0 ? hit.score / best : 0;
  const level = share >= 0.75 ? "high" : share >= 0.45 ? "medium" : "low";
  const how = hit.lexical > 0 && hit.semantic > 0.2 ? "words and meaning" : hit.lexical > 0 ? "words" : "meaning only";
  return `${level} relevance (matches ${how})`;
}

export function searchLines(hits: SearchHit[], options: { kbIsEmpty: boolean }): string[] {
  if (options.kbIsEmpty) return [NO_POLICIES_HINT];
  if (!hits.length) return ["No passage matches that question in the policies in force (try other words, or --as-of for another date)."];
  const best = hits[0]!.score;
  return hits.flatMap((h, i) => [
    `${i + 1}. ${h.headingPath.join(" › ") || h.title}  (${h.policy} v${h.version}) — ${relevanceLabel(h, best)}`,
    `   ${excerpt(h.content)}`,
  ]);
}
