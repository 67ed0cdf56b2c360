import { describe, expect, it } from "vitest";
import { isValidIban, passesLuhn, redactPersonalData } from "./redact.ts";

const kindsIn = (text: string) => redactPersonalData(text).found.map((r) => r.kind);
const redacted = (text: string) => redactPersonalData(text).text;

describe("redactPersonalData: cards", () => {
  it("redacts a Luhn-valid card number but keeps an order number", () => {
    const input = "My card is 4111 1111 1111 1111 and my order is 12345678901.";
    expect(redacted(input)).toBe("My card is [CARD] and my order is 12345678901.");
  });

  it.each([
    ["4111111111111111", "unbroken Visa"],
    ["4111-1111-1111-1111", "dashed Visa"],
    ["5555 5555 5555 4444", "spaced Mastercard"],
    ["378282246310005", "unbroken Amex"],
    ["3782 822463 10005", "Amex grouped 4-6-5"],
    ["6011 1111 1111 1117", "Discover"],
    ["4222222222222", "13-digit Visa"],
  ])("redacts %s (%s)", (card) => {
    expect(redacted(`card: ${card}, thanks`)).toBe("card: [CARD], thanks");
  });

  it("keeps a 16-digit number that fails Luhn", () => {
    expect(kindsIn("Reference 1234 5678 9012 3456 on the invoice")).toEqual([]);
  });

  it("finds the card inside a run that starts with a date", () => {
    const input = "On 2025-03-01 4111 1111 1111 1111 was charged";
    const { text, found } = redactPersonalData(input);
    expect(text).toBe("On 2025-03-01 [CARD] was charged");
    expect(input.slice(found[0].start, found[0].end)).toBe("4111 1111 1111 1111");
  });

  it("does not take digits glued to letters for a card", () => {
    expect(kindsIn("tracking 1Z4111111111111111")).toEqual([]);
  });

  it("exposes a Luhn check that accepts test cards and rejects a changed digit", () => {
    expect(passesLuhn("4111111111111111")).toBe(true);
    expect(passesLuhn("4111111111111112")).toBe(false);
  });
});

describe("redactPersonalData: emails", () => {
  it.each(["jane@example.com", "john.doe+orders@mail.example.co.uk", "A_B-c%d@sub-domain.io"])("redacts %s", (email) => {
    expect(redacted(`Write to ${email}.`)).toBe("Write to [EMAIL].");
  });

  it("leaves a bare @handle and a domain alone", () => {
    expect(kindsIn("Tag us @keelsupport or visit example.com")).toEqual([]);
  });
});

describe("redactPersonalData: phones", () => {
  it.each([
    "+44 20 7946 0958",
    "(555) 123-4567",
    "555-123-4567",
    "+1 555 123 4567",
    "555.123.4567",
    "1-800-555-0199",
    "+1 (555) 123-4567",
    "+44 (0)20 7946 0958",
    "+49-30-1234567",
    "020 7946 0958",
    "07946 095800",
    "+447946095800",
  ])("redacts %s", (phone) => {
    expect(redacted(`Call me on ${phone} after 5pm`)).toBe("Call me on [PHONE] after 5pm");
  });

  it("redacts an unbroken number only when the customer labels it a phone", () => {
    expect(redacted("my phone number is 5551234567")).toBe("my phone number is [PHONE]");
    expect(kindsIn("order 5551234567 has not arrived")).toEqual([]);
  });
});

describe("redactPersonalData: government ids", () => {
  it("redacts a formatted SSN", () => {
    expect(redacted("SSN 123-45-6789 on file")).toBe("SSN [GOV_ID] on file");
  });

  it("redacts an unformatted SSN only after an SSN label, keeping the label", () => {
    expect(redacted("my ssn is 123456789")).toBe("my ssn is [GOV_ID]");
    expect(redacted("Social Security number: 123 45 6789")).toBe("Social Security number: [GOV_ID]");
    expect(kindsIn("order 123456789 shipped")).toEqual([]);
  });

  it.each(["AB123456C", "AB 12 34 56 C", "ab123456c"])("redacts the UK NI number %s", (ni) => {
    expect(redacted(`NI: ${ni}`)).toBe("NI: [GOV_ID]");
  });

  it("does not read invalid NI prefixes or a product code as an NI number", () => {
    expect(kindsIn("code GB123456A and BG123456A")).toEqual([]);
  });
});

