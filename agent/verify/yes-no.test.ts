import { describe, expect, it } from "vitest";
import { checkAnswer } from "./claims.ts";
import { readYesNo } from "./yes-no.ts";

const context = "Opened electronics can be returned within 15 days, with a 15% restocking fee.\nGift cards cannot be returned.";

describe("a yes or no read with its question", () => {
  it("turns a bare yes or no into the question's proposition, affirmed or denied", () => {
    expect(readYesNo("Can I return an opened tablet?", "Yes.")).toEqual({ polarity: "yes", claim: "can I return an opened tablet", rest: "" });
    expect(readYesNo("Can I return a gift card?", "No, you can't.")?.claim).toBe("can not I return a gift card");
    expect(readYesNo("How long do I have?", "Yes.")).toBeNull();
  });

  it("reads a no said with an apology or a qualifier, and checks what follows it", () => {
    const q = "Can I bring my puppy on a Monday?";
    expect(readYesNo(q, "Sorry, no — puppy classes run on Thursdays only.")).toMatchObject({
      polarity: "no",
      rest: "puppy classes run on Thursdays only.",
    });
    expect(readYesNo(q, "I'm afraid not; puppy classes run on Thursdays only.")?.rest).toBe("puppy classes run on Thursdays only.");
    expect(readYesNo(q, "Not on a Monday — puppy classes run on Thursdays only.")?.rest).toBe("puppy classes run on Thursdays only.");
    expect(readYesNo(q, "No, not on Mondays — puppy classes run on Thursdays only.")?.rest).toBe("puppy classes run on Thursdays only.");
    const classes = [{ text: "Puppy classes run on Thursdays only. Adult classes run on Saturdays." }];
    // A day the sources never name is still spoken of when they speak of days.
    expect(checkAnswer("Not on a Monday — puppy classes run on Thursdays only.", classes, q).supported).toBe(true);
    expect(checkAnswer("Not on a Monday — puppy classes run on Saturdays only.", classes, q).supported).toBe(false);
  });

  it("supports a bare yes the passage gives and rejects one it contradicts", () => {
    expect(checkAnswer("Yes.", [{ text: context }], "Can I return opened electronics?").supported).toBe(true);
    expect(checkAnswer("Yes.", [{ text: context }], "Can I return a gift card?").supported).toBe(false);
    expect(checkAnswer("No.", [{ text: context }], "Can I return a gift card?").supported).toBe(true);
  });

  it("reads 'that's right' as courtesy around the yes, and holds the customer's age to a limit set on people", () => {
    expect(readYesNo("Can I return opened electronics?", "Yes, that's right.")?.rest).toBe("");
    const spa = [{ text: "Sauna sessions are half price for guests over 65." }];
    expect(checkAnswer("Yes.", spa, "I'm 70 - is my sauna session half price?").supported).toBe(true);
    expect(checkAnswer("Yes.", spa, "I'm 58 - is my sauna session half price?").supported).toBe(false);
  });

  it("without the question, a bare yes claims nothing and is not supported", () => {
    expect(checkAnswer("Yes.", [{ text: context }]).supported).toBe(false);
  });
});
