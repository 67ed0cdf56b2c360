// Words that carry the customer's tone or fill a sentence, not what they ask about: "kinda",
// "honestly", "annoyed". They neither need an answer nor make a question out of scope.
const FILLER = new Set(
  `kinda sorta gonna wanna gotta lol pls plz thx ty ok okay yeah yep hey btw asap tho stuff thing things guys guy folks
   anyway anyways whatever basically literally actually honestly seriously really totally pretty super ugh hmm um uh
   wow omg idk tbh imo fyi something anything everything someone anyone somebody anybody
   click clicks clicked clicking tap tapped press pressed
   already also still just even yet again instead rather`
    .split(/\s+/)
    .filter(Boolean),
);

const MOOD =
  /^(?:annoy|irritat|frustrat|furious|angry|mad|upset|disappoint|unhappy|confus|fed|tired|sick|livid|outrag|ridiculous|unacceptable|absurd|pathetic|terrible|awful|horrible|worried|concern|stress|sad|heartbroken|devastat|thrill|happy|glad|pleas|excit|maze|nightmare|mess|joke|hassle|pain)\w*$/i;

/** Tone, filler, and adverbs of manner ("usually", "honestly"): nothing to answer. With `tone:
 *  false`, the filler words alone: a claim's "monthly" or "upset" may be what it asserts. */
export function isFillerWord(word: string, options: { tone?: boolean } = {}): boolean {
  const w = word.toLowerCase();
  if (options.tone === false) return FILLER.has(w);
  return FILLER.has(w) || MOOD.test(w) || (w.length > 4 && w.endsWith("ly"));
}
