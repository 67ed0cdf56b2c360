import { describe, expect, it } from "vitest";
import { checkAnswer, checkClaim, clausesOf, unitsOf } from "./claims.ts";

describe("an answer in the passage's own words", () => {
  it("is supported whole, the passage's own 'No.' included, whatever the question names", () => {
    const context = "No. The Gold plan includes a free fitness check every 6 months, but coaching sessions are bought separately.";
    expect(checkAnswer(context, [{ text: context }], "does gold come with coaching from a PT?").supported).toBe(true);
  });

  it("is supported when one drafted sentence is a row or sentence of the passage, whatever its neighbours say", () => {
    const passage = {
      context: "No-Claims Discount",
      text: "Every year you hold a car policy without making a claim, your no-claims discount goes up.\n\n| Claim-free years | Discount |\n|---|---|\n| 1 year | 20% |\n| 3 years | 40% |",
    };
    expect(checkClaim("| 3 years | 40% |", [passage]).verdict).toBe("supported");
    // A changed figure is no quote of the row.
    expect(checkClaim("| 3 years | 50% |", [passage]).supported).toBe(false);
  });

  it("is not a bare yes or no found somewhere in the passage", () => {
    const context = "A pass can be moved to another person once a year.\nNo refunds are given for unused days.";
    expect(checkAnswer("No.", [{ text: context }], "Is there a fee to move my pass to my brother?").supported).toBe(false);
  });
});

