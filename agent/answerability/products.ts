// Binding the product a question names to the document about that very product. Titles that end
// in the same word ("… Card", "… Account") form a family of sibling products; the words a customer
// puts before that word ("Sea Green account", "the platinum card") pick a member. One member whose
// title has exactly those words binds; several that fit equally make a choice to ask about; words
// no member has ("Opal Rewards Card") name a product the knowledge base does not have. First,
// though, a title written whole binds (namedInFull): where siblings differ by a word after the ones
// they share ("… Plus", "… 24"), the family's last word cannot tell them apart.
import { isCalendarWord } from "../../kb/text/weekdays.ts";
import { englishRank } from "../../kb/text/rarity.ts";
import { STOPWORDS, stem, tokenize } from "../../kb/text/terms.ts";
import { z } from "zod";
import type { KbTitle } from "./lexicon.ts";
import { correctSpelling } from "./spelling.ts";
import { spelledNumber } from "../../kb/text/base-forms.ts";
import { jaccard } from "../../kb/text/jaccard.ts";
import { tagged, tagsAfter } from "../../kb/text/pos.ts";
import { memoByObject, memoByText } from "../../kb/text/memo.ts";
import { escapeRegExp } from "../../kb/text/regexp.ts";
import { broaderNouns, isTimeNoun, synonymsOf } from "../../kb/text/synonyms.ts";

export const productBindingSchema = z.object({
  /** The policy about the product named, when exactly one fits. */
  bound: z.string().nullable(),
  /** Several products fit what was named equally: ask which. */
  candidates: z.array(z.object({ policy: z.string(), title: z.string() })),
  /** Every member of the family named (the siblings of `bound`). */
  family: z.array(z.string()),
  /** Every document about a product of any family: with a product bound, none but its own may answer. */
  products: z.array(z.string()),
  /** What the customer called a product no document is about ("Opal Rewards Card"). */
  unknown: z.string().nullable(),
  /** Only the kind was named ("a mortgage"): its members are candidates only if they compete. */
  kindOnly: z.boolean().optional(),
  /** With `unknown`: the titles of the products the KB does have in its place, to offer instead. */
  instead: z.array(z.string()).optional(),
});
export type ProductBinding = z.infer<typeof productBindingSchema>;

/** Common English words before a product's name describe the customer's copy of it ("my old
 *  card"); rarer ones, or capitalised ones mid-sentence, are part of a name. */
const DESCRIPTIVE_RANK = 15_000;
const MAX_NAME_WORDS = 4;
/** Words this short and rare in English are texting shortenings ("ur", "u"), not names. */
const MAX_SHORTENING = 2;
const KIND_DETERMINERS = new Set(["a", "an", "the", "your", "my", "our", "this", "that", "any"]);
/** Parts of speech that may continue a compound noun after a product's kind ("card fees", "SUV
 *  rental desk", "SUV 4x4"); a predicate adjective ("is your SUV available") is lost with them. */
const COMPOUND_TAGS = new Set(["NOUN", "PROPN", "ADJ", "NUM"]);
/** An adjective continues one only before a noun ("SUV rental desk"); alone, or before a time
 *  ("is the cabin free", "is the cabin free tonight"), it is a predicate. */
const continuesCompound = (after: { word: string; pos: string }[]) => {
  const [first, second] = after;
  if (!first) return true;
  if (!COMPOUND_TAGS.has(first.pos)) return false;
  return first.pos !== "ADJ" || (second !== undefined && (second.pos === "NOUN" || second.pos === "PROPN") && !isTimeNoun(second.word));
};

/** Products whose titles end in the same words: `kind` is those words ("car", "loan"), the last
 *  of them the head; each member's `mods` are the words before them, which name it. */
type Family = { head: string; kind: string[]; members: { title: KbTitle; mods: Set<string>; name: string[] }[] };

/** A title's content words in order (its last is the kind: "… Savings Bond"). */
const contentStems = (text: string) =>
  tokenize(text, { joined: false })
    .filter((t) => !STOPWORDS.has(t) && /[a-z0-9]/.test(t))
    .map(stem);

const PREPOSITION_BEFORE_HEAD =
  /\b(?:at|for|in|on|with|from|to|by|of|about|after|before|during)\s+(?:each|every|our|your|the|a|an|all|any|this|these|those|its|their)\s+\S+$/i;
const familiesOf = memoByObject((titles: KbTitle[]): Family[] => {
  const byHead = new Map<string, { head: string; members: { title: KbTitle; stems: string[] }[] }>();
  for (const t of titles) {
    const bare = t.title.replace(/\(.*?\)/g, " ");
    const stems = contentStems(bare);
    const head = stems[stems.length - 1];
    // "Access Hours at Each Site", "Safety at Our Sites": a last word after a preposition and its
    // determiner closes a phrase about where or whom, not the kind of product the title names
    // ("Certificate of Deposit" keeps its kind).
    if (!head || stems.length < 2 || PREPOSITION_BEFORE_HEAD.test(bare.trim())) continue;
    const fam = byHead.get(head) ?? { head, members: [] };
    fam.members.push({ title: t, stems });
    byHead.set(head, fam);
  }
  return [...byHead.values()]
    .filter((f) => f.members.length >= 2)
    .map((f) => {
      // The words every member's title ends in ("… Car Loan"), as long as each keeps a name.
      let n = 1;
      while (
        f.members.every((m) => m.stems.length > n + 1 && m.stems[m.stems.length - 1 - n] === f.members[0]!.stems[f.members[0]!.stems.length - 1 - n])
      )
        n++;
      return {
        head: f.head,
        kind: f.members[0]!.stems.slice(-n),
        members: f.members.map((m) => ({ title: m.title, mods: new Set(m.stems.slice(0, -n)), name: m.stems.slice(0, -n) })),
      };
    });
});

