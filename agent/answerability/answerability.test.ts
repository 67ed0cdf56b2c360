import { describe, expect, it } from "vitest";
import type { SearchHit } from "../../kb/search.ts";
import { composeAnswer, namesTitle, quoted, quotedUnits, type ScoredUnit } from "./compose.ts";
import { defaultAnswerability } from "./model.ts";
import { bindProduct } from "./products.ts";
import type { KbTitle } from "./lexicon.ts";
import { kbCorrections, readQuestion, unitsApart } from "./question.ts";
import { askedSample, questionShape } from "./samples.ts";
import { contentStems } from "../../kb/text/terms.ts";
import { compoundParts, correctSpelling, editDistance, englishSpelling, unitWordFor } from "./spelling.ts";
import { synonymsOf } from "../../kb/text/synonyms.ts";
import { askingPart } from "../answer/question-terms.ts";
import { unitsOf } from "./units.ts";
import { FEATURES } from "./features.ts";

const titles = [
  { policy: "platinum-rewards-card", title: "Platinum Rewards Card" },
  { policy: "business-platinum-rewards-card", title: "Business Platinum Rewards Card" },
  { policy: "platinum-travel-card", title: "Platinum Travel Card" },
  { policy: "blue-account", title: "Blue Account" },
  { policy: "sky-blue-account", title: "Sky Blue Account" },
  { policy: "lost-cards", title: "Lost or stolen cards" },
];

/** Term statistics in which each of these stems occurs in 2 of 40 chunks. */
const stats = (words: string[]) => ({ chunks: 40, df: new Map(words.map((w) => [w, 2])) });

const hit = (over: Partial<SearchHit>): SearchHit => ({
  chunkId: 1,
  policy: "p",
  version: 1,
  title: "P",
  section: "Fees",
  headingPath: ["P", "Fees"],
  content: "",
  charStart: 0,
  charEnd: 0,
  effectiveFrom: "2025-01-01",
  effectiveTo: null,
  handoffRequired: false,
  score: 0.03,
  semantic: 0.5,
  lexical: 0.1,
  ...over,
});

