// Reads the non-topical signals in a customer message (wants a human, mood, pressure, pushback,
// sensitive situations, claims to verify, injection) with lexicons only: cheap enough for every turn.
import { z } from "zod";
import { detectInjection } from "../guard/injection.ts";
import { collapseWhitespace, extractPremises, premiseSchema } from "./premises.ts";
import { speaksOfHarm } from "./harm.ts";
import { contentStems } from "../../kb/text/terms.ts";
import { memoByObject } from "../../kb/text/memo.ts";

export const sentimentSchema = z.enum(["positive", "neutral", "negative", "angry"]);
export const pressureKindSchema = z.enum(["threat", "review", "status", "legal", "chargeback", "urgency", "social_media"]);
export const sensitiveKindSchema = z.enum(["bereavement", "legal", "safety", "account_compromise", "medical", "self_harm"]);

export const signalsSchema = z.object({
  humanRequested: z.boolean(),
  sentiment: sentimentSchema,
  pressure: z.array(pressureKindSchema),
  confirmationSeeking: z.boolean(),
  pushback: z.boolean(),
  sensitive: z.array(sensitiveKindSchema),
  /** What a sensitive kind that may name a service matched ("surgery" for medical): retrieve weighs it against the KB's titles. */
  sensitiveWords: z.array(z.object({ kind: sensitiveKindSchema, text: z.string() })).optional(),
  premises: z.array(premiseSchema),
  injection: z.boolean(),
});

export type Signals = z.infer<typeof signalsSchema>;
export type Sentiment = z.infer<typeof sentimentSchema>;
export type PressureKind = z.infer<typeof pressureKindSchema>;
export type SensitiveKind = z.infer<typeof sensitiveKindSchema>;
/** `injection`: what guard already found in this message; read again only when not given. */
export type SignalContext = { previousAnswerGiven?: boolean; injection?: boolean };

// ---- Lexicons -------------------------------------------------------------------------------

const HUMAN_TARGET = String.raw`(?:(?:a|an|the|some|your|one\s+of\s+your)\s+)?(?:(?:real|actual|live|human|proper|actual\s+live)\s+)?(?:human(?:\s+being)?|person|agent|representative|rep|manager|supervisor|operator|someone|somebody|employee|staff(?:\s+member)?|team\s+member|customer\s+service)`;

// "I need someone to fix this" wants help, not a person; only named roles count after want/need.
const STAFF_ROLE = String.raw`(?:(?:a|an|the|your)\s+)?(?:(?:real|actual|live|human)\s+)?(?:human(?:\s+being)?|person|agent|representative|rep|manager|supervisor|operator)`;