describe("the grounding checker", () => {
  it("checks each clause of a compound sentence on its own", () => {
    expect(clausesOf("TV wall mounting costs $129 per TV, and the wall mount is included.")).toHaveLength(2);
    expect(clausesOf("We ship to Canada, Mexico, and the UK, for a flat $19.99 per order.")).toHaveLength(1);
    const context = "TV wall mounting costs $129 per TV, and the wall mount is sold separately.";
    expect(checkAnswer("TV wall mounting costs $129 per TV, and the wall mount is included.", [{ text: context }]).supported).toBe(false);
  });

  it("rejects figures swapped between the things they belong to", () => {
    const context = "For products priced $500 to $999.99, a 2-year plan costs $79.99 and a 3-year plan costs $109.99.";
    expect(checkAnswer("For a product between $500 and $999.99, the 2-year plan is $79.99.", [{ text: context }]).supported).toBe(true);
    expect(checkAnswer("For a product between $500 and $999.99, the 2-year plan is $109.99.", [{ text: context }]).supported).toBe(false);
  });

  it("reads a figure with the clause whose subject the claim shares, whatever the clauses share besides", () => {
    const context = "Our Basic hamper holds 4 jars for £20, and the Deluxe hamper holds 9 jars for £42, both delivered free within 3 days.";
    expect(checkAnswer("The Basic hamper has 4 jars for £20.", [{ text: context }]).supported).toBe(true);
    expect(checkAnswer("The Basic hamper has 9 jars for £42.", [{ text: context }]).supported).toBe(false);
    expect(checkAnswer("The Basic hamper is £42, delivered free within 3 days.", [{ text: context }]).supported).toBe(false);
  });

  it("reads a predicate that shares its subject with that subject, and an age with the clause whose range holds it", () => {
    const lessons = "Junior lessons are for ages 6-12, start at 9am and cost £11 per lesson; senior lessons start at 6pm and cost £16 per lesson.";
    expect(checkAnswer("Senior lessons cost £16 per lesson.", [{ text: lessons }]).supported).toBe(true);
    expect(checkAnswer("Senior lessons cost £11 per lesson.", [{ text: lessons }]).supported).toBe(false);
    const entry = "Entry costs £9 for adults and £5 for children aged 4-14; under-4s go free.";
    expect(checkAnswer("Entry for your 7-year-old is £5.", [{ text: entry }]).supported).toBe(true);
    expect(checkAnswer("Entry for your 7-year-old is £9.", [{ text: entry }]).supported).toBe(false);
  });

  it("ends no clause inside brackets, always one at a semicolon, and reads a participle before a noun as part of the subject", () => {
    const fees = "Our small kilns (20 litres) cost £12 per firing and our large kilns (60 litres and over) cost £25 per firing.";
    expect(checkAnswer("Large kilns cost £25 per firing.", [{ text: fees }]).supported).toBe(true);
    expect(checkAnswer("Large kilns cost £12 per firing.", [{ text: fees }]).supported).toBe(false);
    const fitting = "Plain blinds are fitted within 5 days of order; pleated blinds are made to measure and take about 3 weeks.";
    expect(checkAnswer("Plain blinds are fitted within 5 days of your order.", [{ text: fitting }]).supported).toBe(true);
    expect(checkAnswer("Pleated blinds are fitted within 5 days of your order.", [{ text: fitting }]).supported).toBe(false);
  });

  it("checks a clause whose subject is a pronoun with a contraction on its own", () => {
    const context = "Orders placed before noon are delivered the same day within the city.";
    expect(checkAnswer("Orders placed before noon are delivered the same day within the city.", [{ text: context }]).supported).toBe(true);
    expect(
      checkAnswer("Orders placed before noon are delivered the same day within the city, and we'll text you a photo.", [{ text: context }]).supported,
    ).toBe(false);
  });

  it("does not let a name borrow another sentence's figure", () => {
    const context = "You reach Silver with $500 in qualifying purchases.\nYou reach Gold with $1,500 in qualifying purchases.";
    expect(checkAnswer("You reach Silver with $1,500 in qualifying purchases.", [{ text: context }]).supported).toBe(false);
  });

  it("holds a figure to the passage's limits: within them what may be done is supported, beyond them it is not", () => {
    const loans = "Cardholders can have up to 50 items checked out at a time, including no more than 10 DVDs.";
    expect(checkAnswer("You can have 8 DVDs checked out at a time.", [{ text: loans }]).supported).toBe(true);
    expect(checkAnswer("You can have 12 DVDs checked out at a time.", [{ text: loans }]).claims[0]!.verdict).toBe("contradicted");
    // A bare yes or no is read with the question's last clause, and a figure beyond the limit is what a no denies.
    const kayaks = [{ text: "Each account can rent up to 2 kayaks at a time." }];
    const asked = "My two cousins are visiting — can I rent three kayaks at once?";
    expect(checkAnswer("No.", kayaks, asked).supported).toBe(true);
    expect(checkAnswer("Yes.", kayaks, asked).supported).toBe(false);
    // A limit restated with another figure is another rule, whatever the "not" inside it.
    const storage = [{ text: "Parcels not claimed within 60 days of arrival are returned to the sender." }];
    expect(checkAnswer("Parcels not claimed within 20 days of arrival are returned to the sender.", storage).supported).toBe(false);
    expect(checkAnswer("Parcels not claimed within 60 days of arrival are returned to the sender.", storage).supported).toBe(true);
    // A limit does not state an exact figure: "up to $25" is no source for "$20".
    expect(checkAnswer("The late fee is $20.", [{ text: "The late fee is up to $25." }]).supported).toBe(false);
  });

  it("accepts an amount the answer works out from the sources' figures and the conversation's", () => {
    const kennel = [{ text: "Overnight stays at Barkside Kennels cost $32 per night. Members get 10% off every stay." }];
    expect(checkAnswer("Five nights would come to $160.", kennel, "How much for 5 nights?").supported).toBe(true);
    expect(checkAnswer("As a member you'd pay $144 for the five nights.", kennel, "How much for 5 nights? I'm a member").supported).toBe(true);
    // An amount no step gives, or one with nothing of the conversation to start from, is not worked out.
    expect(checkAnswer("Five nights would come to $150.", kennel, "How much for 5 nights?").supported).toBe(false);
    expect(checkAnswer("Overnight stays cost $64 per night.", kennel).supported).toBe(false);
  });
  it("accepts a share the sources set of an amount they give, and a product with a count said in words", () => {
    const hire = [{ text: "Canoe hire costs $80 per day. A 25% deposit secures the booking, and members pay half the daily rate." }];
    expect(checkAnswer("The deposit comes to $20.", hire, "What deposit do I pay for a canoe?").supported).toBe(true);
    expect(checkAnswer("Members pay $40 a day.", hire, "What do members pay?").supported).toBe(true);
    expect(checkAnswer("Three days of hire would be $240.", hire, "How much for three days?").supported).toBe(true);
    // A share nobody states, or a product with a count nobody said, is a changed figure.
    expect(checkAnswer("The deposit comes to $24.", hire, "What deposit do I pay for a canoe?").supported).toBe(false);
    expect(checkAnswer("Hire would be $320.", hire, "How much for three days?").supported).toBe(false);
  });
  it("accepts a share the sources set of the customer's own amount, and the customer's count said another way", () => {
    const resale = [{ text: "We pay 30% of the resale price in cash or 45% in shop credit." }];
    expect(checkAnswer("You'd get $27 in shop credit.", resale, "You'd resell my coat at $60 - what credit is that?").supported).toBe(true);
    expect(checkAnswer("You'd get $30 in shop credit.", resale, "You'd resell my coat at $60 - what credit is that?").supported).toBe(false);
    const sitter = [{ text: "A dog walker visit costs $18 per walk." }];
    expect(checkAnswer("Six walks would cost $108.", sitter, "How much for a walk every day for 6 days?").supported).toBe(true);
    // A count nobody said is still the answer's own.
    expect(checkAnswer("Seven walks would cost $126.", sitter, "How much for a walk every day for 6 days?").supported).toBe(false);
  });
  it('reads a source\'s "but not …" as ruling out only what it names', () => {
    const club = [{ text: "Members get 20% off all rackets and shoes, but not on restringing or lessons." }];
    expect(checkAnswer("As a member you'll save 20 percent on shoes.", club).supported).toBe(true);
    expect(checkAnswer("Members get 20% off lessons.", club).supported).toBe(false);
  });
  it('reads a source\'s "except …" as ruling out only what it names', () => {
    const hall = [{ text: "The hall is open from 9am to 11pm every day except Boxing Day." }];
    expect(checkAnswer("Yes.", hall, "Is the hall open on Boxing Day?").supported).toBe(false);
    expect(checkAnswer("Yes.", hall, "Is the hall open on a Sunday?").supported).toBe(true);
    expect(checkAnswer("The hall is open every day until 11pm.", hall).supported).toBe(true);
  });
  it("accepts a total of two amounts charged by the same period, never their difference", () => {
    const bikes = [{ text: "Bike hire costs €18 per day. A child seat is an extra €4 per day." }];
    expect(
      checkAnswer("With the child seat that comes to €22 for the day.", bikes, "How much is a bike with a child seat for a day?").supported,
    ).toBe(true);
    expect(
      checkAnswer("With the child seat that comes to €14 for the day.", bikes, "How much is a bike with a child seat for a day?").supported,
    ).toBe(false);
  });

  it("reads 'provided …' as a condition and 'never more than' as a limit, not as the claim saying no", () => {
    const renew = [{ text: "Books can be renewed up to 3 times, unless another reader has reserved them." }];
    expect(checkAnswer("You can renew a book as many as three times, provided no other reader has reserved it.", renew).supported).toBe(true);
    const boats = [{ text: "Each rowing boat takes a maximum of 4 passengers." }];
    expect(checkAnswer("There are never more than 4 passengers in a rowing boat.", boats).supported).toBe(true);
  });

  it("does not work out a length of time: one that differences happen to give is still a changed figure", () => {
    const tune = [{ text: "A piano tuning takes about 75 minutes. Please clear the area 15 minutes before we arrive." }];
    // 75 − 15 = 60, by coincidence: the claim changed the tuning's length.
    expect(
      checkAnswer("A tuning takes about 60 minutes, and please clear the area 15 minutes before we arrive.", tune, "How long is a tuning?").supported,
    ).toBe(false);
  });

  it("lets an answer repeat the customer's own figure without the sources stating it", () => {
    const age = [{ text: "Climbers must be at least 12 years old to use the bouldering wall without a parent." }];
    expect(
      checkAnswer("Yes, at 13 she is old enough to use the bouldering wall without a parent.", age, "My daughter is 13, can she climb alone?")
        .supported,
    ).toBe(true);
    // Repeated, the customer's figure still has to keep to the rule.
    expect(
      checkAnswer(
        "Climbers must be at least 13 years old to use the bouldering wall without a parent.",
        age,
        "My daughter is 13, can she climb alone?",
      ).supported,
    ).toBe(false);
  });

  it("rejects a claim that copies the passage but changes one year or one amount of data", () => {
    const savings = "Savings accounts opened before January 1, 2020 keep their original interest rate tier.";
    expect(checkAnswer("Savings accounts opened before January 1, 2020 keep their original interest rate tier.", [{ text: savings }]).supported).toBe(
      true,
    );
    expect(checkAnswer("Savings accounts opened before January 1, 2022 keep their original interest rate tier.", [{ text: savings }]).supported).toBe(
      false,
    );
    const data = "You can add data to the line by refueling it at a price per GB.\nThe maximum amount of data that can be refueled is 2GB.";
    expect(checkAnswer("You can refuel up to 2GB of data.", [{ text: data }]).supported).toBe(true);
    expect(checkAnswer("You can refuel up to 5GB of data.", [{ text: data }]).supported).toBe(false);
  });

  it("does not take a sibling's sentence for the thing the claim names, nor a kind of a thing for its sibling", () => {
    const plans = "Every Max plan includes a spare filter, a travel case and descaling.\nEvery Lite plan includes descaling.";
    expect(checkAnswer("Every Lite plan includes descaling.", [{ text: plans }]).supported).toBe(true);
    expect(checkAnswer("Every Lite plan includes a spare filter and a travel case.", [{ text: plans }]).supported).toBe(false);
    expect(checkAnswer("Every Max plan includes a spare filter and a travel case.", [{ text: plans }]).supported).toBe(true);
    const vouchers = "Kettle vouchers are sold from $10 to $200.\nPaper kettle vouchers are sold in stores, and e-vouchers arrive by email.";
    expect(checkAnswer("Paper vouchers are sold in stores.", [{ text: vouchers }]).supported).toBe(true);
  });

  it("prefers the specific rule that contradicts a figure over a general one that agrees", () => {
    const context = "You can return most items within 30 days from delivery.\nElectronics can be returned within 15 days from delivery.";
    expect(checkAnswer("Electronics can be returned within 30 days from delivery.", [{ text: context }]).claims[0]!.verdict).toBe("contradicted");
  });
});

