// After a grounded answer, is the next message a new question, or a reaction to that answer? A
// reaction without a question of its own ("Make it happen.", "My friend did this, so it's allowed.",
// "I'm an influencer. Want me to tell my followers?") carries no new topic: it is pushback, and
// only the knowledge base — never the insisting — may change the answer.

const INTERROGATIVE =
  /^(?:how|what|what's|when|where|which|who|whom|whose|why|can|could|do|does|did|is|are|was|were|will|would|should|may|might|am|have|has|any|if|and|also|ok(?:ay)?|so|then|but|what\s+about|how\s+about)\b/i;
/** Questions that threaten or mock rather than ask: "Want me to tell them…?", "Should I sue?". */
const RHETORICAL =
  /^(?:(?:do\s+you\s+)?want\s+me\s+to|should\s+I\s+(?:tell|post|report|go|sue|call)|shall\s+I|how\s+(?:hard|difficult)\s+is\s+it|are\s+you\s+(?:serious|kidding|joking|even|for\s+real)|is\s+this\s+a\s+joke|who\s+(?:do\s+you\s+think|are\s+you\s+to)|what(?:'s|\s+is)\s+wrong\s+with\s+you|why\s+(?:are|is|can'?t|won'?t|don'?t)\s+you)\b/i;
/** A thank-you or an okay is a close, not a reaction to argue with. */
const ACKNOWLEDGEMENT =
  /^\W*(?:(?:ok(?:ay)?|great|thanks?(?:\s+you)?(?:\s+(?:so\s+much|a\s+lot))?|cheers|perfect|got\s+it|understood|cool|sounds\s+good|alright|fine|good|no|yes|bye|that\s+helps)[\s,.!]*)+$/i;

const LEAD = /^(?:(?:ok(?:ay)?|fine|well|so|and|also|then|but|hmm+|alright|sure)[\s,.!:;-]+)+/i;

/** A request to be told something ("Please let me know …", "I would like to know …"): what follows is asked. */
const REQUEST =
  /^(?:please\s+)?(?:(?:could|can|would)\s+you\s+(?:please\s+)?)?(?:tell|let)\s+me\s+(?:know\s+)?|^I(?:'d|\s+would)\s+like\s+to\s+know\s+|^I\s+(?:want|need)\s+to\s+know\s+/i;
/** A question word opening what is asked without a question mark ("how long refunds take."). */
const EMBEDDED = /^(?:how|what|when|where|which|who|why)\b(?!\s+(?:a|an|dare)\b)/i;

/** Whether the message asks a question of its own (not a rhetorical one): a question, or a request
 *  to be told something that a question word opens ("I'd like to know when the shop opens."). */
export function asksNewQuestion(message: string): boolean {
  return message
    .split(/(?<=[.!?])\s+|\n+/)
    .map((s) => s.trim().replace(LEAD, ""))
    .some((s) => {
      const asked = s.replace(REQUEST, "");
      if (s.endsWith("?")) return INTERROGATIVE.test(asked) && !RHETORICAL.test(asked);
      return asked !== s && EMBEDDED.test(asked) && !RHETORICAL.test(asked);
    });
}

export function isAcknowledgement(message: string): boolean {
  return ACKNOWLEDGEMENT.test(message.trim());
}

/** A message that reacts to the previous answer rather than asking something new. */
export function isReaction(message: string): boolean {
  return !asksNewQuestion(message) && !isAcknowledgement(message);
}

/** An acknowledgement that closes the last answer ("Got it.", "ok thanks,"), not followed by "but". */
const CLOSES =
  /^\W*(?:(?:ok(?:ay)?|alright|all\s+right|got\s+it|great|thanks?(?:\s+you)?|cheers|cool|perfect|understood|noted|fine|good)\b[\s,.!]*)+(?!\s*but\b)\S/i;
/** Words that turn to something else ("Also, …", "Oh and …", "By the way, …"), opening a sentence. */
const TURNS_TO =
  /(?:^|[.!?]\s+)\W*(?:(?:oh|and|so)\s+)?(?:also|and\s+also|oh\s+and|by\s+the\s+way|btw|another\s+thing|one\s+more\s+thing|separately|on\s+another\s+note)\b/i;
/** A claim put for confirmation with a tag ("…, right?", "…, correct?", "isn't it?"). */
const TAG_QUESTION = /[,\s](?:right|correct|yes|yeah|no|isn'?t\s+(?:it|that\s+(?:right|true))|is\s+that\s+(?:right|true|correct))\s*\?+\s*$/i;

/** Whether a reaction that asks nothing of its own is marked as turning to something new: it closes
 *  the last answer first, turns away with "also" or "by the way", or puts a claim to be confirmed
 *  with a tag question. Pushback does none of these: it disputes. */
export function marksNewTopic(message: string): boolean {
  const text = message.trim();
  return CLOSES.test(text) || TURNS_TO.test(text) || TAG_QUESTION.test(text);
}