const HUMAN_REQUEST: RegExp[] = [
  new RegExp(String.raw`\b(?:talk|speak|chat)\s+(?:to|with)\s+${HUMAN_TARGET}\b`, "i"),
  /\btransfer\s+me\b|\bconnect\s+me\s+(?:to|with)\b|\bput\s+me\s+(?:through|in\s+touch)\b|\bescalate\s+(?:this|me|my\s+\w+|it)\b/i,
  new RegExp(
    String.raw`\b(?:get|give|find)\s+me\s+${STAFF_ROLE}\b|\b(?:want|need|request|demand)\s+${STAFF_ROLE}\b|\bcan\s+I\s+(?:have|get)\s+${STAFF_ROLE}\b`,
    "i",
  ),
  /(?<!\bI(?:'m|\s+am)\s+a\s+)\b(?:real|live|actual)\s+(?:person|human|agent|people)\b|\bhuman\s+being\b|\blive\s+(?:chat|support)\b/i,
  /^\W*(?:human|agent|representative|operator|manager|person)(?:\s+please)?\W*$/i,
  /\b(?:human|operator|representative),?\s+please\b|\bis\s+there\s+(?:a|an|any)\s+(?:human|person|real\s+person|supervisor|manager|agent|representative)\b/i,
  new RegExp(String.raw`${HUMAN_TARGET}\s+(?:\w+\s+){0,2}?I\s+(?:can|could|may)\s+(?:talk|speak|chat)\s+(?:to|with)\b`, "i"),
  // "Find me somebody who knows": another person than Keel, though not named by role.
  /\b(?:get|find|give|send)\s+me\s+(?:someone|somebody)\s+(?:else|who|that)\b/i,
];
// "I don't want to talk to a human" declines; checked just before a match.
const NEGATED_REQUEST = /\b(?:don'?t|do\s+not|doesn'?t|no\s+need\s+to|never|without|not)\b[^.?!]{0,20}$/i;
// A human named in a question about the service, not a request for one.
const HUMAN_QUESTION = /^\s*(?:what|how|why|who|when|where)\s+(?:does|do|is|are|would|can)\b(?![^.?!]*\b(?:talk|speak|reach|get)\b)/i;

// "Not pleased" is not a compliment.
const NOT = String.raw`(?<!\b(?:not|never|hardly|\w+n't|no\s+longer)\s+(?:\w+\s+)?)`;

const SENTIMENT_WORDS: Record<"positive" | "negative" | "angry", RegExp[]> = {
  angry: [
    /\b(?:furious|outraged|livid|pissed|fuming|infuriat\w*|enraged|ridiculous|unacceptable|absurd|pathetic|disgusting|disgraceful|outrageous|scam(?:mers?)?|rip[-\s]?off|ripped\s+off|worst|incompetent|useless|clowns?|joke|insult(?:ing)?|fed\s+up|sick\s+(?:and\s+tired\s+)?of|had\s+enough|wtf|damn|hell|crap|bs|bullshit|f+u+c+k\w*|shit\w*|screw\s+you|thieves|liars?|lying)\b/gi,
    /!{3,}/g,
  ],
  negative: [
    /\b(?:disappoint\w*|unhappy|not\s+(?:\w+\s+)?(?:happy|pleased|satisfied|impressed|thrilled|great|amused)|irritat\w*|confusing|ugh+|dissatisfied|frustrat\w*|annoy\w*|upset|terrible|awful|horrible|bad|poor|broken|damaged|defective|never\s+(?:arrived|came|received)|still\s+(?:waiting|haven'?t|hasn'?t)|wrong|complain\w*|sad|worried|concerned|stressed|heartbroken|devastated|grieving|unfair|delayed|missing|lost|angry|mad|hate)\b/gi,
  ],
  positive: [
    new RegExp(
      String.raw`${NOT}\b(?:great|awesome|lov(?:e|es|ed|ing)|appreciate\w*|perfect|excellent|wonderful|happy|pleased|helpful|amazing|fantastic|brilliant|glad|delighted|thrilled|thank\s+you\s+so\s+much|thanks\s+(?:so\s+much|a\s+lot|a\s+ton)|many\s+thanks)\b`,
      "gi",
    ),
  ],
};
// Politeness alone is not a positive mood; it only tips an otherwise neutral message.
const POLITE = /\b(?:thanks|thank\s+you|cheers)\b/i;

/** The customer announcing what they will do: "I'll", "I'm gonna", "I'm filing". */
const I_WILL = String.raw`\b(?:I'?ll|I\s+will|I'?m\s+going\s+to|I'?m\s+gonna|I'?m\s+\w+ing)\b`;

const PRESSURE: Record<PressureKind, RegExp[]> = {
  threat: [
    /\bor\s+else\b|\byou(?:'ll|\s+will)\s+regret\b|\b(?:take|taking)\s+my\s+business\s+elsewhere\b|\b(?:go|going|switch|switching)\s+to\s+(?:a|your|another)\s+competitor\b|\b(?:shop|go)\s+elsewhere\b|\bnever\s+(?:shop|order|buy)\w*\s+(?:here|from\s+you|with\s+you)\s+again\b|\breport(?:ing)?\s+you\b/i,
    /\b(?:BBB|better\s+business\s+bureau|FTC|FCC|CFPB|Ofcom|Ofgem|trading\s+standards|consumer\s+(?:protection|affairs)|ombudsman|regulator)\b/i,
    // Conditionals are the threat; "I'll cancel my subscription" on its own is a request.
    new RegExp(
      String.raw`\b(?:if\s+(?:you|this|it)\s+(?:don'?t|do\s+not|doesn'?t|won'?t|isn'?t|refuse|can'?t)|unless\s+(?:you|this|it))\b[^.?!]*${I_WILL}`,
      "i",
    ),
    new RegExp(
      String.raw`${I_WILL}[^.?!]*\b(?:if\s+(?:you|this|it)\s+(?:don'?t|do\s+not|doesn'?t|won'?t|isn'?t|refuse|can'?t)|unless\s+(?:you|this|it))\b`,
      "i",
    ),
    new RegExp(String.raw`\bor\s+${I_WILL}`, "i"),
  ],
  review: [
    /\b(?:1|one|zero|0)[-\s]?star\b|\b(?:bad|negative|terrible|scathing|horrible|awful)\s+reviews?\b|\b(?:trustpilot|yelp|google\s+reviews?|review\s+sites?)\b|\breview\s+everywhere\b/i,
  ],
  status: [
    /\bI'?ve\s+been\s+(?:a|an|your)\s+(?:\w+\s+){0,2}?(?:member|customer|client|shopper)\s+(?:for|since)\b|\b(?:loyal|long[-\s]?time|longstanding|valued|best|regular|repeat)\s+(?:customer|client|member|shopper)\b/i,
    // Spending as leverage ("I've spent $12,000 with you"), not as an eligibility fact ("I spent $1,300").
    /\bI(?:\s+|'ve\s+|\s+have\s+)(?:spend|spent)\s+(?:over\s+|more\s+than\s+)?(?:thousands|hundreds|a\s+fortune|a\s+lot|\$[\d,.]+k?\s+(?:with\s+you|here|at\s+\w+|on\s+your))|\bdo\s+you\s+know\s+who\s+I\s+am\b|\bI'?ve\s+(?:been\s+)?(?:shopp|order|buy)\w*\s+(?:here|from\s+you|with\s+you)\s+for\s+(?:\d+|years|decades)\b/i,
  ],
  legal: [
    /\b(?:sue|suing|lawsuit|lawyer|attorney|legal\s+action|small\s+claims|take\s+you\s+to\s+court|see\s+you\s+in\s+court|solicitor|litigation)\b/i,
  ],
  chargeback: [
    /\bcharge\s?backs?\b|\bdisput(?:e|ing)\s+(?:the|this|that|my)\s+(?:\w+\s+)?(?:charge|payment|transaction)\b|\bdisput(?:e|ing)\s+(?:it|this|the\s+\w+)\s+(?:with|through)\s+my\s+(?:bank|card|credit\s+card)|\b(?:call|contact|tell)\s+my\s+(?:bank|credit\s+card\s+company|card\s+issuer)\b|\breverse\s+the\s+(?:charge|payment)\b|\bfil(?:e|ed|ing)\s+a\s+dispute\b|\bdispute\s+with\s+my\s+(?:bank|card|credit\s+card)/i,
  ],
  urgency: [
    /\bNOW\b/,
    /\b(?:asap|urgent(?:ly)?(?!\s+care)|as\s+soon\s+as\s+possible|this\s+instant|right\s+this\s+(?:minute|second)|without\s+(?:further\s+)?delay)\b/i,
    /\b(?:I|we)\s+(?:need|want|demand|expect|must\s+have)\b[^.?!]{0,40}\b(?:now|today|immediately|tonight|by\s+tomorrow|right\s+away)\b/i,
    // "Does it ship immediately?" asks about the policy; "refund me immediately" demands.
    /\b(?:refund|fix|send|process|cancel|resolve|sort|do|handle|replace)\b[^.?!]{0,30}\b(?:immediately|right\s+away|right\s+now)\b(?![^.!]*\?)/i,
  ],
  social_media: [
    /\b(?:I'?ll|I\s+will|I'?m\s+(?:going\s+to|gonna)|gonna|going\s+to|I\s+(?:might|may|could|would|can)|I'?d|I'?ve|I\s+have|will)\s+(?:\w+\s+){0,2}?(?:post|tweet|share|blast|put|expose|write|tell)\w*\b[^.?!]{0,50}\b(?:twitter|facebook|instagram|tiktok|reddit|youtube|linkedin|social\s+media|on\s+X|my\s+followers)\b/i,
    /\bgo(?:es|ing)?\s+viral\b|\bmy\s+(?:\d+k?\s+)?followers\b|\b\d+k?\s+followers\b|\btweet\s+about\b|\bpost(?:ing)?\s+about\s+(?:you|this|it|(?:your\s+)?[\w&'-]+)\s+(?:everywhere|online)\b|\bI'?m\s+(?:a|an)\s+(?:\w+\s+)?(?:influencer|journalist|reporter|blogger|youtuber|reviewer)\b|\b(?:I'?ll|I\s+will|I\s+can|I\s+could|I'?m\s+(?:going\s+to|gonna))\s+write\s+(?:\w+\s+){0,2}?about\s+(?:this|it|you|your\s+\w+)\b/i,
  ],
};

// A customer threatening a review or a lawsuit is not in a neutral mood, whatever words they
// choose; a chargeback already filed is often reported calmly, so it is left out.
export const ADVERSARIAL_PRESSURE: readonly PressureKind[] = ["threat", "review", "legal", "social_media"];

// "Is my address correct?" asks about data; a comma-led tag asks for agreement.
const CONFIRMATION: RegExp[] = [
  /,\s*(?:right|correct|true|yes|no|yeah)\s*\?|(?:,\s*|\s)(?:isn'?t\s+it|aren'?t\s+they|don'?t\s+they|doesn'?t\s+it|isn'?t\s+that\s+(?:right|so|true))\s*\?/i,
  /\b(?:just|please|can\s+you|could\s+you|would\s+you)\s+(?:confirm|verify)\b(?!\s+(?:whether|if)\b)|\bconfirm\s+(?:that|for\s+me|this|it)\b|\b(?:isn'?t|is)\s+it\s+(?:true|the\s+case|correct)\b|\byes\s+or\s+no\b|\bam\s+I\s+(?:right|correct|wrong)\b|\bis\s+that\s+(?:right|correct|true)\b|\bso\s+you(?:'re|\s+are)\s+saying\b/i,
  /(?:^|[.!?]\s+)(?:right|correct|true|confirm|yes\s+or\s+no|true\s+or\s+false)\W*$/im,
];

const PUSHBACK: RegExp[] = [
  /\bare\s+you\s+(?:sure|certain|positive)\b|\bthat'?s\s+(?:wrong|incorrect|not\s+(?:right|true|correct|what))|\bthat\s+is\s+(?:wrong|incorrect|not\s+(?:right|true|correct|what))\b|\b(?:check|look)\s+(?:again|it\s+again)\b|\bdouble[-\s]check\b/i,
  /^\W*(?:no|nope|nah|wrong)\b[\s,.!-]+(?:it'?s|it|they|the|you|your|that|returns?|refunds?|shipping)\b|\bI\s+don'?t\s+believe\s+(?:you|that|it)\b|\byou'?re\s+(?:mistaken|wrong|lying)\b|\byou\s+are\s+(?:mistaken|wrong|lying)\b|\bthat\s+can'?t\s+be\s+right\b|\bthat'?s\s+not\s+what\b|\bnot\s+what\s+(?:I\s+was\s+told|your|the)\b/i,
  /\b(?:you'?re|you\s+are|that'?s)\s+out\s+of\s+date\b|\bread\s+(?:your|the)\s+(?:own\s+)?polic(?:y|ies)\s+again\b|\bread\s+it\s+again\b|\bmak(?:e|ing)\s+(?:that|this|it|stuff|things|things)\s+up\b|\bno\s+way\b|\bask\s+(?:your|a|the)\s+(?:supervisor|manager|boss)\b|\badmit\s+(?:you'?re|you\s+are)\s+wrong\b|(?:^|[.!?,]\s)(?:I'?m\s+)?(?:pretty|quite|fairly|100%)\s+sure\s+(?:it'?s|it\s+is|that|you|the|they)\b/i,
  /^\W*(?:wrong|incorrect|nope|false|not\s+true)\W*$|\bI\s+don'?t\s+think\s+(?:that'?s|that\s+is|you'?re|you\s+are)\s+(?:right|correct)\b|\bthat'?s\s+(?:a\s+lie|false)\b/i,
  // Others held up against the answer ("every other shop gives it away", "other bakers don't
  // charge"), and the answer's reason demanded ("why should I pay for it?").
  /(?:^|[.!?,]\s+)(?:(?:every|all|most|any)\s+other\s+(?:[\w-]+\s+)?[\w-]+|other\s+(?:[\w-]+\s+)?[\w-]+s)\s+(?:I'?ve\s+\w+\s+)?(?:do|does|don'?t|doesn'?t|let|lets|give|gives|charge|charges|never|always)\b|\bwhy\s+(?:would|should|do|does)\s+(?:you|I)\s+(?:have\s+to\s+)?(?:charge|charging|pay|paying)\b/i,
];

const SENSITIVE: Record<SensitiveKind, RegExp[]> = {
  bereavement: [
    // Only a person or pet "died": a kettle that died at 18 months is a warranty question.
    /\b(?:mom|mum|mother|dad|father|husband|wife|partner|spouse|son|daughter|child|baby|brother|sister|grand\w+|aunt|uncle|cousin|friend|fianc[ée]e?|boyfriend|girlfriend|relative|dog|cat|pet|he|she|who)\s+(?:\w+\s+){0,2}?(?:died|has\s+died|had\s+died)\b|\bpassed\s+(?:away|on)\b|\bfuneral\b|\bbereave\w*\b|\bdeceased\b|\bdeath\s+of\b|\b(?:his|her|my|their)\s+death\b|\blost\s+my\s+(?:mom|mum|mother|dad|father|husband|wife|partner|son|daughter|child|baby|brother|sister|grand\w+|friend)\b|\bmy\s+late\s+(?:mom|mum|mother|dad|father|husband|wife|partner|son|daughter|brother|sister|grand\w+)\b|\bwidow(?:ed|er)?\b/i,
  ],
  legal: [/\b(?:sue|suing|sued|lawsuit|lawyer|attorney|legal\s+action|court|small\s+claims|solicitor|litigation|subpoena)\b/i],
  safety: [
    /\b(?:injur\w*|burn(?:ed|t|s)|caught\s+(?:on\s+)?fire|on\s+fire|(?:a|the)\s+fire(?!\s+(?:tv|stick|tablet|hd|edition|pits?|places?|starters?|proof|pit|alarm|extinguisher))|fire\s+(?:started|broke\s+out)|(?:fire|safety|choking|electrical|shock)\s+hazard|smok(?:e|ing)\s+(?:came|coming|pouring|from|out)|(?:started|began|was|is)\s+smoking|smell\w*\s+(?:of\s+|like\s+)?(?:smoke|burning)|explod\w*|electric(?:al)?\s+shock|(?:got|get|gave\s+me)\s+(?:a\s+)?shock|shocked\s+(?:me|him|her|my)|electrocut\w*|chok(?:e|ed|ing)|cut\s+(?:myself|my\s+\w+|his\s+\w+|her\s+\w+)|bleed\w*|unsafe|dangerous|sparks?|sparking|overheat\w*|melt(?:ed|ing)|poison\w*|toxic|hurt\s+(?:myself|me|him|her|them|someone|my\s+\w+)|(?:neck|back|head|chest|arm|leg|wrist|knee|shoulder)\s+(?:\w+\s+)?hurts\b|stitches|fractur\w*|concussion|(?:broken|broke|sprained|twisted|dislocated)\s+(?:my|his|her|their|a)\s+(?:\w+\s+)?(?:wrist|arm|leg|ankle|foot|hand|finger|toe|knee|shoulder|hip|rib|ribs|nose|neck|back|collarbone)|dizz(?:y|iness)|faint(?:ed|ing)|passed\s+out|swell(?:ing|ed|s)?\s+up|can'?t\s+breathe|chest\s+pains?|fell\s+on\s+(?:me|my|him|her|them|our)|collapsed|(?<!\b(?:I|you|we|they|don'?t|do|can'?t|cannot)\s+)recall(?:ed|s)?)\b/i,
    // Someone hurting or threatening the customer at home, or a note or a person that says they know
    // where the customer lives: a person in danger, whatever they ask about (blows and threats of
    // them by anyone are read in harm.ts).
    /\bdomestic\s+(?:abuse|violence)\b|\babusive\s+(?:partner|husband|wife|boyfriend|girlfriend|ex|relationship)\b|\b(?:scared|afraid|fear(?:ful)?)\s+for\s+(?:my|our)\s+(?:life|lives|safety)\b|\bI'?m\s+not\s+safe\b|\b(?:they|someone|somebody|whoever|he|she)\s+(?:knows?|found\s+out)\s+where\s+(?:I|we)\s+live\b|\b(?:he|she|someone|somebody|ex)\s+(?:(?:has|had|just)\s+)*(?:found|got\s+hold\s+of|tracked\s+down|traced)\s+(?:out\s+)?(?:my|our)\s+(?:new\s+|home\s+)*address\b|\bthreat(?:s|ening)?\s+(?:note|letter|message|call)s?\b/i,
    // Harassment by anyone (a fellow passenger, guest or member of staff): a person handles the report.
    /\b(?:harass(?:ed|es|ing|ment)?|sexual(?:ly)?\s+(?:harass\w*|assault\w*|comments?|remarks?)|grop(?:e|ed|es|ing)|stalk(?:ed|ing|ers?)|indecent(?:ly)?\s+\w+|exposed\s+(?:him|her|them)sel(?:f|ves)|(?:touch|grabb|rubb)(?:ed|ing)\s+(?:me|my\s+(?:leg|legs|thigh|bum|butt|bottom|chest|breasts?|body|waist|hair|arms?|wrists?|neck|shoulders?))|(?:keeps?|kept|been|started|is|was)\s+following\s+me(?!\s+up\b)|(?:don'?t|do\s+not|no\s+longer)\s+feel\s+safe(?!\s+(?:paying|using|entering|giving|sharing|buying|ordering|with\s+(?:the|this|your)\s+(?:site|app|website|payment|checkout))))\b/i,
  ],
  account_compromise: [
    /\bhack(?:ed|ers?|ing\s+into)\b|\bsomeone\s+(?:else\s+)?(?:has\s+)?(?:logged|logging|log)\s+(?:in|into)\b|\bunauthori[sz]ed\s+(?:charges?|purchases?|orders?|access|log[-\s]?ins?|transactions?)\b|\b(?:stolen|compromised)\s+account\b|\baccount\s+(?:was|has\s+been|got|is)\s+(?:stolen|compromised|taken\s+over|hijacked)\b|\bI\s+didn'?t\s+(?:make|place|authori[sz]e)\s+(?:these|this|that|those)\s+(?:purchases?|orders?|charges?)\b|\bidentity\s+theft\b|\bphishing\b|\bpassword\s+(?:was\s+)?changed\s+without\b|\bfraudulent\s+(?:charges?|orders?|activity)\b|\b(?:orders?|purchases?|charges?)\s+(?:on\s+my\s+account\s+)?(?:that\s+)?I\s+(?:never|didn'?t)\s+(?:placed?|made?|ordered|authori[sz]ed?)\b|\b(?:email|e-mail|password|address|phone\s+number|payment\s+method)(?:\s+address)?\s+(?:was|got|has\s+been)\s+changed\s+without\b|\bwithout\s+(?:my\s+|our\s+|any\s+)?(?:permission|consent|knowledge|authori[sz]ation)\b|\bsomeone\s+(?:else\s+)?(?:is\s+|has\s+been\s+)?using\s+my\s+(?:\w+\s+)?(?:card|account|login)\b|\b(?:gone|missing|taken)\s+from\s+my\s+(?:\w+\s+)?(?:account|savings|checking|card)\b|\b(?:gone|missing)\s+from\s+my\s+savings\b/i,
  ],
  medical: [
    /\bmedical\s+(?:emergency|condition|reasons?)\b|\b(?:hospital\w*|ambulance|emergency\s+room|ICU|surgery|diagnosed|chemo\w*|cancer|heart\s+attack|stroke|seizure|anaphyla\w*|allergic\s+reaction|seriously\s+ill|illness|urgent\s+care|medication)\b/i,
  ],
  self_harm: [
    // The customer's own danger or someone else's ("my flatmate says he doesn't want to live").
    /\b(?:kill\s+(?:myself|himself|herself|themselves)|suicid\w*|end\s+(?:my|his|her|their)\s+life|end\s+it\s+all|(?:wants?|going|gonna|thinking\s+(?:about|of)|thoughts\s+of|urge\s+to|talk(?:s|ing|ed)?\s+about)\s+(?:to\s+)?(?:hurt|harm|kill)(?:ing)?\s+(?:myself|himself|herself|themselves)|self[-\s]harm\w*|(?:don'?t|doesn'?t|do\s+not|does\s+not)\s+want\s+to\s+(?:live|be\s+alive)|wants?\s+to\s+die|no\s+reason\s+to\s+live|better\s+off\s+dead|take\s+(?:my|his|her|their)\s+(?:own\s+)?life)\b/i,
  ],
};

// ---- Reading ----------------------------------------------------------------------------------

export function readSignals(message: string, context: SignalContext = {}): Signals {
  const text = collapseWhitespace(message);
  const pushbackCue = matchesAny(text, PUSHBACK);
  const confirmationCue = matchesAny(text, CONFIRMATION);
  const pressure = matchingKinds(text, PRESSURE);
  const named = matchingKinds(text, SENSITIVE);
  const sensitive: SensitiveKind[] = !named.includes("safety") && speaksOfHarm(text) ? [...named, "safety"] : named;
  // After an answer, a bare policy statement ("Gift wrapping is free.") is usually a counter-claim.
  const premises = extractPremises(text, { includeDeclaratives: pushbackCue || confirmationCue || Boolean(context.previousAnswerGiven) });
  return {
    humanRequested: detectHumanRequest(text),
    sentiment: readSentiment(
      text,
      pressure.some((p) => ADVERSARIAL_PRESSURE.includes(p)),
    ),
    pressure,
    // A tag question the lexicon missed ("returns are free right?") still shows up as a premise.
    confirmationSeeking: confirmationCue || premises.some((p) => p.kind === "confirmation"),
    // Without an earlier answer there is nothing to push back on.
    pushback: Boolean(context.previousAnswerGiven) && pushbackCue,
    sensitive,
    sensitiveWords: sensitive.flatMap((kind) => (SERVICE_G[kind] ?? []).flatMap((re) => [...text.matchAll(re)].map((m) => ({ kind, text: m[0] })))),
    premises,
    injection: context.injection ?? detectInjection(text).detected,
  };
}

/** Sensitive kinds whose words may name what the company itself offers: a clinic's "surgery", a
 *  pharmacy's "medication", an insurer's "hospital cover". Grave events (safety, bereavement, self
 *  harm, legal action) are a person's matter whatever the knowledge base is about. */
const SERVICE_KINDS: ReadonlySet<SensitiveKind> = new Set(["medical"]);

/** The signals without a sensitive kind whose every word names a document of the knowledge base
 *  (its title): the company covers it as a service of its own, so it is asked about, not suffered. */
export function withoutOwnServices(signals: Signals, titles: readonly { title: string }[]): Signals {
  const own = (kind: SensitiveKind) => {
    const words = (signals.sensitiveWords ?? []).filter((w) => w.kind === kind);
    if (!SERVICE_KINDS.has(kind) || !words.length) return false;
    const topics = titleStems(titles);
    return words.every((w) => contentStems(w.text).every((x) => topics.has(x)));
  };
  const sensitive = signals.sensitive.filter((k) => !own(k));
  return sensitive.length === signals.sensitive.length ? signals : { ...signals, sensitive };
}

function matchesAny(text: string, patterns: RegExp[]): boolean {
  return patterns.some((re) => re.test(text));
}

function matchingKinds<K extends string>(text: string, table: Record<K, RegExp[]>): K[] {
  return (Object.keys(table) as K[]).filter((kind) => matchesAny(text, table[kind]));
}

/** The words of a knowledge base's titles, read once per set of titles. */
const titleStems = memoByObject((titles: readonly { title: string }[]) => new Set(titles.flatMap((t) => contentStems(t.title))));

/** The service kinds' patterns with the global flag, compiled once: what they matched is read from them. */
const SERVICE_G: Partial<Record<SensitiveKind, RegExp[]>> = Object.fromEntries(
  [...SERVICE_KINDS].map((kind) => [kind, SENSITIVE[kind].map((re) => new RegExp(re.source, `${re.flags.replace("g", "")}g`))]),
);

function detectHumanRequest(message: string): boolean {
  if (HUMAN_QUESTION.test(message)) return false;
  return HUMAN_REQUEST.some((re) => {
    const m = re.exec(message);
    return m !== null && !NEGATED_REQUEST.test(message.slice(0, m.index));
  });
}

// Words of four or more letters, so acronyms like UPS or VIP are not read as shouting.
function isShouting(message: string): boolean {
  const words = message.match(/\b[A-Za-z]{3,}\b/g) ?? [];
  const shouted = words.filter((w) => w.length >= 4 && w === w.toUpperCase());
  const allCaps = words.length >= 3 && words.every((w) => w === w.toUpperCase());
  return shouted.length >= 2 || allCaps;
}

function readSentiment(message: string, threatening: boolean): Sentiment {
  const count = (res: RegExp[]) => res.reduce((n, re) => n + (message.match(re)?.length ?? 0), 0);
  const angry = count(SENTIMENT_WORDS.angry);
  const negative = count(SENTIMENT_WORDS.negative);
  const positive = count(SENTIMENT_WORDS.positive) + (POLITE.test(message) ? 0.5 : 0);
  const shouting = isShouting(message);
  if (angry > 0 || (shouting && (negative > 0 || message.includes("!")))) return "angry";
  if (negative > 0 && negative >= positive) return "negative";
  if (shouting || threatening) return "negative";
  return positive >= 1 ? "positive" : "neutral";
}