describe("binding the product a question names", () => {
  it("binds an exact name to its own document, not a sibling's", () => {
    expect(bindProduct("What is the annual fee on the Platinum Rewards card?", titles)?.bound).toBe("platinum-rewards-card");
    expect(bindProduct("Sky Blue account monthly fee?", titles)?.bound).toBe("sky-blue-account");
  });

  it("does not take titles whose last word closes a phrase after a preposition for a family of products", () => {
    const sites = [
      { policy: "opening-times", title: "Opening Times at Each Depot" },
      { policy: "safety", title: "Safety at Our Depots" },
      { policy: "small-crate", title: "Small Crate" },
      { policy: "large-crate", title: "Large Crate" },
    ];
    const b = bindProduct("When can I get to my crate at the Northgate depot?", sites);
    expect(b?.products ?? []).not.toContain("opening-times");
    expect(b?.candidates.map((c) => c.policy).sort()).toEqual(["large-crate", "small-crate"]);
  });

  it("lists the candidates when the name fits several siblings", () => {
    const b = bindProduct("what's the annual fee on your platinum card?", titles);
    expect(b?.bound).toBeNull();
    expect(b?.candidates.map((c) => c.policy).sort()).toEqual(["business-platinum-rewards-card", "platinum-rewards-card", "platinum-travel-card"]);
  });

  it("tells members named alike apart by what their titles add in brackets", () => {
    const passes = [
      { policy: "swim-pass-6", title: "Swim Pass (6 sessions)" },
      { policy: "swim-pass-12", title: "Swim Pass (12 sessions)" },
    ];
    expect(bindProduct("How long is the Swim Pass (12 sessions) valid?", passes)?.bound).toBe("swim-pass-12");
    expect(bindProduct("how long does the six session swim pass last", passes)?.bound).toBe("swim-pass-6");
    expect(bindProduct("how long is the swim pass valid?", passes)?.candidates).toHaveLength(2);
  });

  it("binds a member by its bracketed words said before its kind or 'one', a synonym standing for a word", () => {
    const packs = [
      { policy: "value-pack", title: "Value Pack (12 Hours)" },
      { policy: "mega-pack", title: "Mega Pack (40 Hours)" },
    ];
    expect(bindProduct("how much is a 12 hr pack?", packs)?.bound).toBe("value-pack");
    expect(bindProduct("when does the 40 hour one expire", packs)?.bound).toBe("mega-pack");
    // Said of anything else, the figure names no member.
    expect(bindProduct("I have done 12 hours on my own, is that enough?", packs)?.bound ?? null).toBeNull();
  });

  it("does not take a function word for a title's number spelled out ('on' and 'One-Day')", () => {
    const courses = [
      { policy: "one-day-course", title: "One-Day Welding Course" },
      { policy: "two-day-course", title: "Two-Day Welding Course" },
      { policy: "opening-hours", title: "Opening Hours" },
    ];
    expect(bindProduct("what time do you close on sundays?", courses)?.bound ?? null).toBeNull();
    expect(bindProduct("how much is the one day welding course?", courses)?.bound).toBe("one-day-course");
  });

  it("reads a kind followed by an adjective alone as the kind named ('is the cabin free'), so siblings are asked about", () => {
    const cabins = [
      { policy: "pine-cabin", title: "Pine Cabin" },
      { policy: "oak-cabin", title: "Oak Cabin" },
    ];
    expect(bindProduct("is the cabin free?", cabins)?.candidates).toHaveLength(2);
    expect(bindProduct("is the cabin free tonight?", cabins)?.candidates).toHaveLength(2);
  });

  it("binds a member named as a name without its kind, the longest name first", () => {
    const plans = [
      { policy: "starter", title: "Starter plan" },
      { policy: "starter-plus", title: "Starter Plus plan" },
      { policy: "team", title: "Team plan" },
    ];
    expect(bindProduct("What does Starter Plus cost per month?", plans)?.bound).toBe("starter-plus");
    expect(bindProduct("How many users does Starter get?", plans)?.bound).toBe("starter");
    expect(bindProduct("Our team wants to know the price.", plans)).toBeNull();
    expect(bindProduct("Starter Plus is only $15 a month", plans)?.bound).toBe("starter-plus");
    expect(bindProduct("Team is what we use.", plans)).toBeNull();
  });
  it("binds a title whose words are said apart, one of them written as a name", () => {
    const tiers = [
      { policy: "home-essentials", title: "Home Essentials" },
      { policy: "home-plus", title: "Home Plus" },
      { policy: "contents-essentials", title: "Contents Essentials" },
      { policy: "contents-plus", title: "Contents Plus" },
    ];
    const b = bindProduct("I'm on the basic contents cover, the Essentials one. How much for the food?", tiers);
    expect(b?.bound).toBe("contents-essentials");
    expect(b?.family).toEqual(expect.arrayContaining(["home-essentials", "contents-plus"]));
    expect(b?.products).toEqual(expect.arrayContaining(["home-essentials", "contents-plus", "home-plus"]));
    // Said apart in lower case, the words are just words.
    expect(bindProduct("are essentials like food covered under contents?", tiers)).toBeNull();
    // Both titles' words said: which one is asked.
    const both = bindProduct("Does Home Essentials cost more than the contents one, Essentials?", tiers);
    expect(both?.bound ?? null).not.toBe("home-plus");
  });

  it("offers a product line's members when only the line's opening noun is said", () => {
    const line = [
      { policy: "home-essentials", title: "Home Essentials" },
      { policy: "home-plus", title: "Home Plus" },
      { policy: "home-premier", title: "Home Premier" },
      { policy: "making-a-home-claim", title: "Making a home claim" },
      { policy: "making-a-car-claim", title: "Making a car claim" },
    ];
    const b = bindProduct("how much is the excess on the home insurance?", line);
    expect(b?.bound).toBeNull();
    expect(b?.kindOnly).toBe(true);
    expect(b?.candidates.map((c) => c.policy).sort()).toEqual(["home-essentials", "home-plus", "home-premier"]);
    // A member's own word said is not the line alone: with the line's noun, it names that member.
    expect(bindProduct("what does Home Plus cover?", line)?.bound).toBe("home-plus");
    expect(bindProduct("we took the middle home one, the Plus, what's the excess?", line)?.bound).toBe("home-plus");
  });

  it("never binds a member whose kind is a figure when the figure is not the one named", () => {
    const tariffs = [
      { policy: "fixed-saver-12", title: "Fixed Saver 12" },
      { policy: "prepay-fixed-12", title: "Prepay Fixed 12" },
    ];
    expect(bindProduct("What's the exit fee on Fixed Saver 36?", tariffs)?.bound ?? null).toBeNull();
    expect(bindProduct("What's the exit fee on Fixed Saver 12?", tariffs)?.bound).toBe("fixed-saver-12");
  });
  it("binds the longest whole name where siblings differ after the words they share", () => {
    const tariffs = [
      { policy: "ev", title: "EV Night Saver" },
      { policy: "ev-plus", title: "EV Night Saver Plus" },
      { policy: "heat-pump", title: "Heat Pump Saver" },
      { policy: "fs12", title: "Fixed Saver 12" },
      { policy: "fs12-green", title: "Fixed Saver 12 Green" },
      { policy: "fs24", title: "Fixed Saver 24" },
      { policy: "pf12", title: "Prepay Fixed 12" },
    ];
    expect(bindProduct("What's the standing charge on EV Night Saver Plus?", tariffs)?.bound).toBe("ev-plus");
    expect(bindProduct("What's the peak rate on EV Night Saver? The ordinary one, not the Plus.", tariffs)?.bound).toBe("ev");
    expect(bindProduct("we're on the fixed saver twelve (the normal one, not green). what's the exit fee?", tariffs)?.bound).toBe("fs12");
    expect(bindProduct("Is Fixed Saver 12 Green renewable?", tariffs)?.bound).toBe("fs12-green");
    expect(bindProduct("What's the unit rate on the Fixed Saver 24?", tariffs)?.bound).toBe("fs24");
    expect(bindProduct("What's the gas unit rate on Prepay Fixed 12?", tariffs)?.bound).toBe("pf12");
    expect(bindProduct("What's the exit fee on Fixed Saver 36?", tariffs)?.unknown).toBe("fixed saver 36");
  });
  it("does not take a day or a month, capitalised as names are, for a product the KB lacks", () => {
    const rounds = [
      { policy: "assisted", title: "Assisted Collection" },
      { policy: "bulky", title: "Bulky Item Collection" },
    ];
    expect(bindProduct("We're a Tuesday collection, does it move at Easter?", rounds)?.unknown ?? null).toBeNull();
    expect(bindProduct("Is there a March collection for garden waste?", rounds)?.unknown ?? null).toBeNull();
    expect(bindProduct("How much is a Premium Collection?", rounds)?.unknown).toBe("premium collection");
  });
  it("reads a word WordNet gives as another name or a kind of a member's word as that word", () => {
    const cards = [
      { policy: "gold-card", title: "Gold Card" },
      { policy: "business-gold-card", title: "Business Gold Card" },
    ];
    expect(bindProduct("What's the annual fee on the biz gold card?", cards)?.bound).toBe("business-gold-card");
    expect(bindProduct("What's the annual fee on the gold card?", cards)?.bound).toBe("gold-card");
    // A word the KB uses itself means what it means there: "beacon" of "smoke alarm beacons" names no
    // Lighthouse Room, though WordNet gives the two as one.
    const rooms = [
      { policy: "lighthouse-room", title: "Lighthouse Room" },
      { policy: "harbour-room", title: "Harbour Room" },
    ];
    expect(bindProduct("How much is the beacon room a night?", rooms)?.bound).toBe("lighthouse-room");
    expect(bindProduct("How much is the beacon room a night?", rooms, new Map([["beacon", 2]]))?.bound ?? null).toBeNull();
  });
  it("takes something of the company's named by capitalised words the KB never uses for one it lacks", () => {
    const shops = [
      { policy: "shop-riverside", title: "Riverside Shop" },
      { policy: "shop-hilltop", title: "Hilltop Shop" },
    ];
    const vocabulary = new Map([
      ["riversid", 3],
      ["hilltop", 3],
      ["shop", 9],
      ["open", 5],
    ]);
    expect(bindProduct("When does your Millbrook store open on Sundays?", shops, vocabulary)?.unknown).toBe("Millbrook store");
    expect(bindProduct("When does your Hilltop store open on Sundays?", shops, vocabulary)?.unknown ?? null).toBeNull();
    expect(bindProduct("Are your Sunday hours the same?", shops, vocabulary)?.unknown ?? null).toBeNull();
  });
  it("takes a title followed by a word that makes other titles siblings ('Plus') for a product the KB lacks", () => {
    const extras = [
      { policy: "basic-plan", title: "Basic Plan" },
      { policy: "basic-plus-plan", title: "Basic Plus Plan" },
      { policy: "photo-backup-extra", title: "Photo Backup Extra" },
      { policy: "music-extra", title: "Music Extra" },
    ];
    const b = bindProduct("How much is Photo Backup Extra Plus a month?", extras);
    expect(b?.bound ?? null).toBeNull();
    expect(b?.unknown).toBe("photo backup extra plus");
    expect(bindProduct("How much is Photo Backup Extra a month?", extras)?.bound).toBe("photo-backup-extra");
  });
  it("takes a name with a figure no title gives it for a product the KB lacks, never a sibling", () => {
    const bonds = [
      { policy: "bond-6", title: "6-Month Fixed Bond" },
      { policy: "bond-12", title: "12-Month Fixed Bond" },
      { policy: "heater", title: "Warmflow 7 Tariff" },
      { policy: "bond-help", title: "Bond withdrawals" },
    ];
    expect(bindProduct("what rate does your 18-month bond pay?", bonds)?.unknown).toBe("18-month bond");
    // The siblings it does have are offered instead, in their figures' order.
    expect(bindProduct("what rate does your 18-month bond pay?", bonds)?.instead).toEqual(["6-Month Fixed Bond", "12-Month Fixed Bond"]);
    expect(bindProduct("Do you still sell a Warmflow 10?", bonds)?.unknown).toBe("Warmflow 10");
    expect(bindProduct("Do you still sell a Warmflow seven?", bonds)?.unknown ?? null).toBeNull();
    expect(bindProduct("What rate does the 12-month bond pay?", bonds)?.unknown ?? null).toBeNull();
    // A length of time is not a name: titles write the word after their figure in the singular.
    expect(bindProduct("Can I take money out of my bond after 18 months?", bonds)?.unknown ?? null).toBeNull();
    // Nor is a figure and the word with nothing of a name after them.
    expect(bindProduct("If I miss paying one month, is there a fee on my bond?", bonds)?.unknown ?? null).toBeNull();
    expect(bindProduct("what's the rate on your 18-month CD?", bonds)?.unknown).toBe("18-month CD");
    // Where only some titles give the word a figure, the name runs on to the titles' next word.
    const tickets = [
      { policy: "day", title: "Day Ticket" },
      { policy: "week", title: "7-Day Ticket" },
    ];
    expect(bindProduct("How much is a 14-day ticket?", tickets)?.unknown).toBe("14-day ticket");
    expect(bindProduct("How much is a 7-day ticket?", tickets)?.bound).toBe("week");
    expect(bindProduct("We're here on a 3 day trip, is a day ticket enough?", tickets)?.unknown ?? null).toBeNull();
  });
  it("takes a capitalised word no title has, next to a name, for a product the KB lacks", () => {
    const plans = [
      { policy: "starter", title: "Starter plan" },
      { policy: "starter-plus", title: "Starter Plus plan" },
      { policy: "payroll", title: "Payroll Add-on" },
      { policy: "payroll-plus", title: "Payroll Add-on Plus" },
    ];
    expect(bindProduct("How much is Starter Pro per month?", plans)?.unknown).toBe("starter pro");
    expect(bindProduct("Does the Payroll Add-on Pro pay 300 people?", plans)?.unknown).toBe("payroll add on pro");
    expect(bindProduct("How many people does Payroll Add-on Plus pay?", plans)?.bound).toBe("payroll-plus");
    expect(bindProduct("How much do I need to open a Midnight Blue Account?", titles)?.unknown).toBe("midnight blue account");
  });
  it("does not read a name without its kind when another title's word follows it", () => {
    const everyday = [
      { policy: "everyday-card", title: "Everyday Card" },
      { policy: "everyday-rewards-card", title: "Everyday Rewards Card" },
      { policy: "everyday-saver", title: "Everyday Saver" },
    ];
    expect(bindProduct("How often can I take money out of my Everyday Saver?", everyday)?.bound ?? null).not.toBe("everyday-card");
  });
  it("reads a misspelt member's word as that word, not as a product the KB lacks", () => {
    expect(bindProduct("hw much is the late fee on my platinum rewrds card?", titles)?.bound).toBe("platinum-rewards-card");
  });
  it("does not take a texting shortening ('ur') for a name", () => {
    const b = bindProduct("whats the yearly fee on ur platinum card", titles)!;
    expect(b.unknown).toBeNull();
    expect(b.candidates.map((c) => c.policy).sort()).toEqual(["business-platinum-rewards-card", "platinum-rewards-card", "platinum-travel-card"]);
  });

  it("names a product the knowledge base does not have instead of taking a sibling's", () => {
    expect(bindProduct("Does the Diamond Rewards Card have an annual fee?", titles)?.unknown).toBe("diamond rewards card");
  });

  it("binds no one product when only the kind is named, and offers every member of the kind", () => {
    const b = bindProduct("What's the late fee on my card?", titles)!;
    expect(b.bound).toBeNull();
    expect(b.kindOnly).toBe(true);
    expect(b.candidates.length).toBeGreaterThan(1);
    // A member's own word said with the kind picks it.
    expect(bindProduct("I lost my card, what do I do?", titles)!.bound).toBe("lost-cards");
  });

  it("reads the kind followed by a preposition as the kind named ('your SUV per day'), but not the start of a compound", () => {
    const cars = [
      { policy: "compact-suv", title: "Compact SUV" },
      { policy: "premium-suv", title: "Premium SUV" },
      { policy: "loan-auto", title: "Auto Loan" },
      { policy: "loan-personal", title: "Personal Loan" },
    ];
    const suv = bindProduct("How much is your SUV per day?", cars)!;
    expect(suv.kindOnly).toBe(true);
    expect(suv.candidates.map((c) => c.policy).sort()).toEqual(["compact-suv", "premium-suv"]);
    expect(bindProduct("Where do I find your SUV rental desk?", cars)).toBeNull();
  });

  it("offers close siblings named only by a word they alone carry, and binds a whole name", () => {
    const plans = [
      { policy: "tt", title: "Time Tracking Add-on" },
      { policy: "tt-plus", title: "Time Tracking Add-on Plus" },
      { policy: "team", title: "Team" },
      { policy: "team-plus", title: "Team Plus" },
    ];
    const b = bindProduct("What does time tracking cost a month?", plans)!;
    expect(b.kindOnly).toBe(true);
    expect(b.candidates.map((c) => c.policy).sort()).toEqual(["tt", "tt-plus"]);
    expect(bindProduct("What does Time Tracking Add-on Plus cost?", plans)!.bound).toBe("tt-plus");
    // A word every group shares ("plus") names none of them.
    expect(bindProduct("Is there a plus version?", plans)).toBeNull();
    // Said with more of one member's words, in any case or spelling of "plus", it is that member.
    expect(bindProduct("time tracking plus - what does it cost?", plans)!.bound).toBe("tt-plus");
    expect(bindProduct("we have time tracking+ on our account, what does it cost?", plans)!.bound).toBe("tt-plus");
    expect(bindProduct("we have time tracking on our account, what does it cost?", plans)!.bound).toBeNull();
  });

  it("reads a common word between function words as that word, not a member's name ('in advance')", () => {
    const aids = [
      { policy: "core", title: "Core Hearing Aids" },
      { policy: "advance", title: "Advance Hearing Aids" },
      { policy: "premier", title: "Premier Hearing Aids" },
      { policy: "booking", title: "Booking an Appointment" },
    ];
    expect(bindProduct("How far in advance can I book an appointment?", aids)).toBeNull();
    expect(bindProduct("How far in Advance can I book?", aids)?.bound).toBe("advance");
    expect(bindProduct("how much are advance aids?", aids)?.bound).toBe("advance");
    expect(bindProduct("what warranty comes with advance hearing aids", aids)?.bound).toBe("advance");
  });

  it("lets a member's own word or its synonym, said after the kind, pick the member ('a loan for a used car')", () => {
    const loans = [
      { policy: "loan-auto", title: "Auto Loan" },
      { policy: "loan-personal", title: "Personal Loan" },
    ];
    expect(bindProduct("What's the longest term on a loan for a used car?", loans)!.bound).toBe("loan-auto");
    expect(bindProduct("Can I get a loan from you?", loans)!.bound).toBeNull();
    // "I" is not the numeral one: only content words are read for synonyms.
    expect(bindProduct("Can I take a loan with you?", [...loans, { policy: "loan-one", title: "One Loan" }])!.bound).toBeNull();
  });

  it("binds a name that holds a figure", () => {
    const terms = [
      { policy: "td-12", title: "12-Month Term Deposit" },
      { policy: "td-24", title: "24-Month Term Deposit" },
    ];
    expect(bindProduct("What's the early withdrawal penalty on the 24-Month Term Deposit?", terms)!.bound).toBe("td-24");
  });

  it("keeps a hyphenated member in its family and binds the plain one apart from it", () => {
    const terms = [
      { policy: "td-12", title: "12-Month Term Deposit" },
      { policy: "td-12-bump", title: "12-Month Bump-Up Term Deposit" },
      { policy: "td-24", title: "24-Month Term Deposit" },
    ];
    const plain = bindProduct("What's the rate on the regular 12-Month Term Deposit?", terms)!;
    expect(plain.bound).toBe("td-12");
    expect(plain.products).toContain("td-12-bump");
    expect(bindProduct("What rate is the 12-Month Bump-Up Term Deposit paying?", terms)!.bound).toBe("td-12-bump");
  });

  it("reads a kind of several words ('your line of credit', 'your saver account') as the kind alone", () => {
    const lines = [
      { policy: "personal-loc", title: "Personal Line of Credit" },
      { policy: "heloc", title: "Home Equity Line of Credit" },
      { policy: "bonus-saver", title: "Bonus Saver" },
      { policy: "kids-saver", title: "Kids Saver" },
      { policy: "blue-account", title: "Blue Account" },
      { policy: "sky-blue-account", title: "Sky Blue Account" },
    ];
    const loc = bindProduct("Is there an annual fee on your line of credit?", lines)!;
    expect(loc.kindOnly).toBe(true);
    expect(loc.candidates.map((c) => c.policy).sort()).toEqual(["heloc", "personal-loc"]);
    const saver = bindProduct("What's the minimum deposit to open your saver account?", lines)!;
    expect(saver.kindOnly).toBe(true);
    expect(saver.candidates.map((c) => c.policy).sort()).toEqual(["bonus-saver", "kids-saver"]);
  });

  it("does not take a kind in everyday words ('my debit card') for a product the KB lacks", () => {
    expect(bindProduct("Someone is using my debit card right now", titles)?.unknown ?? null).toBeNull();
    expect(bindProduct("What is the fee on the Diamond Rewards Card?", titles)?.unknown).toBe("diamond rewards card");
  });

  it("reads a possessive as one product, not the plural", () => {
    expect(bindProduct("The Blue Account's monthly fee is $12, right?", titles)!.bound).toBe("blue-account");
  });

  it("reads the kind in the plural as any member that fits", () => {
    const b = bindProduct("I want to open one of your platinum cards. What's the fee?", titles)!;
    expect(b.bound).toBeNull();
    expect(b.candidates.length).toBeGreaterThan(1);
  });
});

