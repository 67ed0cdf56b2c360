// Customers and policies name the same things with different words ("mail back" / "return",
// "money back" / "refund"). This lexicon maps both onto shared concept ids so that offline
// retrieval matches paraphrases without a model. It is data: extend it, don't special-case code.
import { stem, tokenize } from "./terms.ts";

/** concept id -> words or phrases that name it (plain English; stemmed at load). */
const LEXICON: Record<string, string[]> = {
  return: [
    "return",
    "send back",
    "ship back",
    "bring back",
    "take back",
    "give back",
    "rma",
    "mail back",
    "send it back",
    "send them back",
    "send stuff back",
    "ship it back",
  ],
  refund: [
    "refund",
    "money back",
    "reimburse",
    "credited back",
    "repay",
    "paid back",
    "get my money",
    "get the money",
    "pay me back",
    "money returned",
  ],
  exchange: ["exchange", "swap", "replace", "different size", "different color", "trade"],
  shipping: [
    "shipping",
    "delivery",
    "deliver",
    "postage",
    "courier",
    "dispatch",
    "transit",
    "arrive",
    "freight",
    "carrier",
    "package",
    "parcel",
    "mail",
    "box",
  ],
  international: [
    "international",
    "internationally",
    "abroad",
    "overseas",
    "another country",
    "other countries",
    "countries",
    "outside the us",
    "canada",
    "europe",
    "uk",
    "customs",
    "duties",
    "import",
  ],
  lost: ["lost", "missing", "never arrived", "never came", "stolen", "didn't arrive", "not arrived", "didnt arrive"],
  damaged: [
    "damaged",
    "broken",
    "defective",
    "faulty",
    "cracked",
    "dented",
    "shattered",
    "doesn't work",
    "stopped working",
    "not working",
    "malfunction",
    "scratched",
    "dead on arrival",
    "torn",
    "smashed",
    "crushed",
    "busted",
    "ripped",
    "bent",
  ],
  cancel: ["cancel", "call off", "stop my order", "undo"],
  modify: ["change", "modify", "edit", "update", "alter", "amend", "switch"],
  price: [
    "price",
    "cost",
    "cheaper",
    "lower price",
    "price drop",
    "drops",
    "lowers",
    "went down",
    "goes down",
    "went on sale",
    "reduced",
    "adjustment",
    "difference",
  ],
  // Matching a competitor's price is one service, not any mention of a price.
  pricematch: ["price match", "price-match", "match the price", "match a price", "match prices", "match their price", "beat the price"],
  warranty: ["warranty", "guarantee", "coverage", "covered", "repair", "fix", "claim", "defect", "manufacturer"],
  protection: ["protection plan", "extended", "care plan", "insurance", "accidental"],
  fee: ["fee", "charge", "billed", "cost", "pay for", "restocking", "surcharge"],
  free: ["free", "no charge", "no cost", "complimentary", "waived", "without paying", "don't pay", "not pay", "don't have to pay", "do not pay"],
  kind: ["type", "kind", "sort of"],
  identity: ["authenticate", "identity", "who i am", "verify me", "verify my identity", "prove it's me", "confirm who"],
  report: ["report", "let you know", "let us know", "notify", "inform you", "tell you"],
  // The company telling the customer, the other way round.
  notified: ["find out", "notified", "notification", "hear back", "be told", "receive an email", "get an email", "email you", "emailed", "informed"],
  opinion: [
    "opinion",
    "personal opinion",
    "better",
    "subjective",
    "recommendation",
    "advice",
    "which is better",
    "what do you think",
    "personal view",
  ],
  time: ["how long", "how many days", "days", "weeks", "window", "deadline", "time limit", "until when", "by when", "within", "period", "timeframe"],
  giftcard: ["gift card", "giftcard", "e-gift", "egift", "gift certificate", "store credit"],
  gift: ["gift", "present", "gift receipt", "birthday", "someone else bought"],
  loyalty: ["loyalty", "rewards", "points", "member", "membership", "tier", "gold", "silver", "status", "perks"],
  subscription: ["subscription", "subscribe", "replenish", "recurring", "auto-ship", "autoship", "auto delivery", "skip", "pause"],
  promotion: ["promotion", "promo", "coupon", "discount", "voucher", "code", "sale", "deal", "offer"],
  combine: ["stack", "stackable", "combine", "together with", "on top of", "use both", "apply both"],
  student: ["student", "college", "university", "enrolled"],
  military: [
    "military",
    "veteran",
    "service member",
    "army",
    "navy",
    "air force",
    "marines",
    "served",
    "armed forces",
    "active-duty",
    "reservist",
    "national guard",
  ],
  standard: ["standard", "regular"],
  payment: [
    "payment",
    "pay with",
    "pay by",
    "pay in",
    "card",
    "credit card",
    "debit",
    "paypal",
    "klarna",
    "afterpay",
    "installments",
    "financing",
    "apple pay",
    "bnpl",
    "buy now pay later",
  ],
  account: [
    "account",
    "user",
    "login",
    "log in",
    "sign in",
    "signin",
    "password",
    "username",
    "two-factor",
    "2fa",
    "verification code",
    "locked out",
  ],
  compromise: ["hacked", "compromised", "unauthorized", "someone else", "stolen account", "suspicious", "fraud", "breach"],
  privacy: [
    "privacy",
    "personal data",
    "my data",
    "personal information",
    "delete my data",
    "gdpr",
    "ccpa",
    "data request",
    "erase",
    "cookies",
    "data",
    "information about me",
    "records",
  ],
  accessibility: ["accessibility", "disability", "wheelchair", "screen reader", "blind", "deaf", "hearing", "visually impaired", "large print"],
  safety: ["safety", "recall", "hazard", "dangerous", "unsafe", "injury", "injured", "fire", "burn", "overheat", "smoke", "choking"],
  pickup: ["pickup", "pick up", "collect", "in store", "in-store", "curbside", "store pickup", "bopis"],
  assembly: ["assembly", "install", "set up", "setup", "mount", "put together", "build", "hang"],
  preorder: ["pre-order", "preorder", "backorder", "out of stock", "restock", "not in stock", "available"],
  furniture: [
    "furniture",
    "sofa",
    "couch",
    "table",
    "chair",
    "bed",
    "mattress",
    "dresser",
    "desk",
    "bookshelf",
    "cabinet",
    "bed frame",
    "lamp",
    "rug",
    "recliner",
    "futon",
    "nightstand",
    "wardrobe",
    "patio furniture",
  ],
  electronics: [
    "electronics",
    "laptop",
    "tablet",
    "phone",
    "headphones",
    "earbuds",
    "tv",
    "television",
    "camera",
    "speaker",
    "console",
    "computer",
    "smartwatch",
    "drone",
    "vacuum",
    "monitor",
    "printer",
    "router",
    "appliance",
    "microwave",
    "blender",
    "fridge",
    "refrigerator",
    "washer",
    "dryer",
    "dishwasher",
  ],
  apparel: ["apparel", "clothing", "shirt", "jacket", "shoes", "boots", "dress", "pants", "jeans", "coat"],
  dispute: ["chargeback", "dispute", "bank", "charged twice", "double charged", "billing", "overcharged"],
  tax: ["tax", "tax-exempt", "exempt", "vat", "sales tax", "nonprofit", "reseller"],
  bulk: ["bulk", "corporate", "business", "wholesale", "large order", "company order", "quantity"],
  contact: ["contact", "phone number", "call", "email", "chat", "conversation", "hours", "open", "closed", "reach", "support", "customer service"],
  final: [
    "final sale",
    "non-returnable",
    "nonreturnable",
    "clearance",
    "cannot be returned",
    "can't return",
    "excluded",
    "exception",
    "hygiene",
    "opened",
  ],
  receipt: ["receipt", "proof of purchase", "order number", "invoice"],
  order: ["order", "purchase", "bought"],
  address: ["address", "zip", "postcode", "postal", "location", "my house", "my home", "my apartment"],
  animal: ["animal", "dog", "guide dog", "service dog", "support animal"],
  distance: ["how far", "far", "distance", "miles", "radius", "kilometers", "km", "nearby"],
  minimum: ["minimum", "smallest", "fewest", "lowest", "at least", "min"],
  competitor: [
    "competitor",
    "competing",
    "other stores",
    "other retailers",
    "another retailer",
    "other websites",
    "elsewhere",
    "amazon",
    "walmart",
    "best buy",
    "bestbuy",
    "target.com",
    "home depot",
    "homedepot",
  ],
  destination: ["sent", "go to", "goes to", "credited to", "refunded to", "deposited to", "deposited into", "paid into", "paid out to"],
  timezone: ["time zone", "timezone", "est", "edt", "pst", "pdt", "cst", "utc", "gmt", "eastern time", "pacific time"],
  records: ["system", "database", "our records", "on file", "on record"],
  otherperson: [
    "roommate",
    "housemate",
    "flatmate",
    "friend",
    "coworker",
    "colleague",
    "neighbor",
    "neighbour",
    "another person",
    "other person",
    "other user",
    "another user",
    "other people",
    "other customer",
    "another customer",
    "husband",
    "wife",
    "spouse",
    "mom",
    "mother",
    "dad",
    "father",
    "son",
    "daughter",
    "brother",
    "sister",
    "parent",
    "parents",
    "family member",
    "someone else",
    "somebody else",
  ],
  expire: ["expire", "expiry", "valid", "lapse", "forever", "still good", "still valid", "good for"],
};