/** Whether a word is written with a capital in the text: anywhere, or only inside a sentence
 *  (not opening one), where a capital marks a name. */
function capitalised(text: string, word: string, where: "anywhere" | "mid-sentence" = "anywhere"): boolean {
  const opening = where === "mid-sentence" ? "(?<![.!?]\\s*|^\\s*)" : "";
  const re = new RegExp(`${opening}\\b${word.replace(/[^a-z0-9]/gi, "")}\\b`, "gi");
  return [...text.matchAll(re)].some((m) => /^[A-Z]/.test(m[0]));
}
const capitalisedMidSentence = (text: string, word: string) => capitalised(text, word, "mid-sentence");

/** "Starter+" or "CDW+" is "Starter Plus" or "CDW Plus". */
const withPlusSpelled = (text: string) => text.replace(/(?<=[a-z0-9])\+(?![a-z0-9])/gi, " plus");

/** Bindings already read, per set of titles (a new set comes with each change of the KB): a turn
 *  binds its query, its message and each premise, and a conversation repeats them. */
const bindingCache = new WeakMap<KbTitle[], Map<string, ProductBinding | null>>();
const BINDINGS_KEPT = 2000;

/** `vocabulary`: the KB's words (stem → chunks using it), from the same lexicon as the titles: a
 *  name the KB never uses, said where a member's name goes, is a product it lacks. */
