// Pulls the customer's checkable claims about company policy out of a message, so each can be
// verified against the knowledge base instead of being accepted because the customer said it.
import { z } from "zod";
import { isPastTense } from "../../kb/text/terms.ts";
import { hasVerb, tagged } from "../../kb/text/pos.ts";
import { isPersonNoun } from "../../kb/text/synonyms.ts";

export const premiseKindSchema = z.enum(["asserted", "attributed", "presupposed", "confirmation"]);
export const premiseSchema = z.object({
  claim: z.string().min(1),
  kind: premiseKindSchema,
  /** Read as a claim only if it speaks of what the knowledge base speaks of: it states something
   *  in the company's own words, but no word of it is a general policy word (retrieve decides). */
  needsTopic: z.boolean().optional(),
});
export type PremiseKind = z.infer<typeof premiseKindSchema>;
export type Premise = z.infer<typeof premiseSchema>;

// ---- Lexicons -------------------------------------------------------------------------------

/** Places a customer quotes policy from. */
const SOURCE = String.raw`(?:website|web\s?site|site|web\s?page|page|faqs?|help\s+(?:center|centre|page|article)|polic(?:y|ies)|terms(?:\s+(?:and|&)\s+conditions)?|terms\s+of\s+(?:service|sale)|t&cs?|ads?|advert(?:isement)?|emails?|newsletter|app|listing|product\s+page|checkout(?:\s+page)?|receipt|banner|sign|flyer|catalog(?:ue)?|fine\s+print|contract|agreement|guarantee|promo(?:tion)?|offer|posts?|tweet|instagram|facebook|twitter|store|chat\s?bot|agent|rep|representative|(?:internal\s+)?notes?|memo|notice|manual|handbook|brochure|blog|article)`;
/** Who at the company may have said it, besides any person a noun names (WordNet's noun.person:
 *  "the porter on the night desk", "a cashier"): the words for staff that name no person. */
const STAFF = String.raw`(?:agent|rep|staff(?:\s+member)?|support(?:\s+team)?|customer\s+service(?:\s+(?:rep|representative|agent|team))?|person|chat\s?bot|bot|assistant|team)`;
const SAY_PAST = String.raw`(?:told\s+(?:me|us)|said|promised(?:\s+(?:me|us))?|assured\s+(?:me|us)|confirmed|mentioned|stated|informed\s+(?:me|us)|explained|guaranteed|wrote|says|states|promises|guarantees)`;
const SOURCE_SAYS = String.raw`(?:used\s+to\s+(?:say|state|show)|says?|said|states?|stated|shows?|showed|mentions?|mentioned|promises|promised|claims|claimed|advertises|advertised|reads|guarantees|specifies|lists|indicates|told\s+me)`;
const ADVERB = String.raw`(?:(?:clearly|literally|explicitly|specifically|even|also|itself|already|just|previously|definitely)\s+)?`;
/** When or where something was said: "you said earlier that…", "we were told over the phone that…". */
const SAID_WHEN = String.raw`(?:\s+(?:earlier|before|previously|yesterday|today|last\s+\w+|on\s+the\s+phone|over\s+the\s+phone|in\s+(?:the\s+)?(?:store|shop|chat|email)|on\s+(?:the\s+)?chat|by\s+email|to\s+me))*`;

// "Since March" and "since Monday" tell time, not reasons.
const TIME_WORD = String.raw`(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|monday|tuesday|wednesday|thursday|friday|saturday|sunday|christmas|easter|summer|winter|spring|autumn|fall)`;

/** policy: a clause with a policy cue; clause: any clause; claim: a clause or a bare quantity ("24 hours"). */
type Guard = "policy" | "clause" | "claim";

type Marker = {
  kind: PremiseKind;
  /** Matches everything up to where the claim starts. */
  re: RegExp;
  /** The claim must read as a clause about policy, because the marker is also everyday English. */
  guarded?: Guard;
  /** The match's `who` must be someone who speaks for the company: a word of STAFF or a person. */
  speaker?: boolean;
};

const STAFF_WORD = new RegExp(String.raw`^${STAFF}$`, "i");
const isSpeaker = (who: string | undefined) => who !== undefined && (STAFF_WORD.test(who) || isPersonNoun(who));

