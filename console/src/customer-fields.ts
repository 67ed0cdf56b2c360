// The customer fields Keel's answers used, as one small line of the ticket's context panel.
const LABELS: Record<string, string> = { open_issues: "open issues", "consent.marketing": "marketing consent", tier: "tier" };

export function fieldsUsedText(fields: readonly string[] | undefined): string | null {
  if (!fields?.length) return null;
  return `Keel's answers used: ${fields.map((f) => LABELS[f] ?? f).join(", ")}`;
}
