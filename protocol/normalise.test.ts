import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { incomingText, normaliseText } from "./normalise.ts";

describe("normaliseText", () => {
  it("removes NUL and other control characters but keeps newlines and tabs", () => {
    expect(normaliseText("refund\u0000policy")).toBe("refundpolicy");
    expect(normaliseText("a\tb\nc\u0007d\u001be\u007ff\u0085g")).toBe("a\tb\ncdefg");
    expect(normaliseText("one\r\ntwo\rthree\u2028four")).toBe("one\ntwo\nthree\nfour");
  });

  it("shows what Keel reads: bidirectional overrides and isolates are removed", () => {
    expect(normaliseText("How long is the \u202Eyad 09\u202C return window?")).toBe("How long is the yad 09 return window?");
    expect(normaliseText("\u2066a\u2067b\u2068c\u2069\u202Ad\u202Be\u202Df")).toBe("abcdef");
  });

  it("removes zero-width characters that split words, keeping the joiners emoji and Persian need", () => {
    expect(normaliseText("re\u200Bfu\u200Dnd\u2060 po\u00ADlicy\uFEFF")).toBe("refund policy");
    // Emoji ZWJ sequences (family, technologist, skin tones) stay whole.
    for (const emoji of ["👨\u200D👩\u200D👧", "👩🏽\u200D💻", "🏳️\u200D🌈"]) expect(normaliseText(`hi ${emoji}!`)).toBe(`hi ${emoji}!`);
    // Persian "می‌خواهم" (I want) is written with a ZWNJ between letters.
    expect(normaliseText("می\u200Cخواهم")).toBe("می\u200Cخواهم");
    expect(normaliseText("\u200Cمی")).toBe("می");
  });

  it("keeps subdivision flags but drops tag characters that hide ASCII from a reader", () => {
    const england = "🏴\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}";
    expect(normaliseText(`go ${england}`)).toBe(`go ${england}`);
    expect(normaliseText("ok\u{E0049}\u{E0067}\u{E006E}\u{E006F}\u{E0072}\u{E0065}")).toBe("ok");
    expect(normaliseText("❤\uFE0F\uFE0F\uFE0F\u{E0100}\u{E0101}")).toBe("❤\uFE0F");
  });

  it("turns lone surrogates into U+FFFD and composes to NFC", () => {
    expect(normaliseText("a\uD800b\uDFFF")).toBe("a\uFFFDb\uFFFD");
    expect(normaliseText("cafe\u0301")).toBe("café");
    expect(normaliseText("😀")).toBe("😀");
  });

  it("is idempotent where removing joiners brings variation selectors together (found by CI's fuzz)", () => {
    const once = normaliseText("\uFE0F\u200C\u200C\uFE0F");
    expect(normaliseText(once)).toBe(once);
  });

  it("is idempotent and never leaves NUL, bidi controls or lone surrogates, for any string", () => {
    const nasty = fc.oneof(
      fc.string({ unit: "binary" }),
      fc.string({
        unit: fc.constantFrom(
          "\u0000",
          "\u202E",
          "\u2066",
          "\u200B",
          "\u200C",
          "\u200D",
          "\uD800",
          "\uDFFF",
          "a",
          "ب",
          "👩",
          "\uFE0F",
          "\u{E0041}",
          "\r",
          "\n",
          "e\u0301",
        ),
      }),
    );
    fc.assert(
      fc.property(nasty, (s) => {
        const once = normaliseText(s);
        expect(normaliseText(once)).toBe(once);
        expect(once).not.toMatch(/[\u0000\u202A-\u202E\u2066-\u2069\u200B]|\p{Cs}/u);
        expect(once.normalize("NFC")).toBe(once);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("incomingText", () => {
  it("applies length limits to the normalised text", () => {
    const schema = incomingText().trim().min(1).max(5);
    expect(schema.parse(" ab\u0000c ")).toBe("abc");
    expect(schema.safeParse("\u0000\u202E").success).toBe(false);
    // Ten characters before normalisation, five after: accepted.
    expect(schema.parse("a\u0000b\u0000c\u0000d\u0000e\u0000")).toBe("abcde");
    expect(schema.safeParse("abcdef").success).toBe(false);
  });
});