describe("redactPersonalData: IBANs", () => {
  it.each([
    "GB82 WEST 1234 5698 7654 32",
    "GB82WEST12345698765432",
    "DE89370400440532013000",
    "DE89 3704 0044 0532 0130 00",
    "FR1420041010050500013M02606",
    "NL91ABNA0417164300",
  ])("redacts the valid IBAN %s", (iban) => {
    expect(redacted(`Pay into ${iban} please`)).toBe("Pay into [IBAN] please");
  });

  it("keeps an IBAN-shaped string whose checksum fails", () => {
    expect(kindsIn("GB82 WEST 1234 5698 7654 33")).toEqual([]);
  });

  it("stops a spaced IBAN before a following capitalised word", () => {
    expect(redacted("IBAN GB82 WEST 1234 5698 7654 32 THANKS")).toBe("IBAN [IBAN] THANKS");
  });

  it("validates mod-97 directly", () => {
    expect(isValidIban("GB82WEST12345698765432")).toBe(true);
    expect(isValidIban("GB83WEST12345698765432")).toBe(false);
  });
});

describe("redactPersonalData: IP addresses", () => {
  it("redacts an IPv4 address", () => {
    expect(redacted("I logged in from 192.168.0.12 yesterday.")).toBe("I logged in from [IP] yesterday.");
  });

  it("ignores out-of-range octets and three-part versions", () => {
    expect(kindsIn("version 2.4.1 and 256.1.1.1 and 10.0.0.300")).toEqual([]);
  });
});

describe("redactPersonalData: ordinary customer-service text", () => {
  it.each([
    "How long is the return window? It says 30 days on the site.",
    "The jacket cost $129.99 and shipping was $5.99, total $1,299.00 for the order.",
    "I ordered on 2025-03-01 and it arrived 03/14/2025 at 10:30.",
    "Delivery takes 5-7 business days, or 2-3 days with express.",
    "My order 12345678901 from 2024 still hasn't arrived.",
    "Order #A-10293, item SKU 55-1203-88, size 10.5, qty 2.",
    "I've been a member since 2019 and spent over 1,000 dollars.",
    "Is the 15% discount valid until 12/31?",
    "Call center hours are 9-5, Monday to Friday; closed on 25 December.",
    "Refunds of up to 100 percent within 14 days, see section 4.2.1.",
    "ZIP 90210, apartment 4B, 221B Baker Street.",
  ])("leaves %j unchanged", (text) => {
    expect(redactPersonalData(text)).toEqual({ text, found: [] });
  });
});

describe("redactPersonalData: several kinds at once", () => {
  it("reports offsets into the original text in order", () => {
    const input = "Email jane@example.com, phone 555-123-4567, card 4111111111111111, IP 10.0.0.1.";
    const { text, found } = redactPersonalData(input);
    expect(text).toBe("Email [EMAIL], phone [PHONE], card [CARD], IP [IP].");
    expect(found.map((r) => r.kind)).toEqual(["email", "phone", "card", "ip"]);
    expect(found.map((r) => input.slice(r.start, r.end))).toEqual(["jane@example.com", "555-123-4567", "4111111111111111", "10.0.0.1"]);
  });

  it("lets an email win over digits inside it", () => {
    expect(kindsIn("reach 5551234567@example.com")).toEqual(["email"]);
  });

  it("is idempotent on its own output", () => {
    const once = redacted("jane@example.com 4111 1111 1111 1111 +44 20 7946 0958");
    expect(redacted(once)).toBe(once);
  });

  it("returns empty text unchanged", () => {
    expect(redactPersonalData("")).toEqual({ text: "", found: [] });
  });
});

describe("redactPersonalData: cost", () => {
  // Guards against regexes or card search that backtrack badly on long runs.
  it.each([
    ["spaced digits", "1 ".repeat(3000)],
    ["dashed groups", "1234-".repeat(1200)],
    ["padding", " ".repeat(6000) + "x"],
    ["at-signs", "a@".repeat(3000)],
    ["dots", "1.".repeat(3000)],
  ])("stays fast on pathological %s", (_name, text) => {
    const started = performance.now();
    redactPersonalData(text);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