export function bindProduct(asked: string, titles: KbTitle[], vocabulary?: ReadonlyMap<string, number>): ProductBinding | null {
  let cache = bindingCache.get(titles);
  if (!cache) bindingCache.set(titles, (cache = new Map()));
  // Read with the KB's words or without them, a name may bind differently.
  const key = `${vocabulary ? "v" : "-"}${asked}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const read = byBrackets(readBinding(asked, titles, vocabulary), asked);
  const instead = read?.unknown ? insteadOf(read.unknown, read.family, titles) : [];
  const binding = read && instead.length ? { ...read, instead } : read;
  if (cache.size >= BINDINGS_KEPT) cache.clear();
  cache.set(key, binding);
  return binding;
}

/** Whether a word said right after a title makes it a product no title is: a word that extends
 *  another title into a sibling ("Plus"), which neither this title has nor any title adds to it. */
function extendedBy(title: KbTitle, next: string | undefined, titles: KbTitle[]): boolean {
  const { variants, titleNames } = closeNamesOf(titles);
  if (!next || !variants.has(next)) return false;
  const own = contentStems(title.title);
  return !own.includes(next) && !titleNames.has([...own, next].join(" "));
}

/** "your Millbrook store": something of the company's, named by capitalised words the knowledge
 *  base never uses, is a branch, plan or product it does not have. */
function possessedUnknown(question: string, products: string[], vocabulary?: ReadonlyMap<string, number>): ProductBinding | null {
  if (!vocabulary) return null;
  for (const m of question.matchAll(POSSESSED_NAME)) {
    const name = m[1]!.split(/\s+/);
    if (name.some((w) => (vocabulary.get(stem(w.toLowerCase())) ?? 0) > 0 || isCalendarWord(w))) continue;
    return { bound: null, candidates: [], family: [], products, unknown: `${m[1]} ${m[2]}` };
  }
  return null;
}
const POSSESSED_NAME = /\byour\s+((?:[A-Z][\w-]*)(?:\s+[A-Z][\w-]*)?)\s+([a-z]{3,})\b/g;

/** A word as a stem, or a number word as its figure ("ten" → 10). */
const stemOrFigure = (t: string) => stem(spelledNumber(t) ?? t);
/** The words and figures a title adds in brackets, as stems ("Swim Pass (12 sessions)" → 12, session). */
const bracketed = (title: string): string[] =>
  [...title.matchAll(/\(([^)]*)\)/g)].flatMap((m) =>
    tokenize(m[1]!)
      .filter((t) => !STOPWORDS.has(t))
      .map(stemOrFigure),
  );

/** Candidates named alike apart from what their titles add in brackets ("Swim Pass (6 sessions)",
 *  "Swim Pass (12 sessions)"): the one whose bracketed words the question says is meant. */
function byBrackets(binding: ProductBinding | null, asked: string): ProductBinding | null {
  if (!binding || binding.bound || binding.candidates.length < 2) return binding;
  const said = new Set(tokenize(asked).map(stemOrFigure));
  const meant = binding.candidates.filter((c) => {
    const words = bracketed(c.title);
    return words.length > 0 && words.every((w) => said.has(w));
  });
  return meant.length === 1 ? { ...binding, bound: meant[0]!.policy, candidates: [] } : binding;
}

/** A member named by what its title adds in brackets, said before its kind or "one" ("a 12 hr
 *  pack", "the 40 hour one" of "Value Pack (12 Hours)", "Mega Pack (40 Hours)"), a word standing
 *  for its synonym. */
const kindOrOne = (token: string, head: string) => /^ones?$/.test(token) || stem(token) === head;
function bracketsBeforeKind(question: string, families: Family[], products: string[]): ProductBinding | null {
  if (!families.some((f) => f.members.some((m) => m.title.title.includes("(")))) return null;
  const tokens = tokenize(question, { joined: false });
  const forms = tokens.map((t) => new Set([stemOrFigure(t), ...synonymsOf(t).map(stem)]));
  for (const fam of families) {
    const meant = fam.members.filter((m) => {
      const words = bracketed(m.title.title);
      if (!words.length) return false;
      return tokens.some(
        (_, i) => i + words.length < tokens.length && kindOrOne(tokens[i + words.length]!, fam.head) && words.every((w, j) => forms[i + j]!.has(w)),
      );
    });
    if (meant.length === 1)
      return { bound: meant[0]!.title.policy, candidates: [], family: fam.members.map((m) => m.title.policy), products, unknown: null };
  }
  return null;
}

/** A word that is another name for one member word: a synonym or the broader noun WordNet gives
 *  ("biz" is a kind of business: "the biz gold card" is the Business Gold one). */
function memberWordFor(word: string, known: { has(stem: string): boolean }): string | null {
  if (STOPWORDS.has(word) || /^\d/.test(word)) return null;
  let meant: string | null = null;
  for (const s of otherNamesOf(word)) {
    if (!known.has(s) || s === meant) continue;
    if (meant) return null;
    meant = s;
  }
  return meant;
}
/** The stems of a word's synonyms and broader nouns, read once per word. */
const otherNamesOf = memoByText((word: string) => [...new Set([...synonymsOf(word), ...broaderNouns(word)].map(stem))]);

/** Offered in place of a product the KB lacks: at most this many of its siblings. */
const MAX_INSTEAD = 5;

/** The siblings the customer may have meant by a name the KB lacks: those sharing most of its words
 *  (the Amber and Jade Savers for a "Ruby Saver"), in their figures' order; none when too many share
 *  as much to list. */
function insteadOf(name: string, family: string[], titles: KbTitle[]): string[] {
  const said = new Set(contentStems(name));
  const members = family.flatMap((p) => titles.find((t) => t.policy === p) ?? []);
  const shared = members.map((m) => ({ title: m.title, n: contentStems(m.title).filter((s) => said.has(s)).length }));
  const most = Math.max(0, ...shared.map((s) => s.n));
  const closest = shared.filter((s) => s.n === most && most > 0).map((s) => s.title);
  return closest.length <= MAX_INSTEAD ? closest.sort((a, b) => a.localeCompare(b, "en", { numeric: true })) : [];
}

function readBinding(asked: string, titles: KbTitle[], vocabulary?: ReadonlyMap<string, number>): ProductBinding | null {
  const question = withPlusSpelled(asked);
  const families = familiesOf(titles);
  const products = families.flatMap((f) => f.members.map((m) => m.title.policy));
  // A "14-Day Ticket" is no Day Ticket: a figure no title gives a name is read before the name.
  const figured = figureNotNamed(question, titles, products);
  if (figured) return figured;
  const full = namedInFull(question, titles, products);
  if (full) return full;
  const inBrackets = bracketsBeforeKind(question, families, products);
  if (inBrackets) return inBrackets;
  const tokens = tokenize(question);
  const stems = tokens.map(stem);
  const lower = question.toLowerCase();
  let best: { binding: ProductBinding; words: number } | null = null;
  for (const fam of families) {
    const at = stems.lastIndexOf(fam.head);
    if (at < 1) continue;
    // The rest of the kind, when written ("your car loan"), comes before the head.
    let start = at - 1;
    for (const k of fam.kind.slice(0, -1).reverse()) {
      let j = start;
      while (j >= 0 && STOPWORDS.has(tokens[j]!)) j--;
      if (j < 0 || stems[j] !== k) break;
      start = j - 1;
    }
    const known = new Set(fam.members.flatMap((m) => [...m.mods]));
    const knownCounts = new Map([...known].map((k) => [k, 1]));
    const named: string[] = [];
    const words: string[] = [];
    for (let i = start; i >= 0 && named.length < MAX_NAME_WORDS; i--) {
      const t = tokens[i]!;
      // A misspelt member's word ("cashbak") is that word: a typo never names a product the KB lacks.
      // A word the KB uses itself means what it means there, not a member's word it is a synonym of.
      const ownWord = (vocabulary?.get(stems[i]!) ?? 0) > 0;
      const s = known.has(stems[i]!) ? stems[i]! : (correctSpelling(t, knownCounts) ?? (ownWord ? null : memberWordFor(t, known)) ?? stems[i]!);
      // A stop word hyphenated into a member's name ("Bump-Up") is passed over; elsewhere it ends the name.
      if (STOPWORDS.has(t) && i > 0 && known.has(stems[i - 1]!) && lower.includes(`${tokens[i - 1]}-${t}`)) continue;
      // A figure ends the name ("my 2 cards"), unless it is a member's own word ("24-Month").
      if (STOPWORDS.has(t) || (/^\d/.test(t) && !known.has(s))) break;
      // A rare word names a product, but not a shortening ("ur", "pls") of a common one.
      const isName = known.has(s) || capitalisedMidSentence(question, t) || (t.length > MAX_SHORTENING && englishRank(t) >= DESCRIPTIVE_RANK);
      if (isName) {
        named.push(s);
        words.unshift(t);
      }
    }
    const family = fam.members.map((m) => m.title.policy);
    // The kind named with no member's words ("your car loan", "a mortgage"): any member may
    // be meant; the answer asks which when members compete to answer (compose.ts).
    if (!named.length) {
      // Only a noun phrase that is the kind itself ("a mortgage from you", "my card?"), not a word
      // that happens to be a title's last ("how much time do I have to return…", "about return shipping").
      // The kind may be followed by a wider kind that is another family's head ("this saver account").
      const next = tokens[at + 1];
      // So is a kind followed by what cannot continue a compound noun ("the van per week": a preposition).
      const isKindPhrase =
        KIND_DETERMINERS.has(tokens[start] ?? "") &&
        (next === undefined ||
          STOPWORDS.has(next) ||
          families.some((f) => f.head === stems[at + 1]) ||
          !continuesCompound(tagsAfter(question, (w) => stem(w) === fam.head)));
      if (!best && isKindPhrase) {
        // A member's own word said elsewhere in the question, or a synonym of it ("a loan to buy a
        // motorcar": Auto Loan), picks the members it names.
        const said = new Set(tokens.filter((t) => !STOPWORDS.has(t) && t.length > 2).flatMap((t) => [stem(t), ...synonymsOf(t).map(stem)]));
        const picked = fam.members.filter((m) => [...m.mods].some((w) => said.has(w)));
        best =
          picked.length === 1
            ? { binding: { bound: picked[0]!.title.policy, candidates: [], family, products, unknown: null }, words: 0 }
            : { binding: { bound: null, candidates: fam.members.map((m) => m.title), family, products, unknown: null, kindOnly: true }, words: 0 };
      }
      continue;
    }
    const fits = fam.members.filter((m) => named.every((s) => m.mods.has(s)));
    // A product the KB lacks is one the customer names as a name ("Opal Rewards Card", "the
    // platinum plus card"): a capitalised word or a member's own word. "my old card" names a kind.
    if (!fits.length && !words.some((w) => capitalisedMidSentence(question, w) && !isCalendarWord(w)) && !named.some((s) => known.has(s))) continue;
    const exact = fits.filter((m) => m.mods.size === named.length);
    // "one of your blue accounts": the kind in the plural names every member that fits, not one.
    const plural =
      tokens[at] !== stems[at] &&
      /[^'’]s$/.test(tokens[at]!) &&
      !fam.members.some((m) => m.title.title.toLowerCase().split(/\s+/).includes(tokens[at]!));
    // A word that makes another product of a title ("Plus"), said after this one's kind when no
    // title extends it so ("Photo Backup Extra Plus"), names a product the KB lacks.
    const one = !plural && (exact.length === 1 || fits.length === 1) ? (exact[0] ?? fits[0]!) : null;
    // The title's own words written after its kind ("on" of "Add-on") are passed over.
    const written = one ? tokenize(one.title.title, { joined: false }) : [];
    let next = at + 1;
    while (next < tokens.length && written.includes(tokens[next]!)) next++;
    const variant = one && extendedBy(one.title, stems[next], titles);
    const binding: ProductBinding = variant
      ? { bound: null, candidates: [], family, products, unknown: `${words.join(" ")} ${tokens.slice(at, next + 1).join(" ")}` }
      : one
        ? { bound: one.title.policy, candidates: [], family, products, unknown: null }
        : fits.length > 1
          ? { bound: null, candidates: fits.map((m) => m.title), family, products, unknown: null }
          : { bound: null, candidates: [], family, products, unknown: `${words.join(" ")} ${tokens[at]}` };
    if (!best || named.length > best.words) best = { binding, words: named.length };
  }
  const otherwise = () =>
    nameWithoutKind(question, stems, tokens, families, closeNamesOf(titles).titleStems) ??
    partlyNamed(question, tokens, stems, closeNamesOf(titles), products) ??
    namedApart(question, titles, products) ??
    lineNamed(question, tokens, stems, titles, products, vocabulary) ??
    possessedUnknown(question, products, vocabulary);
  if (!best) return otherwise();
  // Two products named ("how many day tickets come with the gold plan"): the thing asked
  // about is named last, after what is asked of it.
  const other = best.binding.bound ? otherwise() : null;
  if (other?.bound && other.bound !== best.binding.bound && lastSaid(other.bound, titles, stems) > lastSaid(best.binding.bound!, titles, stems))
    return other;
  return best.binding;
}

/** A title word that stands next to a figure in every title using it ("Warmflow 7", "12-Month"),
 *  always on the same side: the figure is part of the product's name. */
type FiguredWord = {
  word: string;
  side: "before" | "after";
  figures: Set<string>;
  policies: string[];
  /** The word that follows in the titles, when only some titles give this one a figure ("7-Day
   *  Pass" beside "Day Pass"): the name is the figure, the word and this one ("a 14-day pass", not "a
   *  3 day trip"). */
  then?: string;
};
const isFigure = (t: string | undefined) => t !== undefined && /^\d+$/.test(spelledNumber(t) ?? t);
const figureOf = (t: string) => spelledNumber(t) ?? t;
const figuredWordsOf = memoByObject((titles: KbTitle[]): FiguredWord[] => {
  const uses = new Map<string, { before: string | null; after: string | null; then: string | null; policy: string }[]>();
  for (const t of titles) {
    const words = tokenize(t.title, { joined: false });
    words.forEach((w, i) => {
      if (isFigure(w) || STOPWORDS.has(w)) return;
      const use = {
        before: isFigure(words[i - 1]) ? figureOf(words[i - 1]!) : null,
        after: isFigure(words[i + 1]) ? figureOf(words[i + 1]!) : null,
        then: words[i + 1] && !isFigure(words[i + 1]) ? stem(words[i + 1]!) : null,
        policy: t.policy,
      };
      uses.set(w, [...(uses.get(w) ?? []), use]);
    });
  }
  const out: FiguredWord[] = [];
  const policiesOf = (list: { policy: string }[]) => [...new Set(list.map((u) => u.policy))];
  for (const [word, list] of uses) {
    const side = list.every((u) => u.before) ? "before" : list.every((u) => u.after) ? "after" : null;
    if (side) {
      out.push({ word, side, figures: new Set(list.map((u) => (side === "before" ? u.before! : u.after!))), policies: policiesOf(list) });
      continue;
    }
    // Only some titles give the word a figure: per the word after it, the figures they give, and
    // 1 for a title without one ("Day Pass" is the 1-day pass).
    for (const then of new Set(list.filter((u) => u.before && u.then).map((u) => u.then!))) {
      const group = list.filter((u) => u.then === then);
      const figures = new Set(group.map((u) => u.before ?? "1"));
      out.push({ word, side: "before", figures, policies: policiesOf(group), then });
    }
  }
  return out;
});

/** A product named by a figure no title gives it ("an 18-month bond" beside the 6- and 12-Month
 *  Fixed Bonds, "Warmflow 10" beside Warmflow 7): a product the knowledge base lacks, never a
 *  sibling's figures. The word must be written as the titles write it ("month", not "for 18
 *  months", which is a length of time) and the figure on the side the titles put it. */
function figureNotNamed(question: string, titles: KbTitle[], familyProducts: string[]): ProductBinding | null {
  const figured = figuredWordsOf(titles);
  if (!figured.length) return null;
  const tokens = tokenize(question, { joined: false });
  for (const f of figured) {
    const at = tokens.flatMap((t, i) => (t === f.word && (!f.then || (tokens[i + 1] && stem(tokens[i + 1]!) === f.then)) ? [i] : []));
    const said = at
      .map((i) => tokens[f.side === "before" ? i - 1 : i + 1])
      .filter(isFigure)
      .map((t) => figureOf(t!));
    if (!said.length || said.some((n) => f.figures.has(n))) continue;
    const i = at.find((j) => isFigure(tokens[f.side === "before" ? j - 1 : j + 1]))!;
    // A figure first is a name only with a word of the name after it ("an 18-month bond", "a
    // 9-month ISA"); followed by nothing or a function word ("skip one month, will I…", "for three
    // weeks while…") it is a length of time.
    if (f.side === "before" && !f.then && (!tokens[i + 1] || STOPWORDS.has(tokens[i + 1]!))) continue;
    // Named as the customer wrote it, with the word after a figure-first name ("18-month bond").
    const next = f.side === "before" && tokens[i + 1] && !STOPWORDS.has(tokens[i + 1]!) ? ` ${tokens[i + 1]}` : "";
    const parts = f.side === "before" ? [tokens[i - 1]!, f.word + next] : [f.word, tokens[i + 1]!];
    const pattern = parts.map((w) => escapeRegExp(w).replace(/ /g, "\\s+")).join("[\\s-]*");
    const name = new RegExp(pattern, "i").exec(question)?.[0] ?? parts.join(" ");
    return { bound: null, candidates: [], family: f.policies, products: [...new Set([...familyProducts, ...f.policies])], unknown: name };
  }
  return null;
}

/** Where in the question a title's words are last said (-1 when none is). */
function lastSaid(policy: string, titles: KbTitle[], stems: string[]): number {
  const own = new Set(contentStems(titles.find((t) => t.policy === policy)?.title ?? ""));
  for (let i = stems.length - 1; i >= 0; i--) if (own.has(stems[i]!)) return i;
  return -1;
}

/** Each title of two content words or more with those words (read once per set of titles). */
const titleWordsOf = memoByObject((titles: KbTitle[]): { title: KbTitle; own: string[] }[] =>
  titles.map((title) => ({ title, own: [...new Set(contentStems(title.title.replace(/\(.*?\)/g, " ")))] })).filter((t) => t.own.length >= 2),
);

/** A title every word of which is said, though not side by side ("my contents policy — Essentials,
 *  I think" for "Contents Essentials"), one of them capitalised inside a sentence as a name is
 *  written: the title with the most such words binds; several with as many are asked about. Tried
 *  last, when no family, close name or name without its kind has bound. */
function namedApart(question: string, titles: KbTitle[], familyProducts: string[]): ProductBinding | null {
  const tokens = tokenize(question, { joined: false });
  const stems = tokens.map(stem);
  let best: { title: KbTitle; own: string[] }[] = [];
  for (const t of titleWordsOf(titles)) {
    const n = t.own.length;
    if (best[0] && best[0].own.length > n) continue;
    const at = t.own.map((w) => stems.indexOf(w));
    if (at.some((i) => i < 0) || !at.some((i) => capitalisedMidSentence(question, tokens[i]!))) continue;
    best = best[0]?.own.length === n ? [...best, t] : [t];
  }
  if (!best.length) return null;
  // Its siblings are the titles sharing a word of it ("Home Essentials", "Contents Plus").
  const named = new Set(best.flatMap((b) => b.own));
  const family = titleWordsOf(titles)
    .filter((t) => t.own.some((w) => named.has(w)))
    .map((t) => t.title.policy);
  const products = [...new Set([...familyProducts, ...family])];
  return best.length === 1
    ? { bound: best[0]!.title.policy, candidates: [], family, products, unknown: null }
    : { bound: null, candidates: best.map((b) => b.title), family, products, unknown: null };
}

/** Titles that open with the same noun ("Home Essentials", "Home Plus", "Home Premier"): a line
 *  of products told apart by the words after it (read once per set of titles). The noun is the word
 *  as written, not its stem: "International" and "Internal" share one. */
type Line = { head: string; word: string; members: { title: KbTitle; own: string[] }[] };
const linesOf = memoByObject((titles: KbTitle[]): Line[] => {
  const byWord = new Map<string, { title: KbTitle; own: string[] }[]>();
  for (const t of titleWordsOf(titles)) {
    const first = tagged(t.title.title)[0];
    if (!first || !NOUN_TAGS.has(first.pos)) continue;
    const word = first.word.toLowerCase();
    byWord.set(word, [...(byWord.get(word) ?? []), t]);
  }
  return [...byWord.entries()].filter(([, m]) => m.length >= 2).map(([word, members]) => ({ head: members[0]!.own[0]!, word, members }));
});
const NOUN_TAGS = new Set(["NOUN", "PROPN"]);
const MODIFIER_TAGS = new Set(["NOUN", "PROPN", "ADJ"]);

/** A line's opening noun said as a noun, with none of its members' other words ("your home
 *  one", "pet cover"): any member may be meant, so each is a candidate, asked about when
 *  their answers differ (compose.ts). */
function lineNamed(
  question: string,
  tokens: string[],
  stems: string[],
  titles: KbTitle[],
  familyProducts: string[],
  vocabulary?: ReadonlyMap<string, number>,
): ProductBinding | null {
  const lines = linesOf(titles).filter(
    (l) => tokens.includes(l.word) || (stems.includes(l.head) && !tokens.some((t) => t !== l.word && stem(t) === l.head)),
  );
  if (lines.length !== 1) return null;
  const line = lines[0]!;
  const said = new Set(stems);
  // One member's own word said with the line's ("the pet plan, the 5000 one") names that member,
  // when it is written as a name is: a figure, or capitalised inside a sentence.
  const named = line.members.filter((m) => m.own.slice(1).some((w) => said.has(w)));
  if (named.length > 1) return null;
  const asName = (w: string) => /^\d/.test(w) || capitalisedMidSentence(question, tokens[stems.indexOf(w)]!);
  if (named.length === 1 && !named[0]!.own.slice(1).some((w) => said.has(w) && asName(w))) return null;
  // The line's word where the customer said it (its stem may be another title's: "Internal").
  const at = tokens.includes(line.word) ? tokens.indexOf(line.word) : stems.indexOf(line.head);
  const word = tokens[at]!;
  // As a noun or a noun's modifier ("home insurance" is often tagged an adjective), not a verb ("car pool").
  if (!MODIFIER_TAGS.has(tagged(question).find((t) => t.word.toLowerCase() === word)?.pos ?? "")) return null;
  const family = line.members.map((m) => m.title.policy);
  const products = [...new Set([...familyProducts, ...family])];
  if (named.length === 1) return { bound: named[0]!.title.policy, candidates: [], family, products, unknown: null };
  // Where a member's own words go, a name none of them has ("Business Enterprise" beside Business
  // Starter, Plus and Pro): written as a name (capitalised inside a sentence) with a word the KB
  // never uses, it is a product the KB lacks, never a member's figures.
  const after: string[] = [];
  for (let i = at + 1; i < tokens.length && capitalisedMidSentence(question, tokens[i]!); i++) after.push(tokens[i]!);
  const ownWords = new Set(line.members.flatMap((m) => m.own));
  // A word no title has counts as well, unless every word is capitalised (a title-cased question).
  const { titleStems } = closeNamesOf(titles);
  const words = tokenize(question, { joined: false }).filter((t) => !STOPWORDS.has(t));
  const titleCased = words.filter((t) => capitalised(question, t)).length > words.length / 2;
  const lacked = (t: string, known: ReadonlyMap<string, number>) =>
    !ownWords.has(stem(t)) && (!known.get(stem(t)) || (!titleStems.has(stem(t)) && !titleCased));
  if (vocabulary && after.some((t) => lacked(t, vocabulary)))
    return { bound: null, candidates: [], family, products, unknown: `${word} ${after.join(" ")}` };
  return { bound: null, candidates: line.members.map((m) => m.title), family, products, unknown: null, kindOnly: true };
}

/** A name's words, and its pairs of words side by side ("fixed saver"). */
const keysOf = (stems: string[]) => [...stems, ...stems.slice(1).map((s, i) => `${stems[i]} ${s}`)];

/** Close siblings named only by a word (or two words side by side) they alone carry ("tracking"
 *  of the two time-tracking add-ons): any of them may be meant, so each is a candidate, asked about
 *  when their answers differ (compose.ts). Said with more of one member's words (its "plus"), that
 *  member is meant, whatever the case and order they are written in. */
function partlyNamed(
  question: string,
  tokens: string[],
  stems: string[],
  { names, groups }: CloseNames,
  familyProducts: string[],
): ProductBinding | null {
  // Read as the titles are, without function words: "on" is no title's word, though "one" stems to it.
  const said = new Set(keysOf(stems.filter((_, i) => !STOPWORDS.has(tokens[i]!))));
  const products = [...new Set([...familyProducts, ...names.map((x) => x.title.policy)])];
  // A common word written in lower case between function words, with no other word of the titles
  // said, is that word, not a name ("paid in advance" beside an Advance range).
  const between = (i: number) => STOPWORDS.has(tokens[i - 1] ?? "") && (i + 1 >= tokens.length || STOPWORDS.has(tokens[i + 1]!));
  const asWord = (k: string) =>
    !k.includes(" ") && tokens.some((t, i) => stems[i] === k && between(i) && englishRank(t) < DESCRIPTIVE_RANK && !capitalised(question, t));
  for (const { members: group, own } of groups) {
    const named = own.filter((k) => said.has(k));
    if (!named.length) continue;
    if (named.every(asWord) && !group.some((m) => m.stems.some((s) => !named.includes(s) && said.has(s)))) continue;
    // The other words of the group said with it ("sky", "plus") narrow it to the members that have the most of them.
    const saidOf = (m: CloseName) => m.stems.filter((s) => said.has(s)).length;
    const most = Math.max(...group.map(saidOf));
    const members = group.filter((m) => saidOf(m) === most && own.every((k) => !said.has(k) || keysOf(m.stems).includes(k)));
    if (members.length === 1)
      return { bound: members[0]!.title.policy, candidates: [], family: group.map((m) => m.title.policy), products, unknown: null };
    if (members.length < 2) continue;
    return {
      bound: null,
      candidates: members.map((m) => m.title),
      family: members.map((m) => m.title.policy),
      products,
      unknown: null,
      kindOnly: true,
    };
  }
  return null;
}

/** A member named as a name without its kind ("What does Starter Plus cost?"): every word of its
 *  name, in order, each capitalised and one of them inside the sentence (so a name may open it).
 *  The longest such name binds, so "Starter Plus" is never read as "Starter". */
function nameWithoutKind(question: string, stems: string[], tokens: string[], families: Family[], titleStems: Set<string>): ProductBinding | null {
  let best: { member: Family["members"][number]; family: Family } | null = null;
  // A kind that is a figure ("… 12") is what tells the members apart: never left unsaid.
  for (const fam of families.filter((f) => !f.kind.every((k) => /^\d/.test(k))))
    for (const m of fam.members) {
      const n = m.name.length;
      if (!n || (best && best.member.name.length >= n)) continue;
      for (let i = 0; i + n <= stems.length; i++) {
        if (!m.name.every((s, j) => stems[i + j] === s && capitalised(question, tokens[i + j]!))) continue;
        if (!m.name.some((_, j) => capitalisedMidSentence(question, tokens[i + j]!))) continue;
        // Another title's word after it ("Daily Saver" after "Daily") names something else, not this member.
        if (i + n < stems.length && titleStems.has(stems[i + n]!) && !fam.kind.includes(stems[i + n]!)) continue;
        best = { member: m, family: fam };
        break;
      }
    }
  if (!best) return null;
  return {
    bound: best.member.title.policy,
    candidates: [],
    family: best.family.members.map((m) => m.title.policy),
    products: families.flatMap((f) => f.members.map((m) => m.title.policy)),
    unknown: null,
  };
}

/** The passages a text about a bound product may be answered or checked from: its own document's
 *  (or, when several fit the words used, theirs) and those about no product in particular, never
 *  another product's. */
export function aboutProduct<T extends { policy: string }>(binding: ProductBinding | null, hits: T[]): T[] {
  const b = binding;
  if (b?.bound) return hits.filter((h) => h.policy === b.bound || !b.products.includes(h.policy));
  // Several products fit the words used ("your blue accounts"): one of them, or no product, answers.
  if (b && b.candidates.length && !b.kindOnly)
    return hits.filter((h) => b.candidates.some((c) => c.policy === h.policy) || !b.products.includes(h.policy));
  return hits;
}

/** A product's name as titles give it: its content stems, and the close siblings it must be told
 *  apart from (titles sharing at least half their words with it: "Home Fix 18", "Home Fix 18 Eco",
 *  "Home Fix 30"). Where the words that tell siblings apart come after the words they share
 *  ("Night Rate Max"), only the whole name can pick one. */
type CloseName = {
  title: KbTitle;
  stems: string[];
  /** The words of the title as written ("add", "on" of "Add-on"). */
  words: string[];
  /** Its stems without the kind its close siblings share ("Starter" of "Starter plan"), or null. */
  name: string[] | null;
  siblings: string[];
};

const CLOSE_SHARE = 0.5;
/** A name with its close siblings, and the words (or pairs of words side by side) no other title carries. */
type CloseGroup = { members: CloseName[]; own: string[] };
/** The close names, every title's stems, the names' own stems as a vocabulary misspellings are
 *  read against, and the groups of close siblings. */
type CloseNames = {
  names: CloseName[];
  titleStems: Set<string>;
  vocabulary: Map<string, number>;
  groups: CloseGroup[];
  /** Words that make one title another product's by following it whole ("Plus" of "Starter Plus"
   *  beside "Starter"): said after a name no title extends with them, they name a product the KB lacks. */
  variants: Set<string>;
  /** Every title's content stems, joined by spaces: which names the KB has. */
  titleNames: Set<string>;
};
const closeNamesOf = memoByObject((titles: KbTitle[]): CloseNames => {
  const named = titleWordsOf(titles).map((t) => ({ title: t.title, stems: t.own }));
  const close = (a: string[], b: string[]) => jaccard(a, b) >= CLOSE_SHARE;
  const names = named
    .map((t) => {
      const siblings = named.filter((o) => o !== t && close(t.stems, o.stems));
      const kind = t.stems[t.stems.length - 1]!;
      const kindShared = !/^\d/.test(kind) && siblings.every((o) => o.stems[o.stems.length - 1] === kind);
      return {
        ...t,
        words: tokenize(t.title.title, { joined: false }),
        name: kindShared ? t.stems.slice(0, -1) : null,
        siblings: siblings.map((o) => o.title.policy),
      };
    })
    .filter((t) => t.siblings.length > 0);
  const stemsOf = titles.map((t) => contentStems(t.title));
  const spelledStems = new Set(
    titles.flatMap((t) =>
      tokenize(t.title, { joined: false })
        .filter((w) => spelledNumber(w) !== undefined)
        .map(stem),
    ),
  );
  // Which titles carry each word and each pair of words side by side.
  const carriers = new Map<string, Set<string>>();
  titles.forEach((t, i) => {
    for (const k of keysOf(stemsOf[i]!)) carriers.set(k, (carriers.get(k) ?? new Set()).add(t.policy));
  });
  const groups = names.map((n) => {
    const members = [n, ...names.filter((o) => n.siblings.includes(o.title.policy))];
    const inGroup = new Set(members.map((m) => m.title.policy));
    // A figure, or a number spelled out ("One-Week"), names a member only with its neighbour.
    const own = keysOf(n.stems).filter((k) => !/^\d+$/.test(k) && !spelledStems.has(k) && [...(carriers.get(k) ?? [])].every((p) => inGroup.has(p)));
    return { members, own };
  });
  const variants = new Set(
    stemsOf.flatMap((a) =>
      stemsOf.flatMap((b) => {
        // b is a with one word more, anywhere ("Starter Plus plan" of "Starter plan").
        if (b.length !== a.length + 1) return [];
        const found = b.findIndex((x, i) => x !== a[i]);
        const at = found < 0 ? a.length : found;
        const extra = b[at]!;
        return b.filter((_, i) => i !== at).join(" ") === a.join(" ") && !/^\d/.test(extra) ? [extra] : [];
      }),
    ),
  );
  return {
    names,
    titleStems: new Set(stemsOf.flat()),
    vocabulary: new Map(names.flatMap((n) => n.stems.map((s) => [s, 1] as const))),
    groups,
    variants,
    titleNames: new Set(stemsOf.map((x) => x.join(" "))),
  };
});

/** Words a customer rules out ("the usual one, not eco", "not the Max"): the word after a negation. */
const NAME_NEGATORS = new Set(["not", "no", "except"]);

/** A product named with every word of its title (spelling, spelled-out numbers and word order
 *  forgiven, words the customer rules out left out): the longest such name binds, so "Night Rate
 *  Max" is never "Night Rate" and "Home Fix 18 Eco" never "Home Fix 18". A capitalised word next
 *  to the name that no title has ("Basic Ultra") names a product the knowledge base lacks, and so
 *  does the name with another figure in place of its own ("Home Fix 48"). */
function namedInFull(question: string, titles: KbTitle[], familyProducts: string[]): ProductBinding | null {
  const { names, titleStems, vocabulary } = closeNamesOf(titles);
  if (!names.length) return null;
  const tokens = tokenize(question, { joined: false });
  const stems = tokens.map((t) => {
    const s = spelledNumber(t) ?? stem(t);
    return vocabulary.has(s) || STOPWORDS.has(t) ? s : (correctSpelling(t, vocabulary) ?? memberWordFor(t, vocabulary) ?? s);
  });
  const ruledOut = new Set<number>();
  tokens.forEach((t, i) => {
    if (!NAME_NEGATORS.has(t)) return;
    let j = i + 1;
    while (j < tokens.length && KIND_DETERMINERS.has(tokens[j]!)) j++;
    ruledOut.add(j);
  });
  /** Where every stem of a name stands together, as [first, last] token, or null. */
  const spanOf = (wanted: string[], written: string[]): [number, number] | null => {
    for (let i = 0; i < stems.length; i++) {
      if (ruledOut.has(i) || !wanted.includes(stems[i]!)) continue;
      // The name's words side by side, in any order; a stop word of the title's own ("Add-on") passes.
      const seen = new Set<string>();
      for (let j = i; j < stems.length; j++) {
        if (STOPWORDS.has(tokens[j]!) && written.includes(tokens[j]!)) continue;
        if (ruledOut.has(j) || !wanted.includes(stems[j]!)) break;
        seen.add(stems[j]!);
        if (seen.size === wanted.length) return [i, j];
      }
    }
    return null;
  };
  /** The first token after a span that is not the rest of the title as written ("Add-on Pro"). */
  const afterOf = (n: CloseName, span: [number, number]) => {
    let after = span[1] + 1;
    while (after < tokens.length && n.words.includes(tokens[after]!)) after++;
    return after;
  };
  // A name without its kind ("on Crew Max" for "Crew Max plan") counts when a word of it is capitalised
  // inside a sentence and no other title's word follows it ("Daily Saver" is not "Daily Card").
  const nameSpan = (n: CloseName): { span: [number, number]; length: number } | null => {
    const span = spanOf(n.stems, n.words);
    if (span) return { span, length: n.stems.length };
    const bare = n.name?.length ? spanOf(n.name, n.words) : null;
    if (!bare || !tokens.slice(bare[0], bare[1] + 1).some((t) => capitalisedMidSentence(question, t))) return null;
    const after = afterOf(n, bare);
    if (after < tokens.length && titleStems.has(stems[after]!)) return null;
    return { span: bare, length: n.name!.length };
  };
  let best: { name: CloseName; span: [number, number]; length: number } | null = null;
  let tied: CloseName[] = [];
  for (const n of names) {
    const found = nameSpan(n);
    if (!found) continue;
    if (!best || found.length > best.length) [best, tied] = [{ name: n, ...found }, []];
    else if (found.length === best.length && n.title.policy !== best.name.title.policy) tied.push(n);
  }
  const products = [...new Set([...familyProducts, ...names.map((n) => n.title.policy)])];
  const binding = (bound: string | null, family: string[], unknown: string | null, candidates: KbTitle[] = []): ProductBinding => ({
    bound,
    candidates,
    family,
    products,
    unknown,
  });
  if (!best) {
    // A figure in place of the figure of a name ("Home Fix 48"): a product the knowledge base lacks.
    for (const n of names) {
      const figures = n.stems.filter((s) => /^\d/.test(s));
      if (figures.length !== 1) continue;
      const span = spanOf(
        n.stems.filter((s) => s !== figures[0]),
        n.words,
      );
      const next = span ? tokens[span[1] + 1] : undefined;
      if (span && next && /^\d+$/.test(next) && !names.some((m) => m.stems.includes(next)))
        return binding(null, [n.title.policy, ...n.siblings], `${tokens.slice(span[0], span[1] + 1).join(" ")} ${next}`);
    }
    return null;
  }
  const { name, span } = best;
  const family = [name.title.policy, ...name.siblings];
  // A capitalised word no title has, right before or after the name ("Ocean Teal Account", "Basic
  // Ultra"), makes it another product's name.
  const isOtherName = (i: number) =>
    i >= 0 && i < tokens.length && !STOPWORDS.has(tokens[i]!) && !titleStems.has(stems[i]!) && capitalisedMidSentence(question, tokens[i]!);
  const after = afterOf(name, span);
  if (isOtherName(span[0] - 1)) return binding(null, family, tokens.slice(span[0] - 1, after).join(" "));
  if (isOtherName(after)) return binding(null, family, tokens.slice(span[0], after + 1).join(" "));
  // "Photo Backup Extra Plus" where only "Basic" has a "Basic Plus": no title is the name so extended.
  if (extendedBy(name.title, stems[after], titles)) return binding(null, family, tokens.slice(span[0], after + 1).join(" "));
  if (tied.length) return binding(null, family, null, [name.title, ...tied.map((t) => t.title)]);
  return binding(name.title.policy, family, null);
}
