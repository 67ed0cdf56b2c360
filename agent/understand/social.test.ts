import { describe, expect, it } from "vitest";
import { socialActOf } from "./social.ts";

describe("what a message does when it asks nothing", () => {
  it.each([
    ["hi", "greeting"],
    ["Hello there!", "greeting"],
    ["Good morning", "greeting"],
    ["Thanks Alex!", "thanks"],
    ["thank you so much", "thanks"],
    ["yes please", "yes"],
    ["Yes", "yes"],
    ["sure, go ahead", "yes"],
    ["no thanks", "no"],
    ["nope, I'm good", "no"],
    ["ok", "ack"],
    ["got it", "ack"],
  ] as const)("reads %j as %s", (message, act) => {
    expect(socialActOf(message)).toBe(act);
  });

  it.each([
    "How long do I have to return a lamp?",
    "yes, but what about electronics?",
    "hi, can I return a lamp after 40 days?",
    "Thanks, but the lamp is still broken",
    "Refunds",
    "no refund yet",
  ])("reads %j as a message to look up", (message) => {
    expect(socialActOf(message)).toBeNull();
  });
});