describe("a claim in the answer's own words that gives the passage's figures", () => {
  const bikes = "We hold abandoned bicycles for 60 days before they are sold.\nOwners can collect a bicycle from the depot with proof of ownership.";
  it("is supported by the sentence that states every figure, though it shares few of its words", () => {
    expect(checkAnswer("A bike nobody fetches stays with us 60 days.", [{ text: bikes }]).supported).toBe(true);
  });
  it("is not, when a figure differs", () => {
    expect(checkAnswer("A bike nobody fetches stays with us 90 days.", [{ text: bikes }]).supported).toBe(false);
  });
  // Nor when its other words claim what another sentence speaks of: "claims that draw on two
  // neighbouring sentences" below ("…covering accidental damage" beside "does not cover accidental damage").
});

describe("a bare yes or no", () => {
  const cinema = "No. Only assistance dogs may come into the cinema.\nFood bought outside may not be eaten in the screens.";
  const guests = "Members may bring up to 2 guests per visit.\nGuests must sign in at reception.";
  const parking = "Members park free of charge at every site.";
  const delivery = "We deliver to Sweden and Denmark only.";
  const bare = (question: string, answer: string, text: string) => checkAnswer(answer, [{ text }], question).supported;
  it("says no to a day of the week the closest sentence leaves out", () => {
    const tours = "Guided cellar tours run at 11:00 and 15:00, Wednesday to Sunday.";
    expect(bare("Can I book a cellar tour on a Tuesday?", "No.", tours)).toBe(true);
    expect(bare("Can I book a cellar tour on a Tuesday?", "Yes.", tours)).toBe(false);
    expect(bare("Can I book a cellar tour on a Saturday?", "Yes.", tours)).toBe(true);
    expect(bare("Are cellar tours run on weekends?", "Yes.", "Cellar tours run Mon–Fri only.")).toBe(false);
  });
  it("is checked by what the closest sentence says of the question: its own yes or no, else whether it says no", () => {
    expect(bare("Can I bring my dog to the cinema with me?", "No.", cinema)).toBe(true);
    expect(bare("Can I bring my dog to the cinema with me?", "Yes.", cinema)).toBe(false);
    expect(bare("Is parking free for members?", "Yes.", parking)).toBe(true);
    expect(bare("Is parking free for members?", "No.", parking)).toBe(false);
  });
  it("reads the question's yes or no apart from a 'not' in its condition", () => {
    const gatehouse = "If nobody answers, the driver may leave parcels at the gatehouse.";
    expect(bare("May my parcel be left at the gatehouse if I'm not in?", "Yes.", gatehouse)).toBe(true);
    expect(checkAnswer("Parcels may be left at the gatehouse if I'm not in.", [{ text: gatehouse }]).supported).toBe(true);
  });
  it("is a no when the question's figure goes beyond the sentence's limit", () => {
    expect(bare("Can I bring 4 guests on one visit?", "Yes.", guests)).toBe(false);
    expect(bare("Can I bring 4 guests on one visit?", "No.", guests)).toBe(true);
    expect(bare("Can I bring 2 guests on one visit?", "Yes.", guests)).toBe(true);
  });
  it("holds the age the customer gives before asking to the sentence's limit of age", () => {
    const rides = "Scooter hire is for riders 21 or older with a full licence.";
    expect(bare("I'm 19 but I have a licence. Can I hire a scooter?", "Yes.", rides)).toBe(false);
    expect(bare("I'm 19 but I have a licence. Can I hire a scooter?", "No.", rides)).toBe(true);
    expect(bare("Can my 9-year-old join the climbing taster?", "No.", "Climbing tasters are open to ages 12 and up.")).toBe(true);
    expect(bare("Can my 9-year-old join the climbing taster?", "Yes.", "Climbing tasters are open to ages 12 and up.")).toBe(false);
  });
  it("reads a yes or no with only courtesy around it as bare", () => {
    expect(bare("Can I bring my dog to the cinema with me?", "No, sorry.", cinema)).toBe(true);
    expect(bare("Can I bring my dog to the cinema with me?", "No, I'm afraid not.", cinema)).toBe(true);
    expect(bare("Is parking free for members?", "Yes, of course!", parking)).toBe(true);
    expect(bare("Is parking free for members?", "Sorry, no.", parking)).toBe(false);
  });
  it("is a no to a name that a sentence allowing only some things does not name", () => {
    expect(bare("Do you deliver to Norway?", "Yes.", delivery)).toBe(false);
    expect(bare("Do you deliver to Norway?", "No.", delivery)).toBe(true);
    expect(bare("Do you deliver to Sweden?", "Yes.", delivery)).toBe(true);
  });
});

