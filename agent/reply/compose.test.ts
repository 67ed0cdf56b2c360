// The customer-facing wording: corrections first, each sentence quoted once, policies named plainly.
import { describe, expect, it } from "vitest";
import type { Citation, DraftSentence, PremiseVerdict, State } from "../state.ts";
import { answerText, citationsOf, ourPolicy, premiseNotes, quoteAnswer, refusalText, spoken } from "./compose.ts";

const cite = (section: string, quote: string, policy = "promotions", title = "Promotions"): Citation => ({
  policy,
  title,
  version: 1,
  section,
  quote,
});

/** The answer to a yes/no question drafted from these quoted sentences. */
const yesNoAnswer = (query: string, sentences: DraftSentence[]) =>
  answerText({
    premises: [],
    draft: { sentences, source: "offline", gap: null },
    signals: null,
    lastAnswer: null,
    reading: { yesNo: true },
    query,
  } as unknown as State);

describe("refusing a product the knowledge base lacks", () => {
  it("names it and offers the siblings it does have", () => {
    const state = (instead?: string[]) =>
      ({
        premises: [],
        unknownSpecifics: ["Ruby Saver"],
        binding: { bound: null, candidates: [], family: ["a", "b"], products: ["a", "b"], unknown: "Ruby Saver", ...(instead && { instead }) },
      }) as unknown as State;
    const text = refusalText(state(["Amber Saver", "Jade Saver"]));
    expect(text).toContain("about Ruby Saver, so I can't tell you that one exists");
    expect(text).toContain("The ones I can tell you about are Amber Saver and Jade Saver.");
    expect(refusalText(state())).not.toContain("The ones I can tell you about");
  });
});

describe("composing the reply", () => {
  it("names a policy once, even when its title already says policy", () => {
    expect(ourPolicy("Returns")).toBe("our Returns policy");
    expect(ourPolicy("Retail agent policy")).toBe("our Retail agent policy");
  });

  it("gives a second correcting sentence after the first, naming its section or policy", () => {
    const base = { claim: "I can stack promo codes", kind: "presupposed", verdict: "contradicted" } as const;
    const [sameSection] = premiseNotes([{ ...base, citation: cite("Coupon stacking", "A."), also: cite("Coupon stacking", "B.") }]);
    expect(sameSection).toBe('To correct one point: our Promotions policy (Coupon stacking) says: "A." It also says: "B."');
    const [otherSection] = premiseNotes([{ ...base, citation: cite("Coupon stacking", "A."), also: cite("Promo codes", "B.") }]);
    expect(otherSection).toContain('It also says (Promo codes): "B."');
    const [otherPolicy] = premiseNotes([{ ...base, citation: cite("Coupon stacking", "A."), also: cite("Tiers", "B.", "loyalty", "Rewards") }]);
    expect(otherPolicy).toContain('And our Rewards policy (Tiers) says: "B."');
  });

  it("does not quote as the answer a sentence the correction already quoted, and cites every quote once", () => {
    const premise: PremiseVerdict = {
      claim: "I can stack promo codes",
      kind: "presupposed",
      verdict: "contradicted",
      citation: cite("Coupon stacking", "A."),
      also: cite("Promo codes", "B."),
    };
    const sentences = [
      { text: "A.", citation: cite("Coupon stacking", "A."), chunkId: 1 },
      { text: "C.", citation: cite("Coupon stacking", "C."), chunkId: 1 },
    ];
    const text = answerText({
      premises: [premise],
      draft: { sentences, source: "offline", gap: null },
      signals: null,
      lastAnswer: null,
    } as unknown as State);
    expect(text.match(/"A\."|: A\./g)).toHaveLength(1);
    expect(text).toContain("C.");
    expect(citationsOf(sentences, [premise]).map((c) => c.quote)).toEqual(["A.", "B.", "C."]);
  });
});

describe("an answer", () => {
  it("starts with the policy's own sentence, leaving the policy's name to the citation", () => {
    const sentences = [
      { text: "Orders over $49 ship free.", citation: cite("Free shipping", "Orders over $49 ship free.", "shipping", "Shipping"), chunkId: 1 },
    ];
    const text = answerText({
      premises: [],
      draft: { sentences, source: "offline", gap: null },
      signals: null,
      lastAnswer: null,
      reading: null,
    } as unknown as State);
    expect(text).toBe("Orders over $49 ship free.");
  });

  it("after Yes or No keeps a name's capital and lowercases only a word that starts any sentence", () => {
    const yesNo = (quote: string) =>
      yesNoAnswer("Do gift cards expire?", [{ text: quote, citation: cite("Expiry", quote, "gift-cards", "Gift cards"), chunkId: 1 }]);
    expect(yesNo("Northwind gift cards never expire.")).toBe("No — Northwind gift cards never expire.");
    expect(yesNo("The gift cards never expire.")).toBe("No — the gift cards never expire.");
  });
});

