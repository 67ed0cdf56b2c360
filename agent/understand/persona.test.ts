// Who the customer says they are is removed from what Keel answers, and only that.
import { describe, expect, it } from "vitest";
import { stripPersona } from "./persona.ts";

describe("stripPersona", () => {
  it.each([
    ["Hi, Kim here, I'm autistic. How long until I see the refund on my card?", "How long until I see the refund on my card?"],
    ["Eleanor here. Can I return a lamp?", "Can I return a lamp?"],
    // A request to be told whether something holds asks only the something.
    ["Could you kindly confirm whether a booking fee applies to group tickets?", "a booking fee applies to group tickets?"],
    ["Can you let me know if the pool is heated?", "the pool is heated?"],
    ["Can you confirm that the pool is heated?", "Can you confirm that the pool is heated?"],
    ["Good afternoon. Eleanor Ashby-Grant KC here. Can I return a lamp?", "Can I return a lamp?"],
    // Chat spellings of "I'm".
    ["hi im Sam, bit stressed tbh. How much notice do you need before I move?", "How much notice do you need before I move?"],
    ["Hello, I’m Dana. Where is my order?", "Where is my order?"],
    ["Hi, this is Dana. Where is my order?", "Where is my order?"],
    ["Hello, my name is Fatima. Do you ship to Canada?", "Do you ship to Canada?"],
    ["As a 70-year-old woman, can I get help assembling my desk?", "can I get help assembling my desk?"],
    // A title's dot ("St.", "Dr.") is not the end of the introduction.
    ["Good morning, I'm Sister Agnes, I run the St. Brigid's charity café. Do you ship to Canada?", "Do you ship to Canada?"],
    ["Hello, I'm Dr. Okafor and I teach at a clinic. Can I return a lamp?", "Can I return a lamp?"],
    // A letter's opening, courtesy frame and closing.
    ["Dear Sir or Madam, I would be very grateful if you could tell me the late fee. Yours sincerely, Ann Lee", "Please tell me the late fee."],
    ["Dear Northgate team,\nCan I return a lamp?\n\nKind regards,\nTom", "Can I return a lamp?"],
    ["Can I return a lamp? Thanks in advance!", "Can I return a lamp?"],
    ["hi im a single mum, can I return a lamp?", "can I return a lamp?"],
    // Chat spellings, read as the words they stand for; names and abbreviations in capitals stay.
    ["wat time r u open 2nite n is the café open 2?", "what time are you open tonight and is the café open 2?"],
    ["can u deliver to ur Leeds shop pls", "can you deliver to your Leeds shop please"],
    ["whats the late fee and hows it charged", "what's the late fee and how's it charged"],
    ["Does U-Haul parking cost extra? Our R&D team asks", "Does U-Haul parking cost extra? Our R&D team asks"],
  ])("%s", (message, expected) => {
    expect(stripPersona(message)).toBe(expected);
  });

  it("keeps a question that only looks like an introduction", () => {
    expect(stripPersona("Is free shipping here, or only in stores?")).toBe("Is free shipping here, or only in stores?");
    expect(stripPersona("Returns here take how long?")).toBe("Returns here take how long?");
    expect(stripPersona("This is annoying — my parcel showed up crushed. How long do I have?")).toBe(
      "This is annoying — my parcel showed up crushed. How long do I have?",
    );
  });

  it("drops the word a greeting addresses Keel or the customer by", () => {
    expect(stripPersona("Hello dear, my name is Ines and I'm 70. Can I bring a dog?")).toBe("Can I bring a dog?");
    expect(stripPersona("Hi Sam! How late is the office open?")).toBe("How late is the office open?");
    expect(stripPersona("Hi can I bring a dog?")).toBe("can I bring a dog?");
  });

  it("keeps an introduction that names what the next sentence only points back to", () => {
    expect(stripPersona("I'm keen on renting a second locker. How do I go about that?")).toBe(
      "I'm keen on renting a second locker. How do I go about that?",
    );
    // Only a name or an age: nothing for "it" to point back to, so who the customer is goes.
    expect(stripPersona("Hi, I am Carlos. How much is it?")).toBe("How much is it?");
    expect(stripPersona("I'm 72 and retired. Is that a problem?")).toBe("Is that a problem?");
    // A question that names its own subject never keeps the introduction.
    expect(stripPersona("I'm keen on renting a second locker. How much is the locker?")).toBe("How much is the locker?");
  });
});
