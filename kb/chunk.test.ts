import { describe, expect, it } from "vitest";
import { chunkPolicy } from "./chunk.ts";

const body = `# Returns
Intro line.

## Return window
You have 30 days from delivery.

### Furniture
Furniture has 14 days.

## Fees
\`\`\`
## not a heading inside a fence
\`\`\`
A $6.95 fee applies.
`;

describe("chunkPolicy", () => {
  it("gives every chunk its heading path and an exact character span", () => {
    const chunks = chunkPolicy(body, "Returns");
    expect(chunks.map((c) => c.headingPath.join(" > "))).toEqual([
      "Returns",
      "Returns > Return window",
      "Returns > Return window > Furniture",
      "Returns > Fees",
    ]);
    for (const c of chunks) expect(body.slice(c.charStart, c.charEnd)).toBe(c.content);
    expect(chunks[3]!.content).toContain("## not a heading inside a fence");
  });

  it("prefixes the title when the body has no level-1 heading", () => {
    const chunks = chunkPolicy("## Window\n30 days.\n", "Returns policy");
    expect(chunks[0]!.headingPath).toEqual(["Returns policy", "Window"]);
    expect(chunks[0]!.section).toBe("Window");
  });

  it("splits a long section at paragraph boundaries", () => {
    const para = "Sentence about shipping costs and times. ".repeat(20).trim();
    const long = `## Shipping\n${[para, para, para, para].join("\n\n")}\n`;
    const chunks = chunkPolicy(long, "Shipping");
    expect(chunks.length).toBeGreaterThan(1);
    for (const c of chunks) {
      expect(c.section).toBe("Shipping");
      expect(long.slice(c.charStart, c.charEnd)).toBe(c.content);
    }
  });
});