describe("which correction a wrong claim gets", () => {
  const bulk = [
    { text: "Promo codes cannot be used on business bulk-pricing orders.", context: "Promotions > Exclusions" },
    {
      text: "Orders from $2,500 to $9,999.99 receive 5% off.\nOrders from $10,000 to $24,999.99 receive 8% off.",
      context: "Corporate and bulk orders > Volume discounts",
    },
    { text: "Business orders over $5,000 receive free freight delivery.", context: "Corporate and bulk orders > Invoicing and delivery" },
  ];

  it("a wrong figure over a bare no, and the row that shares the customer's other figure", () => {
    const check = checkAnswer("Bulk orders over $2,500 get 10% off.", bulk).claims[0]!;
    expect(check.verdict).toBe("contradicted");
    expect(check.evidence).toBe("Orders from $2,500 to $9,999.99 receive 5% off.");
    // Free freight over $5,000 is about another of the claim's figures: no second correction.
    expect(check.alsoContradicting?.evidence ?? "").not.toContain("freight");
  });
});

describe("a sentence that states the opposite", () => {
  it("speaks to the claim's words: 'is free' answers 'costs $5' more closely than another fee's figure", () => {
    const passages = [
      { text: "In-store pickup is free.", context: "In-store and curbside pickup > How pickup works" },
      {
        text: "Large furniture that needs a freight pickup has a $99 pickup fee instead of the $6.95 label fee.",
        context: "Returns and exchanges > Return shipping costs",
      },
    ];
    const check = checkAnswer("In-store pickup costs $5.", passages).claims[0]!;
    expect(check.verdict).toBe("contradicted");
    expect(check.evidence).toBe("In-store pickup is free.");
  });
  it("reads 'no charge' and 'at no cost' as free, not as a 'no' that disagrees", () => {
    const free = [{ text: "You can reschedule the visit for free up to 24 hours before it." }];
    expect(checkAnswer("There's no charge to reschedule the visit up to 24 hours before it.", free).supported).toBe(true);
  });
  it("hears the fee in 'no overdraft fees' as a free phrase, against a claim that fees are charged", () => {
    const none = [{ text: "The Teal Account has no overdraft fees." }];
    expect(checkAnswer("The Teal Account charges overdraft fees.", none).claims[0]!.verdict).toBe("contradicted");
    const fee = [{ text: "The Teal Account has a $39 annual fee." }];
    expect(checkAnswer("The Teal Account has no annual fee.", fee).claims[0]!.verdict).toBe("contradicted");
  });
  it("reads 'won't be charged' and 'without paying' as free, but not a charge that only waits ('not charged until it ships')", () => {
    const free = [{ text: "Parking for the first 20 minutes is free." }];
    expect(checkAnswer("You won't be charged, since parking is free for the first 20 minutes.", free).supported).toBe(true);
    expect(checkAnswer("You can park for the first 20 minutes without paying.", free).supported).toBe(true);
    const later = [{ text: "Your card is not charged until the item ships." }];
    expect(checkAnswer("Your card is charged when you place the order.", later).supported).toBe(false);
  });
  it("reads a negated side of an opposite as the other side ('don't expire' is 'never expire')", () => {
    const never = [{ text: "Our vouchers never expire and have no fees." }];
    expect(checkAnswer("Our vouchers don't expire and don't carry fees.", never).supported).toBe(true);
  });
});

