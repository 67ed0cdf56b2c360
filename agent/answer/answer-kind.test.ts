import { describe, expect, it } from "vitest";
import { answerKindOf, claimKindOf, fitsAnswerKind, heldInBand, quantityFit, statesOtherFigure } from "./answer-kind.ts";

describe("the kind of fact a claim states", () => {
  it("reads a price by the period as an amount, not a length of time", () => {
    expect(claimKindOf("the plan is only $15 a month").kind).toBe("money");
    expect(claimKindOf("the cover costs $6.99 per day").kind).toBe("money");
  });
  it("reads a length of time as a duration, even beside an amount", () => {
    expect(claimKindOf("my $10 certificates are good for a month").kind).toBe("duration");
    expect(claimKindOf("you keep our data for a full year").kind).toBe("duration");
  });
});

describe("the kind of fact a question asks for", () => {
  it("reads a noun WordNet files under a charge as asking for an amount, and a payment's kind as not", () => {
    expect(answerKindOf("Does a surcharge apply on Sundays?").kind).toBe("money");
    expect(answerKindOf("Is there a levy on plastic bags?").kind).toBe("money");
    expect(answerKindOf("Where does my refund go?").kind).toBe("other");
    expect(answerKindOf("Can I bring my dog?").kind).toBe("other");
  });
  it("reads a time of day asked with 'until what time' or 'what time can', and a latest moment as a time limit", () => {
    expect(answerKindOf("Until what time is the rooftop bar serving?").kind).toBe("clock");
    expect(answerKindOf("What time can I collect my bike on Sundays?").kind).toBe("clock");
    expect(answerKindOf("What's the latest I can swap my seat?").kind).toBe("duration");
    expect(answerKindOf("At what point do you close a dormant account?").kind).toBe("duration");
    expect(answerKindOf("Can I swap my seat?").kind).toBe("other");
  });
  it("reads a question for a number to call as asking for one, and a fine or a deposit as an amount", () => {
    expect(answerKindOf("Who do I ring if the lift breaks down?").kind).toBe("contact");
    expect(answerKindOf("What's the phone number for the Dundee office?").kind).toBe("contact");
    expect(fitsAnswerKind(answerKindOf("What's the number for the Dundee office?"), "Call Dundee on 01382 555 019.")).toBe(true);
    expect(fitsAnswerKind(answerKindOf("What's the number for the Dundee office?"), "Dundee opens at 9am.")).toBe(false);
    expect(answerKindOf("What's the fine for parking in a bay overnight?").kind).toBe("money");
    expect(answerKindOf("What's the deposit on a kayak?").kind).toBe("money");
  });
  it("reads a size or a weight asked for, after a price asked of the biggest thing", () => {
    expect(answerKindOf("How wide is the gate to the yard?").kind).toBe("measure");
    expect(answerKindOf("What's the heaviest box the lift takes?").kind).toBe("measure");
    expect(answerKindOf("How much is the biggest box?").kind).toBe("money");
    expect(fitsAnswerKind(answerKindOf("How wide is the gate?"), "The gate is 3.2 m wide.")).toBe(true);
    expect(fitsAnswerKind(answerKindOf("How wide is the gate?"), "The gate opens at 7am.")).toBe(false);
  });
  it("reads 'how far back' as a length of time, and 'how far' alone as a distance", () => {
    expect(answerKindOf("How far back can I download my old statements?").kind).toBe("duration");
    expect(answerKindOf("How far is your nearest branch from the station?").kind).toBe("distance");
  });
  it("reads 'how much' or 'rate' before a noun as the amount of that thing, not a price", () => {
    expect(answerKindOf("How much cloud space comes with the Basic plan?")).toMatchObject({ kind: "count", strict: false });
    expect(answerKindOf("What is the request rate limit on the Pro plan?")).toMatchObject({ kind: "count", strict: false });
    expect(answerKindOf("How much is delivery?")).toMatchObject({ kind: "money", strict: true });
    expect(answerKindOf("How much a week is the Gold locker?")).toMatchObject({ kind: "money", strict: true });
    expect(answerKindOf("What's the maximum number of guests in a lodge?")).toMatchObject({ kind: "count", strict: true });
    expect(answerKindOf("is the riverside gym open on bank holidays? what times?")).toMatchObject({ kind: "clock", strict: true });
    expect(answerKindOf("What time zone are your hours in?")).not.toMatchObject({ kind: "clock" });
    expect(answerKindOf("how much per night are the lakeside pods")).toMatchObject({ kind: "money", strict: true });
    expect(answerKindOf("How much space do I get and what does it cost?")).toMatchObject({ kind: "money", strict: true });
  });
});