describe("spelling against the knowledge base's vocabulary", () => {
  it("counts a transposition as one edit", () => {
    expect(editDistance("pacakg", "packag", 2)).toBe(1);
    expect(editDistance("refund", "return", 1)).toBe(2);
  });

  it("reads a misspelt word as the KB word it is close to, and leaves real words alone", () => {
    const vocab = new Map([
      ["packag", 4],
      ["respons", 2],
      ["return", 9],
    ]);
    expect(correctSpelling("pacakges", vocab)).toBe("packag");
    expect(correctSpelling("responce", vocab)).toBe("respons");
    expect(correctSpelling("gaming", vocab)).toBeNull();
    // A long word whose stem is short is judged by the stem: "faffing" leaves "faf", one edit from "caf".
    expect(correctSpelling("faffing", new Map([...vocab, ["caf", 3]]))).toBeNull();
  });

  it("reads a word written short as the KB's commonest word it abbreviates", () => {
    const vocab = new Map([
      ["appoint", 12],
      ["appli", 30],
      ["account", 5],
    ]);
    expect(correctSpelling("appt", vocab)).toBe("appoint");
    expect(correctSpelling("acct", vocab)).toBe("account");
    // Longer by one letter only is a typo, not an abbreviation: edit distance decides.
    expect(correctSpelling("acount", vocab)).toBe("account");
  });

  it("reads two KB words run together as those words, and a unit of time written short as its word", () => {
    const vocab = new Map([
      ["sun", 4],
      ["cream", 3],
      ["minut", 6],
      ["car", 9],
      ["pet", 2],
    ]);
    expect(compoundParts("suncream", vocab)).toEqual(["sun", "cream"]);
    // An English word is never split, though its halves are KB words; nor a word whose half the KB lacks.
    expect(compoundParts("carpet", vocab)).toBeNull();
    expect(compoundParts("sunhatband", vocab)).toBeNull();
    expect(unitWordFor("mins", vocab)).toBe("minut");
    expect(unitWordFor("hrs", vocab)).toBeNull();
    expect(kbCorrections("when do staff put suncream on? I'm 15 mins away", vocab).sort()).toEqual(["cream", "minut", "sun"]);
    expect(readQuestion("when do staff put suncream on?", { chunks: 20, df: vocab }, vocab).terms.map((t) => t.stem)).toEqual(
      expect.arrayContaining(["sun", "cream"]),
    );
  });

  it("gives the KB words a search should also look for: typos, short forms and English typos of KB words", () => {
    const vocab = new Map([
      ["appoint", 12],
      ["differ", 3],
      ["packag", 4],
    ]);
    expect(kbCorrections("can i move my appt? whats the diffrence for pacakges", vocab).sort()).toEqual(["appoint", "differ", "packag"]);
    expect(kbCorrections("can I move my appointment?", vocab)).toEqual([]);
  });

  it("reads a typo of an English word as that word, not as a KB word further from it", () => {
    expect(englishSpelling("diffrence")).toBe("difference");
    expect(englishSpelling("seperate")).toBe("separate");
    expect(englishSpelling("difference")).toBeNull();
    // Two edits from the KB's "per", one from English "separate": the customer meant separate.
    expect(correctSpelling("seperate", new Map([["per", 30]]))).toBeNull();
  });
});