/** Concepts whose words are instances of a kind (countries, products, brands, people, plans), not
 *  other words for one thing: a KB that names the kind ("international", "protection plan") does
 *  not thereby cover every instance ("Canada", "boat insurance"). */
export const KIND_CONCEPTS: ReadonlySet<string> = new Set([
  "international",
  "protection",
  "payment",
  "loyalty",
  "military",
  "student",
  "furniture",
  "electronics",
  "apparel",
  "otherperson",
  "timezone",
  "tax",
  "bulk",
  "safety",
  "accessibility",
  "compromise",
  "dispute",
  "subscription",
  "gift",
  "giftcard",
  "promotion",
  "final",
  "warranty",
  "privacy",
  "assembly",
  "pickup",
  "preorder",
  "competitor",
]);

/** The lexicon as data, for a fingerprint of what the offline embedder reads (kb/embed/offline.ts). */
export const LEXICON_TEXT = JSON.stringify(LEXICON);

type Entry = { concept: string; stems: string[] };

// One entry per concept and stemmed phrase: "sent" and "send" are one entry once stemmed alike.
const ENTRIES: Entry[] = [
  ...new Map(
    Object.entries(LEXICON).flatMap(([concept, phrases]) =>
      phrases.map((p) => {
        const stems = tokenize(p).map(stem);
        return [`${concept}|${stems.join(" ")}`, { concept, stems }] as const;
      }),
    ),
  ).values(),
];
const BY_FIRST = new Map<string, Entry[]>();
for (const e of ENTRIES) {
  const first = e.stems[0];
  if (!first) continue;
  const list = BY_FIRST.get(first) ?? [];
  list.push(e);
  BY_FIRST.set(first, list);
}