// Order matters: the first marker to claim a stretch of text wins, so "since your agent said X"
// is reported as attributed, not presupposed.
const MARKERS: Marker[] = [
  {
    kind: "attributed",
    re: new RegExp(
      String.raw`\b(?:your|the|one\s+of\s+your|a|an|another|the\s+(?:last|previous|other|first)|your\s+(?:other|last|previous))\s+(?:[\w-]+\s+)?(?<who>${STAFF}|[a-z][\w-]*)(?:\s+(?:on\s+the\s+phone|(?:on|in|at)\s+(?:the\s+|your\s+)?(?:[\w-]+\s+)?[\w-]+|on\s+(?:the\s+)?chat|over\s+the\s+phone|yesterday|last\s+\w+|earlier|before|I\s+(?:spoke|talked|chatted)\s+(?:to|with)))*\s+${ADVERB}${SAY_PAST}${SAID_WHEN}(?:\s+that)?\s+`,
      "gi",
    ),
    speaker: true,
  },
  {
    kind: "attributed",
    re: new RegExp(
      String.raw`\b(?:I|we)\s+(?:was|were|'ve\s+been|have\s+been|had\s+been|got|'m|am)\s+(?:told|promised|assured|guaranteed|informed|quoted|advised|led\s+to\s+believe)${SAID_WHEN}(?:\s+by\s+(?:your|the|a|an|one\s+of\s+your)\s+(?:[\w-]+\s+){0,2}?(?:${STAFF}|${SOURCE}))?(?:\s+that)?\s+`,
      "gi",
    ),
  },
  {
    kind: "attributed",
    // The source may be placed ("the T&Cs on your app state…") or one the customer read ("the page I saw earlier said…").
    re: new RegExp(
      String.raw`\b(?:your|the)\s+(?:[\w'&-]+\s+){0,2}?${SOURCE}(?:\s+(?:on|in)\s+(?:your|the)\s+[\w'&-]+|\s+I\s+(?:read|saw|looked\s+at|checked)${SAID_WHEN})?\s+${ADVERB}${SOURCE_SAYS}\s*,?\s*(?:that\s+)?`,
      "gi",
    ),
  },
  {
    kind: "attributed",
    re: new RegExp(
      String.raw`\b(?:as|like)\s+(?:(?:it\s+)?(?:is\s+)?(?:stated|said|written|shown|advertised|promised|mentioned)\s+(?:on|in|by)\s+(?:your|the)\s+(?:[\w'&-]+\s+){0,2}?${SOURCE}|(?:your|the)\s+(?:[\w'&-]+\s+){0,2}?${SOURCE}\s+${ADVERB}${SOURCE_SAYS})\s*,?\s*(?:that\s+)?`,
      "gi",
    ),
  },
  {
    kind: "attributed",
    re: new RegExp(String.raw`\b(?:according\s+to|per|based\s+on|under)\s+(?:your|the)\s+(?:[\w'&-]+\s+){0,2}?${SOURCE}\s*,?\s*(?:that\s+)?`, "gi"),
  },
  {
    kind: "attributed",
    // "I heard that you…", and "I heard they can…" or "I heard refunds are…" (without "that", only
    // before a clause's subject: a pronoun, an article or a plural noun).
    re: new RegExp(
      String.raw`\bI\s+(?:'ve\s+|have\s+)?${ADVERB}(?:read|saw|seen|heard|noticed|found)\s+(?:(?:on|in|from)\s+[^,.;?!]{1,40}?\s+|online\s+|somewhere\s+)?(?:that\s+|(?=(?:you|your|the|there|they|it|[a-z]{3,}s)\s+(?:[\w-]+\s+){0,4}?(?:can|could|will|do|does|don't|doesn't|is|are|have|has|only|always|never|give|gives|charge|charges|offer|offers|allow|allows|needs|requires|pays)\b))`,
      "gi",
    ),
  },
  {
    kind: "attributed",
    re: /\b(?:every|all|many|other|some|most)\s+(?:[\w-]+\s+)?(?:blogs?|sites?|websites?|articles?|reviews?|forums?|people|customers?|threads?|posts?|stores?)\s+(?:say|says|said|claim|claims|state)\s+(?:that\s+)?/gi,
  },
  {
    kind: "attributed",
    // "I read 10% on your site": the claim comes before its source, which cleanClaim trims.
    re: new RegExp(
      String.raw`\bI\s+(?:literally\s+|clearly\s+|just\s+)?(?:read|saw|seen)\s+(?=[^.?!]{1,80}?\s(?:on|in)\s+(?:your|the)\s+(?:[\w'&-]+\s+){0,2}?${SOURCE}\b)`,
      "gi",
    ),
  },
  {
    kind: "attributed",
    // "It says 60 days on the receipt": the thing being pointed at is the source.
    re: /\b(?:it|this|that)\s+(?:clearly\s+|literally\s+)?(?:says|said|states|stated)\s+(?:that\s+)?(?=\S)/gi,
  },
  {
    kind: "attributed",
    guarded: "claim",
    // Someone unnamed passing a rule on ("someone told me lockers keep parcels a week").
    re: /(?<!\b(?:did|has|had|if|when|before)\s+)\b(?:someone|somebody|a\s+friend|people)\s+(?:has\s+|had\s+)?(?:(?:told|tells?)\s+(?:me|us)|said|says|say)(?:\s+that)?\s+/gi,
  },
  {
    kind: "attributed",
    guarded: "policy",
    // Hearsay from the customer's own circle ("my uncle said …", "my cousin tells me …") or from
    // nowhere ("apparently …"): a claim only when it reads as one about policy, not their own news.
    re: /(?<!\b(?:did|has|had|if|when|before|what|how)\s+)\b(?:my\s+(?:[\w-]+\s+)?[\w-]+\s+(?:(?:has|had)\s+)?(?:(?:told|tells)\s+(?:me|us)|said|says)(?:\s+that)?|apparently,?)\s+/gi,
  },
  {
    kind: "attributed",
    // "Did you say…?" asks; "you said…" asserts.
    re: new RegExp(
      String.raw`(?<!\b(?:did|do|does|can|could|would|will|what|when|where|why|how|if)\s+)\b(?:you|you\s+guys|you\s+all|y'all|they|your\s+(?:company|team|people|staff))\s+${ADVERB}(?:told\s+(?:me|us)|said|promised(?:\s+(?:me|us))?|assured\s+(?:me|us)|guaranteed|stated|advertised|advertise|say|state|promise)${SAID_WHEN}(?:\s+that)?\s+`,
      "gi",
    ),
  },
  {
    kind: "confirmation",
    guarded: "claim",
    // "Tell me it's waived" demands the words rather than the facts; it is checked the same way.
    // "Tell me the hours during which I may call" asks for something named by a relative clause.
    re: /\b(?:just\s+|please\s+)?tell\s+me\s+(?:that\s+)?(?=it'?s|it\s+is|I\s+(?:have|can|get|will|am|'m)|you|the|there|they|\$?\d)(?!(?:the|your)\s+(?:[\w-]+\s+){0,3}?(?:(?:during|in|on|at|by|for|from|to)\s+which|which|who|whom|where|when|(?:I|we)\s+(?:can|could|may|might|must|should|need|have|am|'m))\b)/gi,
  },
  {
    kind: "confirmation",
    guarded: "claim",
    re: /\b(?:isn'?t\s+it\s+true|is\s+it\s+(?:not\s+)?true|isn'?t\s+it\s+the\s+case|is\s+it\s+(?:not\s+)?the\s+case|is\s+it\s+correct|am\s+I\s+(?:right|correct)\s+(?:that|in\s+thinking(?:\s+that)?)|(?:can|could|would|will)\s+you\s+(?:please\s+|just\s+)?(?:confirm|verify|agree)|(?:please\s+|just\s+)?(?:confirm|verify)(?:\s+in\s+writing)?|(?:would|do|don'?t)\s+you\s+agree|you\s+agree|tell\s+me\s+(?:it'?s|it\s+is)\s+true|so\s+you(?:'re|\s+are)\s+saying)(?:\s+(?:for\s+me|to\s+me|please))?(?:\s+that)?\s+(?!(?:whether|if)\b)/gi,
  },
  {
    kind: "asserted",
    guarded: "policy",
    re: /(?:\bI(?:'m|\s+am)?\s+(?:(?:pretty|quite|very|fairly|absolutely|100%)\s+)?(?:know|sure|certain|positive|believe|remember|recall|thought|think|understand|was\s+under\s+the\s+impression)|(?<=^|[,;]\s?)(?:pretty|quite|fairly|absolutely|100%)\s+(?:sure|certain|positive))(?:\s+(?:for\s+a\s+fact|for\s+sure|full\s+well))?(?:\s+that)?\s+/gi,
  },
  {
    kind: "asserted",
    guarded: "policy",
    // A sentence that opens by telling the company what it always/never does states policy.
    re: /(?<=^)(?=(?:you|you\s+guys|y'all|they)\s+(?:always|never|usually|normally|typically|only|all)\s)/gi,
  },
  {
    kind: "presupposed",
    guarded: "policy",
    re: new RegExp(
      // "As" only where it opens a sentence and a subject follows ("As you collect on Sundays, …"), or
      // a clause with its verb before the comma ("As day tickets are valid until midnight, …"):
      // elsewhere it compares, times or introduces ("as well", "as soon as", "As a student, …").
      String.raw`\b(?:(?<!\b(?:have|has|had|ever)\s+|'ve\s+|'s\s+)since(?!\s+(?:when|then|yesterday|last|this|that\s+(?:day|time)|early|late|the\s+(?:day|start|beginning)|\d+|${TIME_WORD})\b)|given(?:\s+that)?|because|considering(?:\s+that)?|seeing\s+(?:as|that)(?:\s+how)?|now\s+that|(?<=^\s*|[.!?]\s+)as(?=\s+(?:(?:you|your|the|we|it|they|there)\b|(?!(?:soon|far|long|well|much|many|of|per|if|though|for|to|a|an|I)\b)[^,.!?]{1,60}?\b(?:is|are|was|were|do|does|can|will|has|have)\b[^,.!?]{0,80},)))\s+`,
      "gi",
    ),
  },
];

/** Tag questions that turn the preceding declarative into a request for confirmation; a positive
 *  one ("…doesn't charge for that, does it?") only after a comma. */
const TAG_SUFFIX =
  /(?:(?:,\s*|\s+)(?:right|correct|yes|true|yeah|yep|ok(?:ay)?|isn'?t\s+(?:it|that\s+(?:right|correct|so|true))|aren'?t\s+(?:they|there|you|we)|don'?t\s+(?:they|you|I|we)|doesn'?t\s+(?:it|he|she|that)|didn'?t\s+(?:you|they|it|I)|won'?t\s+(?:it|they|you|I)|can'?t\s+I|is\s+that\s+(?:right|correct|true)|am\s+I\s+(?:right|correct|wrong)|yes\s+or\s+no|true\s+or\s+false)|,\s*(?:does|do|is|are|did|will|can|has|have)\s+(?:it|they|he|she|that|there|you|I|we))\s?\?{1,5}\s?$/i;
type Suffix = { kind: PremiseKind; re: RegExp; guarded?: Guard };

// Endings that make the clause before them a claim: a tag question, a source named after the
// fact ("…, your newsletter said so"), or a conclusion drawn from it ("…, so I'll get my fee back").
const SUFFIXES: Suffix[] = [
  { kind: "confirmation", re: TAG_SUFFIX, guarded: "clause" },
  {
    kind: "attributed",
    re: new RegExp(
      String.raw`(?:,\s?|\s[—–-]\s|\s)(?:(?:that'?s\s+what\s+)?(?:your|the|that)\s+(?:[\w'&-]+\s+){0,2}?(?:${SOURCE}|${STAFF})\s+(?:${SOURCE_SAYS}|told\s+me)(?:\s+so)?|(?:it|that)\s+says\s+so\s+(?:on|in)\s+(?:your|the)\s+[\w\s'&-]{1,30})\W{0,5}$`,
      "i",
    ),
  },
  // A conclusion drawn from it: a comma and "so" before anything, or "so" / "which means" before a subject.
  {
    kind: "asserted",
    re: /(?:,\s?so\s|,?\s(?:so|which\s+means)\s(?=(?:I|I'm|I'll|I'd|my|please|you|it|it's|that|just|this|there)\b)).*$/i,
    guarded: "policy",
  },
];

/** A sentence that is nothing but a tag or a demand to confirm, aimed at the sentence before. */
const BARE_TAG =
  /^(?:right|correct|true|yes\s+or\s+no|true\s+or\s+false|is\s+that\s+(?:right|correct|true)|am\s+I\s+right|isn'?t\s+(?:it|that\s+right)|(?:(?:can|could)\s+you\s+|please\s+|just\s+)?confirm(?:\s+(?:that|this|it))?(?:\s+(?:please|for\s+me))?)\W*$/i;

/** Where a claim ends: the main clause, a second thought, or a tag question. */
const CLAIM_END =
  /,\s*(?=(?:so|but|then|yet|therefore|thus|which|meaning|and\s+(?:so|now|yet|I|i)|I|I'm|I'd|I'll|I've|we|my|please|can|could|would|will|why|how|what|where|when|who|right|correct|yes|no|true|isn'?t|aren'?t|don'?t|doesn'?t|didn'?t|wasn'?t|is\s+that|am\s+I|ok|okay|now|though|however|because|since|if|unless|or|is\s+it|(?:are|did|do|have|can|could|would|will)\s+you|send|give|refund|fix|let|tell|help|process|make|issue|cancel|email|call|get|just|go|honou?r|waive|explain|swap|switch|change|update|modify|move|upgrade|add|remove|apply|put|hold|ship|you|you're|you've|you'll|it|it's|that's|there's|this|everyone|everybody|others?|most|all)\b)|\s*[;:]\s|\s+[—–-]+\s+|\s+so\s+(?=(?:I|I'm|I'll|I'd|we|please|can|could|you|it|my|that|this|just)\b)|\s+(?:but|because|yet|although|though|unless)\s+|(?<!\b(?:have|has|had)|'ve|'s)\s+since\s+|\s+and\s+(?:I|I'm|I'd|I'll|I've|now|so|yet|it's\s+been|that's)\b|\s+or\s+(?:I|I'm|I'll|else|we)\b|\s+when\s+(?:I|we|my)\b|\s+like\s+(?:it|they)\s+used\s+to\b|\s+(?:right|correct)\s*\?|[.!?]{1,10}\s?$|\?/i;

/** Leading words of a pushback sentence that are not part of the counter-claim. */
const PUSHBACK_LEAD =
  /^(?:(?:no|nope|nah|wrong|incorrect|actually|well|but|listen|look|sorry|excuse\s+me|hmm+|uh+|that'?s\s+(?:wrong|incorrect|not\s+(?:right|true|correct))|that\s+is\s+(?:wrong|incorrect|not\s+(?:right|true|correct))|you'?re\s+(?:wrong|mistaken)|you\s+are\s+(?:wrong|mistaken)|I\s+don'?t\s+(?:believe|think)\s+(?:you|so|that'?s\s+right)|are\s+you\s+sure|no\s+way|come\s+on|that\s+can'?t\s+be\s+right|you'?re\s+out\s+of\s+date|you'?re\s+making\s+(?:that|this|it|stuff|things)\s+up|seriously)[\s,.!:;—–-]+)+/i;
const LEAD_FILLER =
  /^\s*(?:(?:wait|so|ok(?:ay)?|well|and|also|hmm+|oh|hi|hello|hey|just\s+to\s+(?:be\s+clear|confirm|check)|to\s+be\s+clear|just\s+checking)[\s,.!:;—–-]+)+/i;
// "right"/"correct" only as a comma-led tag: "the price shown is correct" keeps its last word.
const TRAILING_NOISE =
  /(?:,?\s?(?:check\s+again|look\s+again|double[-\s]check(?:\s+it)?|please|though|anyway)|,\s?(?:right|correct|then))+\W{0,10}$/i;

const QUESTION_OR_COMMAND_START =
  /^(?:how|what|when|where|why|who|which|whose|is|are|was|were|do|does|did|can|could|would|will|should|shall|may|might|am|have|has|had|check(?![- ]?(?:in|out)\b)|look|please|let|tell|give|send|show|just|go|read|see|confirm|verify|want|wanna|need|ask|admit|apply|book|swap|waive|if)\b/i;

/**
 * A finite verb, so "the exchange window" is not taken for a claim but "the window is 90 days" is.
 * Words that are also nouns (return, refund, ship) only count in past-tense form or after a subject.
 */
const CLAUSE_VERB =
  /\b(?:is|are|was|were|be|been|will|would|can|could|should|shall|must|may|might|have|has|had|do|does|did|never|always|no\s+longer)\b|\b[a-z]+n['’]t\b|\w'(?:s|re|d|ll|ve)\b|\b(?:allow|include|expire|accept|apply|applie|qualif|give|gave|get|got|come|came|waive|pay|paid|extend|guarantee|require|let|mean|arriv|promis|go|goes|went|say|said|state)\w*\b|\b(?:offers|offered|covers|covered|charges|earns|requires|provides|comes|takes|took|lasts|lasted|honou?rs|honou?red|needs|needed|costs|counts|counted|works|worked|shipped|returned|refunded|charged|processed|matched|exchanged|delivered|cancell?ed|matches)\b|\b(?:take|taken)\b|\b\w+s\s+(?:last|take|expire|cost|work|stack|ship|apply|count|run|go|stay)\b|\b(?:you|they|we|I|customers|members|people)\s+(?:also\s+|still\s+|only\s+|always\s+|never\s+|don'?t\s+|do\s+)?[a-z]{3,}\b/i;

/** A clause: a verb the list above knows, or one the part-of-speech tagger finds ("cost", "carries"). */
const isClause = (text: string) => CLAUSE_VERB.test(text) || hasVerb(text);

/** Durations and amounts, spelled or in digits: "90 days", "one full year", "two weeks". */
const QUANTITY = String.raw`\b(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fourteen|fifteen|twenty|thirty|forty|forty-five|sixty|ninety|a\s+full|one\s+full)\s*(?:-|to)?\s*(?:full\s+|business\s+|working\s+|calendar\s+)?(?:days?|weeks?|months?|years?|hours?|minutes?)\b|\$\s?\d|\d+(?:\.\d+)?\s?%`;
const QUANTITY_RE = new RegExp(QUANTITY, "i");

/** Words that make a clause about any company's policy: what is allowed, charged, covered or
 *  promised, and figures. What a clause is about beyond them (a plan, a card, a data pass) is
 *  judged against the knowledge base's own vocabulary (`needsTopic`), not a list written here. */
const POLICY_CUE = new RegExp(
  String.raw`\b(?:refunds?|refundable|return(?:s|ed|able)?|exchanges?|polic(?:y|ies)|warrant(?:y|ies)|guarantee[sd]?|free|fees?|charge[sd]?|eligible|eligibility|entitled|expire[sd]?|expir(?:y|ation)|cancel(?:led|lation)?|allow(?:s|ed)?|offer(?:s|ed)?|covers?|covered|include[sd]?|accept(?:s|ed)?|honou?r(?:s|ed)?|waive[sd]?|compensat\w*|reimburs\w*|unlimited|lifetime|always|never|any\s*time|forever|instant(?:ly)?|immediate(?:ly)?|as\s+(?:many\s+times|often)\s+as|any\s+number\s+of\s+times|more\s+than\s+once|multiple\s+times)\b|\$\s?\d|\d+(?:\.\d+)?\s?%|\bpercent\b|\b\d+\b|${QUANTITY}`,
  "i",
);

// Claims about oneself ("I ordered it last week") are not policy unless they state an entitlement.
const FIRST_PERSON_START = /^(?:I|I'm|I've|I'd|I'll|my|me|we|we're|our)\b/i;
const OWN_PLAN = /^(?:I|we)(?:'ll|\s+will|'m\s+going\s+to|\s+am\s+going\s+to|'re\s+going\s+to|\s+are\s+going\s+to)\b/i;
const ENTITLEMENT =
  /\b(?:can|could|get|gets|would\s+get|will\s+get|should\s+get|entitled|eligible|qualify|qualified|allowed|deserve|have\s+(?:\d+|until)|had\s+\d+|be\s+refunded|receive|owed|'ve\s+got|have\s+got|got\s+(?:a|an|\d+))\b|\b\w+'(?:d|ll)\s+get\b/i;
// What the customer must or need not do, with a figure, is a rule too ("I only have to give two
// weeks' notice"); without one it is their errand ("I'll need to fetch the forms").
const OBLIGATION = /\b(?:only\s+|don'?t\s+|do\s+not\s+)?(?:have|need)\s+to\b/i;
const DEMAND_START = /^you\s+(?:should|need\s+to|have\s+to|must|ought\s+to|better)\b/i;
// Elapsed time ("it's been 40 days") is the customer's situation, not a claim about policy.
// Nor is an anecdote about the past ("it was cheaper last spring").
const ELAPSED_TIME_START = /^it(?:'s|\s+has)\s+been\b|^(?:it|that|this)\s+(?:was|were|used\s+to)\b/i;

const SENTENCE_SPLIT = /(?<=[.!?])(?<!\b[A-Z]\.|\b(?:e\.g|i\.e|etc|vs|approx|Mr|Mrs|Ms|Dr|St|No)\.)\s+|\s*\n+\s*/;

// ---- Extraction -------------------------------------------------------------------------------

export type PremiseOptions = {
  /** Read plain policy statements as claims too: true when the customer pushes back or seeks confirmation. */
  includeDeclaratives?: boolean;
};

export function extractPremises(message: string, options: PremiseOptions = {}): Premise[] {
  const sentences = withVerdictTags(
    collapseWhitespace(message)
      .split(SENTENCE_SPLIT)
      .filter((s) => s.trim().length > 0),
  );
  const premises: Premise[] = [];
  sentences.forEach((sentence, i) => {
    const found = findMarkedClaims(sentence);
    if (found.length === 0 && options.includeDeclaratives) {
      const read = readDeclarativeClaim(sentence);
      const next = sentences[i + 1];
      if (read) found.push({ ...read, kind: next && BARE_TAG.test(next.trim()) ? "confirmation" : "asserted" });
    } else {
      // A figure stated as fact before what is asked ("The Student Card has a $25 annual fee, is
      // there any way to get it waived?", "The card charges 3% abroad, so I should…, right?") is a
      // premise too, when it speaks of what the KB speaks of.
      const read = readFigureClaim(sentence);
      if (read && !found.some((f) => f.claim.includes(read) || read.includes(f.claim)))
        found.push({ claim: read, kind: "asserted", needsTopic: true });
    }
    premises.push(...found);
  });
  const seen = new Set<string>();
  return premises.filter((p) => {
    // What other companies do ("every other shop I've tried gives it away") is no claim about
    // this one's policy: it presses on the answer, it states nothing to check.
    if (OTHERS_SUBJECT.test(p.claim)) return false;
    const key = p.claim.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** A claim whose subject is other companies: "every other shop…", "other bakers don't…", "most
 *  places…" (not "other fees are…", which are this company's). */
const OTHERS_SUBJECT =
  /^\W*(?:(?:every|all|most|any)\s+other\s+[\w-]+|other\s+[\w-]+s\s+(?:I'?ve|we'?ve|I\s+have|don'?t|do\s+not|never|always|let|give|charge)|(?:most|lots\s+of|plenty\s+of)\s+(?:places|companies|shops|stores|businesses))\b/i;

/** "That's okay, yes?", "This is OK?": a one-word verdict on what the customer just said they will
 *  do, asked to be confirmed; the plan is what is asked about, the verdict no claim of policy. */
const PLAN_VERDICT = /^(?:that|this)(?:'s|’s|\s+is|\s+(?:would|will|should)\s+be)\s+[a-z]+$/i;

/** "X, so I'll do Y. That's right isn't it?" asks to confirm the sentence before the verdict, as
 *  "X, so I'll do Y, right?" does: the verdict's tag moves onto it. */
function withVerdictTags(sentences: string[]): string[] {
  const out: string[] = [];
  for (const sentence of sentences) {
    const tag = TAG_SUFFIX.exec(sentence);
    const previous = out[out.length - 1];
    if (tag && previous && PLAN_VERDICT.test(cleanClaim(sentence.slice(0, tag.index)) ?? "") && !/\?\s*$/.test(previous))
      out[out.length - 1] = `${previous.replace(/[.!]+\s*$/, "")}${tag[0]}`;
    else out.push(sentence);
  }
  return out;
}

function findMarkedClaims(sentence: string): Premise[] {
  const taken: Array<[number, number]> = [];
  const out: Premise[] = [];
  const overlaps = (s: number, e: number) => taken.some(([ts, te]) => s < te && ts < e);
  const accept = (start: number, end: number, raw: string, kind: PremiseKind, guard?: Guard) => {
    if (overlaps(start, end)) return;
    const claim = cleanClaim(raw);
    // A reason given before a comma ("Since children under 5 ride free, …") is a clause by its
    // place in the sentence, whether or not the tagger finds its verb.
    const reason = kind === "presupposed" && /^\s*,/.test(sentence.slice(end));
    const passes = claim ? passesGuard(claim, guard, reason) : false;
    if (!claim || !passes) return;
    taken.push([start, end]);
    out.push(passes === "topic" ? { claim, kind, needsTopic: true } : { claim, kind });
  };
  for (const marker of MARKERS) {
    for (const m of allMatches(marker.re, sentence)) {
      if (marker.speaker && !isSpeaker(m.groups?.who)) continue;
      const start = m.index + m[0].length;
      const rest = sentence.slice(start);
      const cut = rest.search(CLAIM_END);
      const raw = cut === -1 ? rest : rest.slice(0, cut);
      accept(m.index, start + raw.length, raw, marker.kind, marker.guarded);
    }
  }
  for (const suffix of SUFFIXES) {
    const m = suffix.re.exec(sentence);
    if (!m) continue;
    // The suffix speaks to the clause right before it, not to the whole sentence.
    let body = sentence.slice(0, m.index);
    // "…kicks in right away, so I'm good now, right?": what the customer is fine about depends on
    // the clause before it, and that clause is what they ask to confirm.
    const last = body.slice(lastClauseStart(body)).replace(PUSHBACK_LEAD, "");
    if (lastClauseStart(body) > 0 && FIRST_PERSON_START.test(last.trim()) && !ENTITLEMENT.test(last))
      body = body.slice(0, lastClauseStart(body)).replace(/(?:,\s*(?:so|and|but|because|since)?|[;—–-])\s*$/, "");
    const clauseStart = lastClauseStart(body) + (body.slice(lastClauseStart(body)).match(REASON_LEAD)?.[0].length ?? 0);
    const said = cleanClaim(body.slice(clauseStart)) ?? "";
    // A verdict on the plan, or the plan itself ("I'll pay in October"): what the customer will do is
    // no claim of policy unless it says what they will get.
    if (PLAN_VERDICT.test(said) || (OWN_PLAN.test(said) && !ENTITLEMENT.test(said))) continue;
    accept(
      clauseStart,
      clauseStart + body.slice(clauseStart).length,
      body.slice(clauseStart).replace(PUSHBACK_LEAD, ""),
      suffix.kind,
      suffix.guarded,
    );
  }
  // "I read that X, right?": whatever the claim is attributed to, a tag
  // question at the end asks Keel to confirm it.
  return TAG_SUFFIX.test(sentence) ? out.map((p) => ({ ...p, kind: "confirmation" as const })) : out;
}

/** A reason given before the main clause ("Since we share an address, you can…, right?") is the
 *  customer's situation; the main clause is what they ask to confirm. A condition ("If…, ") stays. */
const REASON_LEAD = /^\s*(?:since|because|as|given\s+that|now\s+that|seeing\s+(?:as|that))\s[^,]{1,80},\s*/i;

const CLAUSE_BREAK = /\s[—–-]+\s|;\s|,\s(?:so|but|and|because|since)\s|\sbut\s|\.\s/g;

function lastClauseStart(text: string): number {
  let start = 0;
  for (const m of allMatches(CLAUSE_BREAK, text)) start = m.index + m[0].length;
  return start;
}

// A sentence opening with a subordinate clause ("Since March I've been waiting") is not a bare claim.
const SUBORDINATE_START = /^(?:since|because|when|whenever|if|as|after|before|while|although|though|once|until|unless)\b/i;

function readDeclarativeClaim(sentence: string): { claim: string; needsTopic?: boolean } | undefined {
  const trimmed = sentence.trim();
  if (trimmed.endsWith("?") || SUBORDINATE_START.test(trimmed)) return undefined;
  const body = trimmed.replace(PUSHBACK_LEAD, "").replace(TRAILING_NOISE, "");
  const cut = body.search(CLAIM_END);
  const claim = cleanClaim(cut === -1 ? body : body.slice(0, cut));
  const passes = claim ? passesGuard(claim, "policy") : false;
  if (!claim || !passes) return undefined;
  return passes === "topic" ? { claim, needsTopic: true } : { claim };
}

/** The opening clause of a sentence when it states a figure as fact about something other than
 *  the customer ("Overnight delivery only costs $12, so…"). */
function readFigureClaim(sentence: string): string | undefined {
  const body = sentence.trim().replace(PUSHBACK_LEAD, "").replace(LEAD_FILLER, "");
  if (SUBORDINATE_START.test(body)) return undefined;
  const cut = body.search(CLAIM_END);
  const claim = cleanClaim(cut === -1 ? body : body.slice(0, cut));
  if (
    !claim ||
    !QUANTITY_RE.test(claim) ||
    FIRST_PERSON_START.test(claim) ||
    ELAPSED_TIME_START.test(claim) ||
    DEMAND_START.test(claim) ||
    isSubjectlessNarration(claim)
  )
    return undefined;
  return isClause(claim) ? claim : undefined;
}

/** "got a kettle 12 days ago…", "bought two lamps…": a past-tense verb opening the clause, with its
 *  object right after it, is the customer telling what they did with "I" left out. ("Returned items
 *  are refunded…" opens with a participle before a noun: a claim.) */
const OBJECT_START = /^(?:a|an|the|my|this|that|these|those|it|them|one|two|three|some|\d+)\b/i;
function isSubjectlessNarration(claim: string): boolean {
  const [first, second] = claim.trim().split(/\s+/);
  return Boolean(first && second && ((isPastTense(first.toLowerCase()) && OBJECT_START.test(second)) || isPlanWithoutSubject(claim)));
}

/** "heading off to see family for 3 weeks": a clause opening with an -ing verb and holding no
 *  finite verb after it is the customer's plan with "I'm" left out. A gerund that is the subject of
 *  a verb ("Freezing costs $10 a month", "Cancelling early is free") is not. */
function isPlanWithoutSubject(claim: string): boolean {
  const words = tagged(claim);
  if (words[0]?.pos !== "VERB" || !/ing$/i.test(words[0].word)) return false;
  // A finite verb: an auxiliary, or a verb in -s or -ed ("costs", "gives"); the tagger's other
  // verbs in such a clause are as often nouns ("home") or infinitives ("to see").
  return !words.slice(1).some((w) => w.pos === "AUX" || (w.pos === "VERB" && /(?:s|ed)$/i.test(w.word)));
}

// Where and when the customer saw it is context, not part of the claim.
const TRAILING_CONTEXT = new RegExp(
  String.raw`(?:\s(?:on|in|from)\s(?:your|the)\s(?:own\s)?(?:website|site|faq|app|ad|email|receipt|instagram|facebook|twitter|page)|\s(?:last\s(?:week|month|year|time|night)|yesterday|earlier|before|on\sthe\sphone))+$`,
  "i",
);

// "That's not what [your website says]" leaves a fragment, not a claim.
const DANGLING_END = /\b(?:what|that|which|how|why|where|when|who|the|a|an|to|of|is|are|was|and|or|but)$/i;

function cleanClaim(raw: string): string | undefined {
  const claim = raw
    .replace(/\s+/g, " ")
    .replace(LEAD_FILLER, "")
    .replace(/^[\s"'“‘(]+|[\s"'”’)]+$/g, "")
    .replace(/^(?:that|obviously|clearly|apparently|supposedly|basically)(?:,?\s+)/i, "")
    .replace(TRAILING_NOISE, "")
    .replace(/[\s.,!?;:…"'”’]+$/, "")
    .replace(TRAILING_CONTEXT, "")
    .trim();
  // One word is too little to check, unless it is an amount: "$35", "10%".
  if ((claim.split(" ").length < 2 && !QUANTITY_RE.test(claim)) || QUESTION_OR_COMMAND_START.test(claim) || DANGLING_END.test(claim))
    return undefined;
  return claim;
}

/** Whether a claim passes its guard: yes, no, or "topic" — a clause about policy in form, whose
 *  subject only the knowledge base can recognise. */
function passesGuard(claim: string, guard: Guard | undefined, reason = false): boolean | "topic" {
  if (!guard) return true;
  if (guard === "claim") return isClause(claim) || QUANTITY_RE.test(claim);
  if (!isClause(claim) && !(reason && POLICY_CUE.test(claim))) return false;
  if (guard === "clause") return true;
  if (DEMAND_START.test(claim) || ELAPSED_TIME_START.test(claim)) return false;
  if (FIRST_PERSON_START.test(claim) && !ENTITLEMENT.test(claim) && !(OBLIGATION.test(claim) && QUANTITY_RE.test(claim))) return false;
  if (POLICY_CUE.test(claim)) return true;
  // Without a policy word, a clause about one particular thing ("the item is broken", "that's not
  // what you said") is the customer's situation; one about a kind of thing or about the company
  // ("Hotspot Boost doesn't slow your phone", "you take Apple Pay") may be a claim about policy.
  return SPECIFIC_SUBJECT.test(claim) || THE_THING.test(claim) ? false : "topic";
}
// "The Harvest Saver pays…" names a product: a capitalised word after "the" is a name, not one thing of the customer's.
const SPECIFIC_SUBJECT = /^(?:my|this|that|that's|it|it's|its|these|those|our|his|her|their|mine)\b/i;
/** "the item", but not "the Harvest Saver" (no case-insensitive flag: it would fold \p{Lu}). */
const THE_THING = /^[Tt]he\s+(?!\p{Lu})/u;

/**
 * One space or one line break per run of whitespace. Besides tidying claims, this keeps every
 * `\s+` in the lexicons from backtracking over a long run, which would make a padded message
 * quadratic.
 */
export function collapseWhitespace(text: string): string {
  return text.replace(/\s+/g, (run) => (run.includes("\n") ? "\n" : " "));
}

// matchAll clones its regex on every call, which costs more than the matching itself on
// chat-sized text; the module's regexes are global and used synchronously, so exec is safe.
function allMatches(re: RegExp, text: string): RegExpExecArray[] {
  const out: RegExpExecArray[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    out.push(m);
    if (m[0].length === 0) re.lastIndex++;
  }
  return out;
}