describe("a list", () => {
  const scope = "As a retail agent, you can help users:\n\n- **cancel or modify pending orders**\n- **return or exchange delivered orders**";
  const statuses = "The status of an order can be: **pending**, **processed**, **delivered**, or **cancelled**.";

  it("supports a claim item by item, not with a verb from one item and an object from another", () => {
    expect(checkAnswer("You can return orders that are still pending.", [{ text: scope }]).supported).toBe(false);
    expect(checkAnswer("You can cancel an order that has been delivered.", [{ text: statuses }]).supported).toBe(false);
    expect(checkAnswer("You can help users return delivered orders.", [{ text: scope }]).supported).toBe(true);
  });

  it("supports a claim that is itself a choice between items", () => {
    expect(checkAnswer("You can help users cancel or modify pending orders and return delivered orders.", [{ text: scope }]).supported).toBe(true);
  });
});

describe("claims that draw on two neighbouring sentences", () => {
  const warranty =
    "Northwind-brand products come with a 1-year limited warranty from the purchase date.\nThe warranty covers defects in materials and workmanship under normal household use.";
  it("are supported by the two read together, quoted verbatim", () => {
    const { supported, claims } = checkAnswer(
      "Northwind-brand items have a 1-year limited warranty starting on the purchase date, covering defects in materials and workmanship in normal household use.",
      [{ text: warranty }],
    );
    expect(supported).toBe(true);
    expect(warranty).toContain(claims[0]!.evidence!);
  });

  it("are not, when a figure in them is wrong or one sentence says no", () => {
    expect(
      checkAnswer(
        "Northwind-brand items have a 2-year limited warranty starting on the purchase date, covering defects in materials and workmanship in normal household use.",
        [{ text: warranty }],
      ).supported,
    ).toBe(false);
    const exclusions =
      "Northwind-brand products come with a 1-year limited warranty from the purchase date.\nThe warranty does not cover accidental damage or normal household wear.";
    expect(
      checkAnswer(
        "Northwind-brand items have a 1-year limited warranty from the purchase date, covering accidental damage in normal household use.",
        [{ text: exclusions }],
      ).supported,
    ).toBe(false);
  });
});