describe("the position the customer names against a sentence's", () => {
  it("favours the row of that position and disfavours rows of others only", () => {
    const q = "I broke my racket strings again, this is the 2nd time this year - what does a restring cost?";
    expect(quantityFit(q, "| Second restring in a year | £12 |")).toBe(1);
    expect(quantityFit(q, "| First restring in a year | Free |")).toBe(-1);
    expect(quantityFit("what does a restring cost?", "| First restring in a year | Free |")).toBe(0);
  });
});

describe("the customer's own measure against a sentence's bands", () => {
  const q = "How much to send a box of about 3.5 kg?";
  it("fits the band that holds it, and not the bands beside it", () => {
    expect(quantityFit(q, "| 3-5 kg | $8.95 |")).toBe(1);
    expect(quantityFit(q, "| 1-2 kg | $6.59 |")).toBe(-1);
    expect(quantityFit(q, "| Up to 1 kg | $5.29 |")).toBe(-1);
    expect(quantityFit(q, "Parcels up to 10 kg ship at the standard rate.")).toBe(1);
  });
  it("reads a figure stated without a limit, or a count of other things, as no fit either way", () => {
    expect(quantityFit(q, "Maximum weight: 20 kg")).toBe(0);
    expect(quantityFit("How long can I use the 10 session pack?", "Sessions: 10 sessions of 60 minutes")).toBe(0);
  });
});

describe("the customer's own length of time against a sentence's bands and limits", () => {
  const q = "What do you charge if I'm about 15 mins late?";
  it("fits the band or limit that holds it, sets aside bands beside it, and never a lone limit", () => {
    expect(quantityFit(q, "| 11–20 minutes | £20.00 |")).toBe(1);
    expect(quantityFit(q, "| 1–10 minutes | £10.00 |")).toBe(-1);
    expect(quantityFit(q, "Cancel up to 30 minutes before and you pay nothing.")).toBe(1);
    expect(quantityFit(q, "| Over 30 minutes | £35.00 plus £1.50 a minute |")).toBe(0);
    expect(heldInBand(q, "| 11–20 minutes | £20.00 |")).toBe(true);
    expect(heldInBand(q, "Cancel up to 30 minutes before and you pay nothing.")).toBe(false);
  });
  it("tells a rule about another figure of the same kind from one about none", () => {
    expect(statesOtherFigure(q, "A child not collected 45 minutes after closing is reported.")).toBe(true);
    expect(statesOtherFigure(q, "Please call us if you are running late.")).toBe(false);
    expect(statesOtherFigure(q, "| 11–20 minutes | £20.00 |")).toBe(false);
  });
  it('reads a share off a price as a discount, and "drop off" or "one-off" as no discount', () => {
    expect(answerKindOf("How much is a single one-off session if I drop off early?").kind).toBe("money");
    expect(answerKindOf("How much would it be to drop off at 7?").kind).toBe("money");
    expect(answerKindOf("What does it cost with 20% off?").kind).toBe("percent");
  });
  it('reads "what times do…" as asking for a time of day', () => {
    expect(answerKindOf("what times do staff put sun cream on?").kind).toBe("clock");
  });
});

describe("the customer's own figure against a sentence's bands", () => {
  it("sets a sentence aside only when all of it is said under bands the figure falls outside", () => {
    const asked = "My 12-year-old wants to join, can she?";
    expect(quantityFit(asked, "Juniors aged 6 to 11 train on Saturdays; seniors aged 60 and over on Mondays.")).toBe(-1);
    expect(quantityFit(asked, "Members train on any weekday evening (children under 8 with a parent).")).toBe(0);
    expect(quantityFit(asked, "Juniors aged 10 to 15 train on Saturdays.")).toBe(1);
  });
});
