import { describe, expect, it } from "vitest";
import { chatHoursSchema, closedUntil } from "./chat-hours.ts";

const nyDay = chatHoursSchema.parse("08:00-22:00 America/New_York")!;

describe("chat hours", () => {
  it("is open inside the window and says nothing about closing", () => {
    // 15:00 UTC on a December day is 10:00 in New York.
    expect(closedUntil(nyDay, new Date("2026-12-04T15:00:00Z"))).toBeNull();
  });

  it("at 23:40 in New York says chat opens at 08:00 there the next morning", () => {
    const at = closedUntil(nyDay, new Date("2026-12-05T04:40:00Z"));
    expect(at?.toISOString()).toBe("2026-12-05T13:00:00.000Z");
  });

  it("before opening the same morning, opens later that day", () => {
    expect(closedUntil(nyDay, new Date("2026-12-04T11:59:30Z"))?.toISOString()).toBe("2026-12-04T13:00:00.000Z");
  });

  it("handles a window past midnight", () => {
    const night = chatHoursSchema.parse("20:00-02:00 UTC")!;
    expect(closedUntil(night, new Date("2026-12-04T01:00:00Z"))).toBeNull();
    expect(closedUntil(night, new Date("2026-12-04T03:00:00Z"))?.toISOString()).toBe("2026-12-04T20:00:00.000Z");
  });

  it("is always open when unset, and refuses a malformed setting or an unknown zone with a message naming it", () => {
    expect(chatHoursSchema.parse(undefined)).toBeNull();
    expect(closedUntil(null, new Date())).toBeNull();
    expect(() => chatHoursSchema.parse("8am-10pm ET")).toThrow(/KEEL_CHAT_HOURS must look like/);
    expect(() => chatHoursSchema.parse("08:00-22:00 Mars/Olympus")).toThrow(/not an IANA time zone/);
  });
});
