import { describe, expect, it } from "vitest";
import { stringsFor } from "./i18n.ts";
import { formatOpening } from "./opening-time.ts";

process.env.TZ = "UTC";
const now = new Date("2026-12-04T23:40:00Z");

describe("when chat opens, in words", () => {
  it("says today or tomorrow with the time and zone, and a weekday further out", () => {
    const en = stringsFor("en");
    expect(formatOpening("2026-12-05T08:00:00Z", "en-US", en, now)).toMatch(/^tomorrow at 8:00\s?AM UTC$/);
    expect(formatOpening("2026-12-04T23:50:00Z", "en-US", en, now)).toMatch(/^today at 11:50\s?PM UTC$/);
    expect(formatOpening("2026-12-07T08:00:00Z", "en-US", en, now)).toMatch(/^Monday at 8:00\s?AM UTC$/);
  });

  it("speaks the page's language", () => {
    expect(formatOpening("2026-12-05T08:00:00Z", "fr", stringsFor("fr"), now)).toMatch(/^demain à 08:00 UTC$/);
  });
});