describe("reading a question", () => {
  it("weighs an English typo the KB lacks as its word: a common word asks about little", () => {
    const kb = stats(["product", "id", "item"]);
    const q = readQuestion("whats the diffrence between a product id and an item id?", kb, kb.df);
    const typo = q.terms.find((t) => t.word === "diffrence")!;
    expect(typo.corrected).toBe(true);
    expect(typo.weight).toBeLessThan(0.5);
  });

  it("reads a typo of a stop word as that stop word, never as an unknown topic", () => {
    const kb = stats(["voucher", "valid"]);
    const q = readQuestion("how long can i use my voucher befor it expires, untill when?", kb, kb.df);
    expect(q.terms.map((t) => t.word)).toEqual(["use", "voucher", "expires"]);
  });

  it("leaves out contractions typed without the apostrophe and order numbers", () => {
    const q = readQuestion("the link doesnt work on order W2378156, cant you resend it?", stats(["link", "order", "resend"]));
    expect(q.terms.map((t) => t.word)).toEqual(["link", "work", "order", "resend"]);
  });

  it("keeps a figure out of the terms, and a code the KB uses in", () => {
    const q = readQuestion("Does the $500 deductible apply to plan ab1234?", stats(["deduct", "appli", "plan", "ab1234"]));
    expect(q.terms.map((t) => t.word)).toEqual(["deductible", "apply", "plan", "ab1234"]);
  });

  it("finds a synonym only in the part of speech the word was said in", () => {
    expect(synonymsOf("link", "NOUN")).not.toContain("join");
    expect(synonymsOf("link", "VERB")).toContain("join");
    const q = readQuestion("Does the invite link expire?", stats(["invit", "expir", "connect", "join"]));
    expect(q.terms.find((t) => t.word === "link")!.synonyms).not.toContain("join");
  });

  it("reads a word of a phrase WordNet lists whole with the phrase's synonyms", () => {
    // "call off" is "cancel"; "call" alone is not.
    const q = readQuestion("Can I call off my booking?", stats(["call", "book", "cancel"]));
    expect(q.terms.find((t) => t.word === "call")!.synonyms).toContain("cancel");
    const alone = readQuestion("Can I call the office?", stats(["call", "offic", "cancel"]));
    expect(alone.terms.find((t) => t.word === "call")!.synonyms).not.toContain("cancel");
  });

  it("asks with a sentence that opens as a question even without its question mark", () => {
    expect(askingPart("She says the link doesn't work?? how long are invites good for")).toBe(
      "She says the link doesn't work?? how long are invites good for",
    );
    expect(askingPart("My trial ended. Ugh. how long do I keep my data")).toBe("how long do I keep my data");
    expect(askingPart("My trial ended. What now?")).toBe("What now?");
  });
});

