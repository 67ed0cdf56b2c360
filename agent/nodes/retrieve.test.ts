// retrieve, through the whole offline agent: a name the customer uses that no title gives but the
// knowledge base's own text carries is no product the KB lacks, while a name nothing carries is.
import { describe, expect, it } from "vitest";
import { agentOnKb } from "../../test-support/agent-on-kb.ts";

const room = (id: string, title: string, body: string) => `---
id: ${id}
title: ${title}
effective_from: 2025-01-01
---
# ${title}
## Prices
${body}
`;

const KB: Record<string, string> = {
  "small-room.md": room("small-room", "Small Meeting Room", "The small meeting room seats 4 people and costs £20.00 per hour."),
  "large-room.md": room("large-room", "Large Meeting Room", "The large meeting room seats 10 people and costs £45.00 per hour."),
  "hall.md": room("hall", "The Hall", "The Weaver Room is our hall upstairs. It seats 60 people and costs £300.00 per day."),
};

const kb = agentOnKb(KB, "retrieve");

describe("a product named by the customer", () => {
  it("answers about a name the knowledge base's text carries, though no title gives it", async () => {
    const { result } = await kb.agent().turn({ conversation: "retrieve-carried", message: "How much is the Weaver Room for a day?" });
    expect(result.outcome).toBe("answer");
    expect(result.text).toContain("£300.00");
    expect(result.citations.map((c) => c.policy)).toContain("hall");
  });

  it("refuses a name nothing in the knowledge base carries, never quoting another room's price", async () => {
    const { result } = await kb.agent().turn({ conversation: "retrieve-unknown", message: "How much is the Opal Room for an hour?" });
    expect(result.outcome).toBe("refusal");
    expect(result.text).not.toMatch(/£\d/);
  });
});
