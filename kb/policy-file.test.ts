import { describe, expect, it } from "vitest";
import { parsePolicy } from "./policy-file.ts";

describe("parsePolicy", () => {
  it("reads front matter fields and dates", () => {
    const doc = parsePolicy(
      `---\nid: returns\ntitle: Returns\nowner: ops@x\ntopic: returns\nproduct: [lamps, chairs]\neffective_from: 2025-03-01\nreview_by: 2026-01-01\nhandoff: required\nquestions:\n  - Can I send it back?\n---\n# Returns\n30 days.\n`,
      "policies/returns.md",
    );
    expect(doc).toMatchObject({
      id: "returns",
      title: "Returns",
      owner: "ops@x",
      topics: ["returns"],
      products: ["lamps", "chairs"],
      effectiveFrom: "2025-03-01",
      reviewBy: "2026-01-01",
      handoffRequired: true,
      questions: ["Can I send it back?"],
    });
    expect(doc.body.startsWith("# Returns")).toBe(true);
  });

  it("imports a file without front matter, taking the title from its first heading and the id from its name", () => {
    const doc = parsePolicy("# Store hours\nOpen 9 to 5.\n", "/x/Store Hours.md", { effectiveFrom: "2025-01-01" });
    expect(doc).toMatchObject({ id: "store-hours", title: "Store hours", effectiveFrom: "2025-01-01", handoffRequired: false });
  });

  it("gives the same hash for the same content and a different one for changed text", () => {
    const a = parsePolicy("---\nid: a\neffective_from: 2025-01-01\n---\n# A\nOne.\n", "a.md");
    const b = parsePolicy("---\nid: a\neffective_from: 2025-01-01\n---\n# A\nOne.\n", "elsewhere/a.md");
    const c = parsePolicy("---\nid: a\neffective_from: 2025-01-01\n---\n# A\nTwo.\n", "a.md");
    expect(a.contentHash).toBe(b.contentHash);
    expect(a.contentHash).not.toBe(c.contentHash);
  });

  it("rejects bad front matter with the file name and the field", () => {
    expect(() => parsePolicy("---\nid: Bad Id\n---\n# A\ntext\n", "p/a.md")).toThrow(/p\/a\.md: invalid front matter \(id:/);
    expect(() => parsePolicy("---\neffective_from: March\n---\n# A\ntext\n", "a.md")).toThrow(/effective_from/);
    expect(() => parsePolicy("---\neffective_from: 2025-05-01\neffective_to: 2025-01-01\n---\n# A\nx\n", "a.md")).toThrow(/before effective_from/);
    expect(() => parsePolicy("---\nid: [unclosed\n---\n# A\n", "a.md")).toThrow(/front matter/);
  });
});