describe("a yes/no question answered by a rule that says no to something else", () => {
  const answer = (query: string, quote: string) =>
    answerText({
      premises: [],
      draft: { sentences: [{ text: quote, citation: cite("Cancelling", quote, "orders", "Orders"), chunkId: 1 }], source: "offline", gap: null },
      signals: null,
      lastAnswer: null,
      reading: { yesNo: true },
      query,
    } as unknown as State);

  it("does not lead with No when the rule's 'not' is about a thing the customer did not ask about", () => {
    expect(answer("Can I cancel my order?", "We do not charge your card for a cancelled order.")).toBe(
      "We do not charge your card for a cancelled order.",
    );
  });

  it("answers from the best sentence, quoted first: a caveat after it does not cancel its Yes", () => {
    const sentences = [
      { text: "Standard shipping is free on orders of $49 or more.", citation: cite("Standard shipping", "x", "shipping", "Shipping"), chunkId: 1 },
      {
        text: "There is no free shipping on international orders.",
        citation: cite("International", "y", "international", "International"),
        chunkId: 2,
      },
    ];
    const text = yesNoAnswer("Do orders over $49 ship free?", sentences);
    expect(text).toMatch(/^Yes — Standard shipping is free on orders of \$49 or more\./);
  });

  it("leads with No when the 'not' is about what was asked", () => {
    expect(answer("Can I cancel my order?", "Orders cannot be cancelled once they have shipped.")).toBe(
      "No — Orders cannot be cancelled once they have shipped.",
    );
  });
});

describe("a correction of what the customer asked to confirm", () => {
  it("leads with No", () => {
    const cite = (section: string, quote: string) => ({ policy: "warranties", title: "Warranties", version: 1, section, quote });
    const [note] = premiseNotes([
      {
        claim: "the warranty covers defects for 5 years",
        kind: "confirmation",
        verdict: "contradicted",
        citation: cite("Coverage", "Defects are covered for 2 years."),
      },
    ]);
    expect(note).toBe('No — our Warranties policy (Coverage) says: "Defects are covered for 2 years."');
  });
});

describe("a claim Keel cannot confirm, set inside Keel's sentence", () => {
  const unsupported = (claim: string) => premiseNotes([{ claim, kind: "asserted", verdict: "unsupported", citation: null }])[0];
  it("starts in lower case unless it opens with a name, I or an acronym, and drops its closing mark", () => {
    expect(unsupported("A VPN always makes mobile data faster.")).toBe(
      "I can't confirm that a VPN always makes mobile data faster: I don't find it in our policies.",
    );
    expect(unsupported("You can find my account with just my name")).toBe(
      "I can't confirm that you can find my account with just my name: I don't find it in our policies.",
    );
    expect(unsupported("Northwind refunds shipping")).toBe("I can't confirm that Northwind refunds shipping: I don't find it in our policies.");
    expect(unsupported("VPNs are free")).toBe("I can't confirm that VPNs are free: I don't find it in our policies.");
    expect(unsupported("I'm owed a refund!")).toBe("I can't confirm that I'm owed a refund: I don't find it in our policies.");
  });
});

describe("a policy's sentence as a customer reads it", () => {
  it("reads a table row as its cells and drops Markdown emphasis", () => {
    expect(spoken("| Late fee | $25 per item, up to 2 per day |")).toBe("Late fee: $25 per item, up to 2 per day.");
    expect(spoken("| 3 years | 40% | protected |")).toBe("3 years: 40%, protected.");
    expect(spoken("The Electric Premium costs **$98 per day** (Pay Later).")).toBe("The Electric Premium costs $98 per day (Pay Later).");
    expect(spoken("Refunds take 5–10 business days.")).toBe("Refunds take 5–10 business days.");
  });

  it("is how a quoted row and a corrected premise's row are written, the citation keeping the row", () => {
    const row = "| Price per session | $45 |";
    const notes = premiseNotes([{ claim: "a session is $40", kind: "asserted", verdict: "contradicted", citation: cite("Prices", row) }]);
    expect(notes[0]).toContain('"Price per session: $45."');
    expect(notes[0]).not.toContain("|");
  });
});

describe("quoting list items", () => {
  it("ends an item quoted before another, so two items never run together", () => {
    const item = (text: string): DraftSentence => ({ text, citation: cite("Who can join", text, "club", "Club") }) as DraftSentence;
    expect(quoteAnswer([item("Full-time students of any age"), item("Staff on contracts of a year or more (with a letter)")])).toBe(
      "Full-time students of any age. Staff on contracts of a year or more (with a letter)",
    );
    expect(quoteAnswer([item("Members pay $5."), item("Guests pay $8.")])).toBe("Members pay $5. Guests pay $8.");
  });
});