describe("units of an answer", () => {
  it("reads a table row with its header row, and skips the rule line", () => {
    const units = unitsOf([hit({ content: "| Fee | Amount |\n|---|---|\n| Annual fee | $95 |\n| Late fee | up to $40 |" })], 8);
    expect(units.map((u) => u.text)).toEqual(["| Annual fee | $95 |", "| Late fee | up to $40 |"]);
    expect(units[0]!.head.stems.has("amount")).toBe(true);
  });
  it("reads every row of a table whose header cells are empty as data", () => {
    const units = unitsOf([hit({ content: "| | |\n|---|---|\n| Daily hours | 8:00am–5:30pm |\n| One day | £42.00 |" })], 8);
    expect(units.map((u) => u.text)).toEqual(["| Daily hours | 8:00am–5:30pm |", "| One day | £42.00 |"]);
  });
  it("keeps a short list item that gives a label its value, and drops one cut off from its lead", () => {
    const units = unitsOf([hit({ content: "## Fees\n- Annual fee: $25\n- Seats: 5\n- price\n- Late payment fee: up to $30" })], 8);
    expect(units.map((u) => u.text)).toEqual(["Annual fee: $25", "Seats: 5", "Late payment fee: up to $30"]);
  });
});

describe("how many units an answer quotes", () => {
  const scored = (...scores: number[]): ScoredUnit[] =>
    scores.map((score, i) => ({ unit: unitsOf([hit({ chunkId: i + 1, content: `Sentence number ${i} of this passage.` })], 8)[0]!, score, x: [] }));
  it("quotes one unit when the ranker is sure of it", () => {
    expect(quotedUnits(scored(6, 1, 0, -2))).toHaveLength(1);
  });
  it("quotes the runner-up too when the ranker is unsure between them, never more than the limit", () => {
    expect(quotedUnits(scored(1, 0.8, 0.7, -2)).map((u) => u.score)).toEqual([1, 0.8]);
  });
  it("quotes a passage's earliest sentences when the ranker cannot tell three of them apart", () => {
    const units = unitsOf([hit({ content: "Letters cost $1 each. Letters are free above ten. Parcels cost $5 each." })], 8);
    const tied: ScoredUnit[] = [
      { unit: units[1]!, score: 2, x: [] },
      { unit: units[2]!, score: 1.98, x: [] },
      { unit: units[0]!, score: 1.96, x: [] },
    ];
    expect(quotedUnits(tied).map((u) => u.unit.text)).toEqual(["Letters cost $1 each.", "Letters are free above ten."]);
  });
  it("leaves out a row whose band the customer's figure falls outside when it falls in the best one's", () => {
    const rows = unitsOf([hit({ content: "| Weight | Price |\n|---|---|\n| 0-3 kg | $6 |\n| 3-8 kg | $9 |" })], 8);
    const fit = FEATURES.indexOf("figureFit");
    const x = (figure: number) => FEATURES.map((f, i) => (i === fit ? figure : 0));
    const unsure = (best: number): ScoredUnit[] => [
      { unit: rows[1]!, score: 1, x: x(best) },
      { unit: rows[0]!, score: 0.9, x: x(-1) },
    ];
    expect(quotedUnits(unsure(1)).map((u) => u.unit.text)).toEqual([rows[1]!.text]);
    // Without a figure that picks the best row, the runner-up stays beside it.
    expect(quotedUnits(unsure(0))).toHaveLength(2);
  });
  it("sets no other document beside the one whose subject the customer named, unless it is named too", () => {
    const doc = (chunkId: number, title: string, content: string) =>
      unitsOf([hit({ chunkId, policy: title.toLowerCase().replace(/ /g, "-"), title, headingPath: [title, "Range"], content })], 8)[0]!;
    const unsure: ScoredUnit[] = [
      { unit: doc(1, "Electric Premium", "Range on a full charge: about 330 miles."), score: 1, x: [] },
      { unit: doc(2, "Electric Compact", "Range on a full charge: about 250 miles."), score: 0.9, x: [] },
    ];
    const quoted = (question: string) =>
      quotedUnits(unsure, namesTitle(readQuestion(question, stats(["electr", "premium", "compact", "rang", "charg"])))).map((u) => u.unit.hit.policy);
    expect(quoted("How far does the electric premium go on a full charge?")).toEqual(["electric-premium"]);
    expect(quoted("How far do the Electric Premium and the Electric Compact go?")).toEqual(["electric-premium", "electric-compact"]);
    expect(quoted("How far do your electric cars go on a charge?")).toEqual(["electric-premium", "electric-compact"]);
  });
});