describe("a sentence that says no in one clause and states a rule in the other", () => {
  const surcharge = "We don't charge a booking fee online, but a 3% card surcharge applies to payments by credit card.";

  it("supports each clause as it stands: the 'don't' belongs to the booking fee, not to the surcharge", () => {
    const check = checkAnswer(surcharge, [{ text: surcharge }]);
    expect(check.claims.map((c) => c.verdict)).toEqual(["supported"]);
    expect(checkAnswer("A 3% card surcharge applies to payments by credit card.", [{ text: surcharge }]).supported).toBe(true);
  });

  it("still reads the no where it stands", () => {
    expect(checkAnswer("A 3% card surcharge does not apply to payments by credit card.", [{ text: surcharge }]).supported).toBe(false);
    expect(checkAnswer("We charge a booking fee online.", [{ text: surcharge }]).supported).toBe(false);
  });
});

describe("words that are names of Object.prototype members", () => {
  it("checks claims with 'constructor', 'toString' or '__proto__' like any other word, without throwing", () => {
    const check = checkAnswer("The constructor will call you. toString applies. __proto__ is paid.", [{ text: "A constructor calls.", context: "" }]);
    expect(check.claims.map((c) => c.supported)).toEqual([true, false, false]);
  });
});

describe("premises a customer states", () => {
  const bnpl = "Affirm monthly financing is available on orders from $150 to $10,000.\nKlarna Pay in 4 is available on orders from $35 to $1,000.";
  it("lets only the sentence that names the brand contradict a claim about it", () => {
    const [claim] = checkAnswer("Klarna Pay in 4 works on any order up to $5,000.", [{ text: bnpl, context: "Buy now, pay later" }]).claims;
    expect(claim!.verdict).toBe("contradicted");
    expect(claim!.evidence).toContain("Klarna");
    // With Klarna's own sentence absent, Affirm's range neither supports nor contradicts it.
    const affirmOnly = "Affirm monthly financing is available on orders from $150 to $10,000.";
    expect(
      checkAnswer("Klarna Pay in 4 is available on orders up to $5,000.", [{ text: affirmOnly, context: "Buy now, pay later" }]).claims[0]!.verdict,
    ).toBe("unsupported");
  });

  it("does not confirm a permission that the section refuses in words as close", () => {
    const stacking = "Promo codes cannot be combined with other promo codes.\nA promo code can be combined with Rewards certificates and gift cards.";
    const [claim] = checkAnswer("I can stack promo codes.", [{ text: stacking, context: "Promotions > Coupon stacking" }]).claims;
    expect(claim!.verdict).toBe("contradicted");
    expect(claim!.evidence).toBe("Promo codes cannot be combined with other promo codes.");
    // …while the permission the section does grant is confirmed.
    expect(checkAnswer("A promo code can be combined with gift cards.", [{ text: stacking }]).supported).toBe(true);
  });

  it("corrects a figure with the sentence about the claim's subject, not its neighbour under the same heading", () => {
    const eligible = "Students enrolled at a college get 10% off.\nActive-duty service members and veterans get 15% off.";
    const [claim] = checkAnswer("The military discount is 20%.", [
      { text: eligible, context: "Student and military discounts > Who is eligible" },
    ]).claims;
    expect(claim!.verdict).toBe("contradicted");
    expect(claim!.evidence).toContain("15%");
  });

  it("quotes a second sentence that also corrects the claim, but not one that only says no about something else", () => {
    const costs =
      "Return shipping is free if the item is defective or is not the item you ordered.\nReturning an item by mail costs a flat $6.95.\nReturns made in a store are always free.";
    const [free] = checkAnswer("Return shipping is free.", [{ text: costs, context: "Returns > Return shipping costs" }]).claims;
    expect(free!.verdict).toBe("contradicted");
    expect([free!.evidence, free!.alsoContradicting?.evidence].join(" ")).toContain("$6.95");
    const eligible = "Students get 10% off.\nActive-duty service members and veterans get 15% off.";
    const [military] = checkAnswer("The military discount is 20%.", [
      { text: eligible, context: "Student and military discounts > Who is eligible" },
    ]).claims;
    expect(military!.evidence).toContain("15%");
    // Students' 10% disagrees too, under the same heading, but says nothing of the military in its own words.
    expect(military!.alsoContradicting).toBeUndefined();
    const stacking = "Military discounts cannot be combined with a promo code.";
    const [withNo] = checkAnswer("The military discount is 20%.", [
      { text: eligible, context: "Student and military discounts > Who is eligible" },
      { text: stacking, context: "Discounts" },
    ]).claims;
    expect(withNo!.alsoContradicting?.evidence ?? "").not.toContain("cannot");
  });
});

