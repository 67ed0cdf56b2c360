// Binding the product a question names to the document about that very product. Titles that end
// in the same word ("… Card", "… Account") form a family of sibling products; the words a customer
// puts before that word ("Sky Blue account", "the platinum card") pick a member. One member whose
// title has exactly those words binds; several that fit equally make a choice to ask about; words
// no member has ("Diamond Rewards Card") name a product the knowledge base does not have.
import { englishRank } from "../../kb/text/rarity.ts";
import { STOPWORDS, stem, tokenize } from "../../kb/text/terms.ts";
import { z } from "zod";
import type { KbTitle } from "./lexicon.ts";

export const productBindingSchema = z.object({
  /** The policy about the product named, when exactly one fits. */
  bound: z.string().nullable(),
  /** Several products fit what was named equally: ask which. */
  candidates: z.array(z.object({ policy: z.string(), title: z.string() })),
  /** Every member of the family named (the siblings of `bound`). */
  family: z.array(z.string()),
  /** Every document about a product of any family: with a product bound, none but its own may answer. */
  products: z.array(z.string()),
  /** What the customer called a product no document is about ("Diamond Rewards Card"). */
  unknown: z.string().nullable(),
});
export type ProductBinding = z.infer<typeof productBindingSchema>;

/** Common English words before a product's name describe the customer's copy of it ("my old
 *  card"); rarer ones, or capitalised ones mid-sentence, are part of a name. */
const DESCRIPTIVE_RANK = 15_000;
const MAX_NAME_WORDS = 4;

type Family = { head: string; members: { title: KbTitle; mods: Set<string> }[] };

const contentStems = (text: string) => tokenize(text).filter((t) => !STOPWORDS.has(t) && /[a-z]/.test(t)).map(stem);

function familiesOf(titles: KbTitle[]): Family[] {
  const byHead = new Map<string, Family>();
  for (const t of titles) {
    const stems = contentStems(t.title.replace(/\(.*?\)/g, " "));
    const head = stems[stems.length - 1];
    if (!head || stems.length < 2) continue;
    const fam = byHead.get(head) ?? { head, members: [] };
    fam.members.push({ title: t, mods: new Set(stems.slice(0, -1)) });
    byHead.set(head, fam);
  }
  return [...byHead.values()].filter((f) => f.members.length >= 2);
}

const familyCache = new WeakMap<KbTitle[], Family[]>();

/** Whether a word is written with a capital inside the question (not opening a sentence). */
function capitalisedMidSentence(question: string, word: string): boolean {
  const re = new RegExp(`(?<![.!?]\\s*|^\\s*)\\b${word.replace(/[^a-z0-9]/gi, "")}\\b`, "gi");
  return [...question.matchAll(re)].some((m) => /^[A-Z]/.test(m[0]));
}

export function bindProduct(question: string, titles: KbTitle[]): ProductBinding | null {
  let known = familyCache.get(titles);
  if (!known) familyCache.set(titles, (known = familiesOf(titles)));
  const families = known;
  const tokens = tokenize(question);
  const stems = tokens.map(stem);
  let best: { binding: ProductBinding; words: number } | null = null;
  for (const fam of families) {
    const at = stems.lastIndexOf(fam.head);
    if (at < 1) continue;
    const known = new Set(fam.members.flatMap((m) => [...m.mods]));
    const named: string[] = [];
    const words: string[] = [];
    for (let i = at - 1; i >= 0 && named.length < MAX_NAME_WORDS; i--) {
      const t = tokens[i]!;
      if (STOPWORDS.has(t) || /^\d/.test(t)) break;
      const s = stems[i]!;
      const isName = known.has(s) || capitalisedMidSentence(question, t) || englishRank(t) >= DESCRIPTIVE_RANK;
      if (isName) {
        named.push(s);
        words.unshift(t);
      }
    }
    if (!named.length) continue;
    const fits = fam.members.filter((m) => named.every((s) => m.mods.has(s)));
    const exact = fits.filter((m) => m.mods.size === named.length);
    const family = fam.members.map((m) => m.title.policy);
    const products = families.flatMap((f) => f.members.map((m) => m.title.policy));
    const binding: ProductBinding =
      exact.length === 1 || fits.length === 1
        ? { bound: (exact[0] ?? fits[0]!).title.policy, candidates: [], family, products, unknown: null }
        : fits.length > 1
          ? { bound: null, candidates: fits.map((m) => m.title), family, products, unknown: null }
          : { bound: null, candidates: [], family, products, unknown: `${words.join(" ")} ${tokens[at]}` };
    if (!best || named.length > best.words) best = { binding, words: named.length };
  }
  return best?.binding ?? null;
}

/** The passages a text about a bound product may be answered or checked from: its own document's
 *  and those about no product in particular, never another product's. */
export function aboutProduct<T extends { policy: string }>(binding: ProductBinding | null, hits: T[]): T[] {
  const b = binding;
  return b?.bound ? hits.filter((h) => h.policy === b.bound || !b.products.includes(h.policy)) : hits;
}