describe("a quoted document's own yes or no", () => {
  const economy = stats(["economi", "car", "mile", "unlimit", "mileag", "drive", "dai"]);
  const faq = unitsOf(
    [
      hit({
        section: "Does the Economy car have unlimited mileage?",
        headingPath: ["Economy", "FAQ", "Does the Economy car have unlimited mileage?"],
        content: "No. It includes 200 miles per day.",
      }),
    ],
    8,
  )[0]!;
  it("is left out when the customer asked another kind of question, and the quote stays verbatim", () => {
    const s = quoted(readQuestion("How many miles a day can I drive the Economy car?", economy), faq);
    expect(s.text).toBe("It includes 200 miles per day.");
    expect(s.citation.quote).toBe(s.text);
  });
  it("is kept for a yes/no question, where it may be the answer", () => {
    expect(quoted(readQuestion("Does the Economy car have unlimited mileage?", economy), faq).text).toBe("No. It includes 200 miles per day.");
  });
});

describe("the answerability decision", () => {
  it("quotes a staff document to nobody", () => {
    const staff = hit({
      policy: "internal-fee-reversal",
      title: "Internal: fee reversal",
      headingPath: ["Internal: fee reversal", "Limits"],
      audience: "staff",
      content: "Agents may reverse one late fee per customer every 12 months without approval.",
    });
    const q = readQuestion("Can you reverse my late fee?", stats(["revers", "late", "fee"]));
    const draft = composeAnswer(q, [staff], null, defaultAnswerability());
    expect(draft.sentences).toEqual([]);
  });

  it("asks which product is meant when the name fits several siblings", () => {
    const a = hit({
      chunkId: 1,
      policy: "platinum-rewards-card",
      title: "Platinum Rewards Card",
      headingPath: ["Platinum Rewards Card", "Fees"],
      content: "The annual fee is $95.",
    });
    const b = hit({
      chunkId: 2,
      policy: "platinum-travel-card",
      title: "Platinum Travel Card",
      headingPath: ["Platinum Travel Card", "Fees"],
      content: "The annual fee is $250.",
    });
    const question = "What is the annual fee on the platinum card?";
    const q = readQuestion(question, stats(["annual", "fee", "platinum", "card"]));
    const draft = composeAnswer(q, [a, b], bindProduct(question, titles), defaultAnswerability());
    expect(draft.clarify).toEqual(expect.arrayContaining(["Platinum Rewards Card", "Platinum Travel Card"]));
  });

  it("asks which of two sibling documents is meant when both state the thing asked with other figures, unless one is named", () => {
    const tier = (chunkId: number, name: string, points: number) =>
      hit({
        chunkId,
        policy: `${name.toLowerCase()}-members`,
        title: `${name} membership`,
        section: `${name} membership`,
        headingPath: [`${name} membership`],
        content: `${name} members earn ${points} points per $1 spent on rentals.`,
      });
    const hits = [tier(1, "Gold", 15), tier(2, "Silver", 10)];
    const words = ["point", "dollar", "earn", "member", "gold", "silver", "membership", "rental", "spent"];
    const ask = (question: string) => composeAnswer(readQuestion(question, stats(words)), hits, null, defaultAnswerability());
    const open = ask("How many points do members earn per dollar spent on rentals?");
    expect(open.clarify).toEqual(["Gold membership", "Silver membership"]);
    const gold = ask("As a gold member, how many points do I earn per dollar spent on rentals?");
    expect(gold.clarify ?? null).toBeNull();
    expect(gold.sentences.map((x) => x.citation.policy)).toEqual(["gold-members"]);
  });

  it("answers a policy's own sample question from that policy, not a neighbour that shares its words", () => {
    const returns = hit({
      chunkId: 1,
      policy: "returns",
      title: "Returns",
      headingPath: ["Returns", "Return postage"],
      content: "Sending an item back by post with our label costs a flat $4.50.",
      score: 0.01,
    });
    const swaps = hit({
      chunkId: 2,
      policy: "swaps",
      title: "Swaps",
      headingPath: ["Swaps", "Swap postage"],
      content: "Swaps by post are free: we do not charge for return postage.",
      score: 0.05,
    });
    const question = "Do I have to pay for return postage?";
    const q = readQuestion(question, stats(["pay", "return", "postage", "post", "swap", "label"]));
    const sample = askedSample(question, [
      { policy: "returns", stems: contentStems("Do I have to pay for return postage?"), ...questionShape("Do I have to pay for return postage?") },
    ]);
    expect(sample?.policy).toBe("returns");
    const draft = composeAnswer({ ...q, sample }, [swaps, returns], null, defaultAnswerability());
    expect(draft.sentences.map((s) => s.citation.policy)).toEqual(["returns"]);
    expect(
      askedSample("Do you sell gift cards?", [
        { policy: "returns", stems: contentStems("Do I have to pay for return postage?"), ...questionShape("Do I have to pay for return postage?") },
      ]),
    ).toBeNull();
  });

  it("takes the thing a customer names for the sample question's 'something'", () => {
    const sample = (policy: string, text: string) => ({ policy, stems: contentStems(text), ...questionShape(text) });
    const samples = [sample("returns", "How long do I have to return something?")];
    expect(askedSample("How long do I have to return a jacket?", samples)?.policy).toBe("returns");
    // Two words in its place, or another kind of answer, are another question.
    expect(askedSample("How long do I have to return a jacket to a store?", samples)).toBeNull();
    expect(askedSample("Can I return a jacket?", samples)).toBeNull();
  });

  it("does not take a question for a sample question of another kind or asked in the negative", () => {
    const sample = (policy: string, text: string) => ({ policy, stems: contentStems(text), ...questionShape(text) });
    const samples = [sample("clearance", "Which items can't be returned?"), sample("returns", "How long do I have to return items?")];
    expect(askedSample("How long do I have to return items?", samples)?.policy).toBe("returns");
    // The same content words as the first sample, but asking how long, not which, and not in the negative.
    expect(askedSample("How long can items be returned?", [samples[0]!])).toBeNull();
    expect(askedSample("Which items can be returned?", [samples[0]!])).toBeNull();
    expect(askedSample("Which items cannot be returned?", [samples[0]!])?.policy).toBe("clearance");
  });

  it("asks which product when two of one kind state the same thing with other figures, whatever else their names share", () => {
    const row = (chunkId: number, title: string, price: string) =>
      hit({
        chunkId,
        policy: title.toLowerCase().replace(/ /g, "-"),
        title,
        section: title,
        headingPath: [title],
        content: `| Fee | Amount |\n|---|---|\n| Monthly price | ${price} |`,
        score: 0.05,
      });
    const hits = [row(1, "Night Owl Pass", "$24.99"), row(2, "Weekday Daytime Pass", "$44.99")];
    const draft = composeAnswer(readQuestion("What's the monthly price?", stats(["monthli", "price", "pass"])), hits, null, defaultAnswerability());
    expect(draft.sentences).toEqual([]);
    expect(draft.clarify).toEqual(["Night Owl Pass", "Weekday Daytime Pass"]);
  });

  it("asks which sibling is meant when their rows of the same name hold other values, a figure or none", () => {
    const hours = (chunkId: number, title: string, sunday: string) =>
      hit({
        chunkId,
        policy: title.toLowerCase().replace(/ /g, "-"),
        title,
        section: "Opening hours",
        headingPath: [title, "Opening hours"],
        content: `| Day | Hours |\n|---|---|\n| Saturday | 9am – 5pm |\n| Sunday | ${sunday} |`,
        score: 0.05,
      });
    const hits = [hours(1, "Riverside Branch", "Closed"), hours(2, "Hilltop Branch", "10am – 2pm")];
    const q = readQuestion("Are you open on Sundays?", stats(["sunday", "open", "hour", "branch", "day"]));
    const draft = composeAnswer(q, hits, null, defaultAnswerability());
    expect(draft.sentences).toEqual([]);
    expect([...draft.clarify!].sort()).toEqual(["Hilltop Branch", "Riverside Branch"]);
  });

  it("answers a question about a whole policy with its main points, even when one sentence would pass for an answer", () => {
    const section = (chunkId: number, heading: string, content: string, score: number) =>
      hit({ chunkId, policy: "refunds", title: "Refunds", section: heading, headingPath: ["Refunds", heading], content, score });
    const hits = [
      section(1, "Refund timing", "We process your refund within 3 business days after your return arrives.", 0.06),
      section(2, "Refund method", "Refunds are issued to the original payment method.", 0.05),
      section(3, "Partial refunds", "Items returned used may receive a partial refund.", 0.04),
    ];
    const draft = composeAnswer(
      readQuestion("How do refunds work?", stats(["refund", "work", "process", "method", "partial"])),
      hits,
      null,
      defaultAnswerability(),
    );
    expect(new Set(draft.sentences.map((s) => s.citation.section)).size).toBe(3);
  });

  it("asked for a kind of fact of a whole policy, gives each option stated alike, in the policy's order", () => {
    const section = (chunkId: number, heading: string, content: string, charStart: number, score: number) =>
      hit({ chunkId, policy: "post", title: "Post options and costs", headingPath: ["Post options and costs", heading], content, charStart, score });
    const hits = [
      section(2, "Faster post", "Express post costs $9.50 per parcel. Express post arrives in 2 days.", 300, 0.06),
      section(3, "Heavy items", "Items over 30 kg are collected by a courier. A courier collection costs $40.", 600, 0.05),
      section(1, "Standard post", "Standard post costs $3.20 per parcel. Standard post arrives in 5 days.", 0, 0.02),
    ];
    const question = "How much is post?";
    const draft = composeAnswer(
      readQuestion(question, stats(["post", "cost", "parcel", "express", "standard", "courier"])),
      hits,
      null,
      defaultAnswerability(),
    );
    expect(draft.sentences.map((s) => s.text)).toEqual(["Standard post costs $3.20 per parcel.", "Express post costs $9.50 per parcel."]);
  });

  it("refuses a product the knowledge base does not have, naming it", () => {
    const a = hit({ policy: "platinum-rewards-card", title: "Platinum Rewards Card", content: "The annual fee is $95." });
    const question = "What is the annual fee on the Diamond Rewards Card?";
    const draft = composeAnswer(
      readQuestion(question, stats(["annual", "fee", "reward", "card"])),
      [a],
      bindProduct(question, titles),
      defaultAnswerability(),
    );
    expect(draft.sentences).toEqual([]);
    expect(draft.unknown).toEqual(["diamond rewards card"]);
  });
});