/** Concept ids named in a text (with repetition, so frequency can weigh). */
export function conceptsOf(text: string): string[] {
  const stems = tokenize(text).map(stem);
  const out: string[] = [];
  for (let i = 0; i < stems.length; i++) {
    const candidates = BY_FIRST.get(stems[i]!);
    if (!candidates) continue;
    for (const e of candidates) {
      if (e.stems.every((s, j) => stems[i + j] === s)) out.push(e.concept);
    }
  }
  return out;
}

export type ConceptSpan = { concept: string; start: number; length: number };

/** Where each concept is named in a list of stems: the phrase's first stem and its length, so a
 *  caller can tell "send back" (one idea) from "send" and "back" (two words). */
export function conceptSpans(stems: string[]): ConceptSpan[] {
  const out: ConceptSpan[] = [];
  for (let i = 0; i < stems.length; i++) {
    for (const e of BY_FIRST.get(stems[i]!) ?? []) {
      if (e.stems.every((s, j) => stems[i + j] === s)) out.push({ concept: e.concept, start: i, length: e.stems.length });
    }
  }
  return out;
}

/** Every word and phrase that names a concept, stemmed: lets a caller ask whether a knowledge
 *  base names the concept in any of its forms. */
export function stemsForConcept(concept: string): string[][] {
  return ENTRIES.filter((e) => e.concept === concept).map((e) => e.stems);
}

/** Single words that name a concept: used to widen the full-text query. */
export function wordsForConcept(concept: string): string[] {
  return (LEXICON[concept] ?? []).filter((p) => /^[a-z]+$/.test(p));
}