describe("clauses", () => {
  it("a list of subjects before ', and…' is not a clause of its own, so a verbatim quote is supported", () => {
    const quote = "Furniture, large appliances, and other oversized items are delivered by freight and never ship free.";
    expect(clausesOf(quote)).toEqual([quote]);
    expect(checkAnswer(quote, [{ text: quote }]).supported).toBe(true);
  });
});

describe("why the checker decided, as data", () => {
  const why = (answer: string, context: string) => checkAnswer(answer, [{ text: context }]).claims[0]!.why;

  it("names both figures of a wrong figure: the claim's and the passage's", () => {
    expect(why("You have 60 days from delivery to return most items.", "You can return most items within 30 days from delivery.")).toEqual({
      kind: "figure",
      claimed: "60 days",
      stated: ["30 days"],
    });
  });

  it("says which side says no when only one does", () => {
    expect(why("Picture messages work when mobile data is off.", "Picture messages do not work when mobile data is off.")).toEqual({
      kind: "negation",
      saysNo: "passage",
    });
    expect(why("Opened electronics can't be returned.", "Opened electronics can be returned within 15 days.")).toEqual({
      kind: "negation",
      saysNo: "claim",
    });
  });
  it("reads 'no fee' as the opposite of a fee, not as a bare no", () => {
    expect(why("Opened electronics have no restocking fee.", "Opened electronics are subject to a 15% restocking fee.")).toEqual({
      kind: "opposite",
      span: "no restocking fee",
    });
  });

  it("quotes the claim's words the passage states the opposite of", () => {
    expect(why("In-store pickup costs $5.", "In-store pickup is free.")).toEqual({ kind: "opposite", span: "costs" });
  });

  it("lists the names and figures no passage contains", () => {
    expect(why("You can pay with Klarna in four installments.", "You can pay with Affirm in four installments.")).toEqual({
      kind: "not-in-sources",
      missing: ["Klarna"],
    });
  });

  it("wraps the reason of the clause that fails a compound sentence", () => {
    expect(
      why(
        "TV wall mounting costs $129 per TV, and the wall mount is included.",
        "TV wall mounting costs $129 per TV, and the wall mount is sold separately.",
      ),
    ).toEqual({ kind: "clause", clause: "the wall mount is included.", why: { kind: "unstated" } });
  });
});

describe("a yes or no with a statement of its own", () => {
  it("is about what the question names: sources that never name it do not support it", () => {
    const passages = [{ text: "Branches are closed on Easter Monday and Boxing Day." }];
    expect(checkAnswer("No, they're closed.", passages, "Are your branches open on Midsummer Day?").supported).toBe(false);
    expect(checkAnswer("No, they're closed.", passages, "Are your branches open on Boxing Day?").supported).toBe(true);
  });
});

describe("a document's 'No.' answering its heading's question", () => {
  const faq = {
    text: "No. The Compact is a sedan with a 250-mile daily allowance.",
    context: "Compact > FAQ > Is the Compact the same as the Compact SUV?",
  };

  it("denies the heading's question, not what the sentence goes on to state", () => {
    expect(checkAnswer("The Compact is a sedan with a 250-mile daily allowance.", [faq]).supported).toBe(true);
    expect(checkAnswer("No. The Compact is a sedan with a 250-mile daily allowance.", [faq]).supported).toBe(true);
    expect(checkAnswer("The Compact is the same as the Compact SUV.", [faq]).supported).toBe(false);
  });

  it("is read with the sentence when no heading says what it denies", () => {
    expect(checkAnswer("The Compact is a sedan with a 250-mile daily allowance.", [{ text: faq.text }]).supported).toBe(false);
  });
});