/** Customer documents' titles, each document named after its title ("Harbor Lite" → harbor-lite). */
const titlesNamed = (...names: string[]): KbTitle[] => names.map((title) => ({ policy: title.toLowerCase().replace(/\s+/g, "-"), title }));

describe("binding a product of a line (titles that open with the same noun)", () => {
  const line = titlesNamed(
    "Harbor Lite",
    "Harbor Prime",
    "Harbor Max",
    "International Economy",
    "International Express",
    "Internal Transfers",
    "Internal Audits",
  );
  const vocabulary = new Map(
    ["harbor", "lite", "prime", "max", "intern", "economi", "express", "transfer", "audit", "fee", "month"].map((w) => [w, 3]),
  );

  it("names a member the line does not have, written as a name, instead of offering its siblings", () => {
    const b = bindProduct("What's the monthly fee for Harbor Zenith?", line, vocabulary)!;
    expect(b.unknown).toBe("harbor zenith");
    expect(b.bound).toBeNull();
    // A word the KB uses ("Harbor Max") or none at all ("the harbor plans") is no unknown product.
    expect(bindProduct("What's the monthly fee for Harbor Max?", line, vocabulary)!.bound).toBe("harbor-max");
    expect(bindProduct("What's the monthly fee on the harbor plans?", line, vocabulary)?.unknown ?? null).toBeNull();
    // A word the KB uses elsewhere but no title has, written as a name, names a member it lacks too,
    // unless the whole question is written in capitals.
    const used = new Map([...vocabulary, ["summit", 2]]);
    expect(bindProduct("What's the monthly fee for Harbor Summit?", line, used)!.unknown).toBe("harbor summit");
    expect(bindProduct("What Is The Monthly Fee For Harbor Summit?", line, used)?.unknown ?? null).toBeNull();
  });

  it("tells lines apart by the word written, not its stem", () => {
    const b = bindProduct("How long does International take to arrive?", line, vocabulary)!;
    expect(b.candidates.map((c) => c.policy).sort()).toEqual(["international-economy", "international-express"]);
  });
});

describe("a figure typed against its unit", () => {
  const known = (words: string[]) => (w: string) => words.includes(w);
  it("reads as the figure and the unit the knowledge base writes apart", () => {
    expect(unitsApart("can I send a 4kg box and a 250ml bottle?", known(["kg", "ml"]))).toBe("can I send a 4 kg box and a 250 ml bottle?");
  });
  it("stays whole when the knowledge base uses it as one word, or does not use the unit", () => {
    expect(unitsApart("is 5G included?", known(["5g", "g"]))).toBe("is 5G included?");
    expect(unitsApart("is 30days enough?", known(["kg"]))).toBe("is 30days enough?");
  });
});

describe("two products named in one question", () => {
  const both = titlesNamed("Day Ticket", "Guest tickets", "Silver Plan", "Silver Plus Plan");
  it("binds the one named last, the thing asked about, not the one whose figure is asked", () => {
    expect(bindProduct("how many guest tickets come with silver plus", both)?.bound).toBe("silver-plus-plan");
    expect(bindProduct("how many guest tickets can I buy", both)?.bound).toBe("guest-tickets");
  });
});