describe("a name that begins a longer name", () => {
  it("is not that longer name: Team Plus's phone support says nothing for Team", () => {
    const plus = { text: "Team Plus costs more and includes more users, phone support and approval workflows." };
    expect(checkAnswer("The Team plan includes phone support.", [plus]).supported).toBe(false);
    expect(checkAnswer("Team Plus includes phone support.", [plus]).supported).toBe(true);
  });

  it("is not supported by the longer name's sentence when another sentence speaks of the name itself", () => {
    const faq = {
      text: "Not with the Kettle Add-on. Automatic descaling is part of Kettle Add-on Plus.",
      context: "Kettle Add-on > FAQ > Do you descale my kettle for me?",
    };
    expect(checkAnswer("The regular Kettle Add-on descales my kettle for me automatically.", [faq]).supported).toBe(false);
    expect(checkAnswer("Kettle Add-on Plus includes automatic descaling.", [faq]).supported).toBe(true);
  });
});

describe("a figure that one clause gives to something else", () => {
  const context = "Small crates cost $2 each to rent, and 40x60 crates cost $5 each to rent.";
  it("does not support the other clause's figure for the thing the claim names", () => {
    const check = checkAnswer("40x60 crates cost $2 each.", [{ text: context }]);
    expect(check.supported).toBe(false);
    expect(check.claims[0]!.why).toMatchObject({ kind: "figure", claimed: "$2", stated: ["$5"] });
    expect(checkAnswer("40x60 crates cost $5 each.", [{ text: context }]).supported).toBe(true);
  });

  it("splits where a figure's phrase ends, not at an 'and' inside a phrase", () => {
    const hours = "Weekday lessons cost $38 per hour and weekend lessons cost $42 per hour.";
    expect(checkAnswer("Weekend lessons cost $38 per hour.", [{ text: hours }]).supported).toBe(false);
    const fee = "The leaving fee is $60 per service, so leaving with both phone and broadband costs $120.";
    expect(checkAnswer("Leaving with both phone and broadband costs $120.", [{ text: fee }]).supported).toBe(true);
  });

  it("reads a clause that opens on its figure as sharing the first clause's subject", () => {
    const polish = "Wax polishing costs $9 for hatchbacks and $14 for vans.";
    expect(checkAnswer("Wax polishing for vans is $9.", [{ text: polish }]).supported).toBe(false);
    expect(checkAnswer("Wax polishing for vans is $14.", [{ text: polish }]).supported).toBe(true);
  });

  it("reads a number that names a product as a word of the claim", () => {
    const lines = "Our 20 GB bundle is $12 a month and our 80 GB bundle is $25 a month.";
    expect(checkAnswer("The 80 GB bundle is $12 a month.", [{ text: lines }]).supported).toBe(false);
    expect(checkAnswer("The 80 GB bundle is $25 a month.", [{ text: lines }]).supported).toBe(true);
  });

  it("lets a claim that gives both figures draw on both clauses", () => {
    expect(checkAnswer("Crates cost $2 each, or $5 each for 40x60 ones.", [{ text: context }]).claims[0]!.why.kind).not.toBe("figure");
  });
});

describe("a table in the sources", () => {
  it("is read row by row with its header's words, never the header or its rule as a sentence", () => {
    const table = { text: "| Visit | Charge |\n|---|---|\n| First call-out | Free |\n| Weekend call-out | $60 |" };
    const units = unitsOf([table]);
    expect(units.map((u) => u.text)).toEqual(["| First call-out | Free |", "| Weekend call-out | $60 |"]);
    expect([...units[1]!.stems]).toEqual(expect.arrayContaining(["charg", "weekend"]));
    expect(checkAnswer("A weekend call-out is charged $60.", [table]).supported).toBe(true);
  });
});

describe("a figure the sources give for other days than the question asks about", () => {
  const text = "Pedal boats can be hired from 10am to 6pm on weekdays and from 9am to 8pm at weekends.";
  const check = (question: string, answer: string) => checkAnswer(answer, [{ text }], question);

  it("answers another question: the weekday closing time is no answer for a Sunday", () => {
    const r = check("What time do the pedal boats stop on a Sunday?", "Hire ends at 6pm.");
    expect(r.supported).toBe(false);
    expect(r.claims[0]!.why).toEqual({ kind: "excluded", allowed: "weekdays", named: "Sunday" });
  });

  it("supports the figure of the days asked about, and a claim that names its own days", () => {
    expect(check("What time do the pedal boats stop on a Sunday?", "Hire ends at 8pm.").supported).toBe(true);
    expect(check("What time do the pedal boats stop on a Tuesday?", "Hire ends at 6pm.").supported).toBe(true);
    expect(check("What time do the pedal boats stop on a Sunday?", "On weekdays hire ends at 6pm.").supported).toBe(true);
  });
});
