// retrieve: hybrid search over the policy versions in force (on the customer's date, when given),
// for the question and for each premise the customer stated; and the question read once against
// the knowledge base (terms, spelling, the product it names) for every later step.
import { searchChunks, type SearchHit } from "../../kb/search.ts";
import { figuresOf } from "../../kb/text/terms.ts";
import { questionStats } from "../answer/question-stats.ts";
import { kbLexicon } from "../answerability/lexicon.ts";
import { withoutOwnServices } from "../understand/signals.ts";
import { bindProduct } from "../answerability/products.ts";
import { ASIDE_WEIGHT, kbCorrections, readQuestion, unitsApart, type QuestionReading } from "../answerability/question.ts";
import { askedSample } from "../answerability/samples.ts";
import type { AgentDeps } from "../deps.ts";
import type { State, Update } from "../state.ts";

const MAX_PREMISES_LOOKED_UP = 3;
/** A claim speaks of what the knowledge base speaks of when one of its words is a KB word at least
 *  this telling (rarity in the KB × topicality in English; "order" in a shop's KB is ~0.1). */
const TOPIC_WEIGHT = 0.2;
/** Passages of a named product's own document added to the search results: a product page is
 *  short, and its fee table may share no word with the question ("how much is it each year" /
 *  "Annual fee"), so it is read nearly whole (3→8 passages: left out, +2 answered, +4 refused in
 *  `npm run fit`, and a right unit retrieved for 42 instead of 40 of the catalogue's 48). */
const BOUND_PASSAGES = 8;

/** Products fitting what was named that are each read (more are asked about without reading them). */
const MAX_CANDIDATES_READ = 5;
/** Passages read per fitting product. */
const CANDIDATE_PASSAGES = 3;

/** A reaction read as pushback ("I heard kettle vouchers last a year" after an answer about
 *  delivery) is a new question when it speaks of what the knowledge base speaks of, its own best
 *  passage is from a document the last answer did not cite, and it repeats nothing the customer
 *  said before. Pushback disputes the answer it follows, so its words lead back to that answer's
 *  documents. A new question is looked up as itself, not as a dispute. */
async function reactionOnAnotherTopic(deps: AgentDeps, state: State, topical: (text: string) => string[]): Promise<Partial<State> | null> {
  const words = state.reactionQuery;
  const cited = new Set(state.lastAnswer?.citations.map((c) => c.policy) ?? []);
  const topics = words ? topical(words) : [];
  // Pressure (a threat, a review, a chargeback) insists on the answer disputed, whatever it names.
  if (!words || !state.signals?.pushback || state.signals.pressure.length || !cited.size || !topics.length) return null;
  // A figure or a telling word of the customer's earlier messages ("say 12 kettles" after "it's 12
  // kettles") keeps the dispute going, whatever else it names; a word every policy uses does not.
  const earlier = state.transcript
    .filter((t) => t.role === "customer")
    .slice(0, -1)
    .map((t) => t.text);
  const repeated = new Set([...earlier.flatMap(topical), ...earlier.flatMap(figuresOf)]);
  if ([...topics, ...figuresOf(words)].some((w) => repeated.has(w))) return null;
  const own = await searchChunks(deps.pool, deps.embedder, words, { asOf: state.asOf ?? undefined, limit: 1 });
  if (!own[0] || cited.has(own[0].policy)) return null;
  return { signals: { ...state.signals, pushback: false }, query: words, reactionQuery: null };
}

export function makeRetrieve(deps: AgentDeps) {
  return async function retrieve(state: State): Promise<Update> {
    const asOf = state.asOf ?? undefined;
    // The lexicon first and on its own: it is read once per change of the KB, and a stand-in server
    // that interleaves concurrent statements (pglite-socket) is asked no more at once than before.
    const lexicon = await kbLexicon(deps.pool);
    // A statement whose form is a claim but whose words no general policy word marks counts only
    // when it speaks of what this knowledge base speaks of ("Hotspot Boost doesn't slow your phone").
    const topical = (text: string) =>
      readQuestion(text, { chunks: lexicon.chunks, df: new Map() }, lexicon.df)
        .terms.filter((t) => t.known && !t.corrected && t.weight >= TOPIC_WEIGHT)
        .map((t) => t.stem);
    const speaksOfKb = (claim: string) => topical(claim).length > 0;
    // A figure typed against its unit ("4kg") is searched and read as the KB writes it ("4 kg"),
    // before anything else is read of it.
    const query = unitsApart(state.query, (w) => (lexicon.df.get(w) ?? 0) > 0);
    if (query !== state.query) return { query, ...(await retrieve({ ...state, query })) };
    const newTopic = await reactionOnAnotherTopic(deps, state, topical);
    if (newTopic) return { ...newTopic, ...(await retrieve({ ...state, ...newTopic })) };
    const allPremises = (state.signals?.premises ?? []).filter((p) => !p.needsTopic || speaksOfKb(p.claim));
    const premises = allPremises.slice(0, MAX_PREMISES_LOOKED_UP);
    // A product is often named in what the customer says of themselves ("I'm on Prepay Fixed 12."),
    // which the query leaves out: the whole message is read for one when the query names none.
    const binding =
      bindProduct(state.query, lexicon.titles, lexicon.df) ??
      (state.signals?.pushback ? null : bindProduct(state.redacted, lexicon.titles, lexicon.df));
    // A sample question a policy lists, asked again: that policy answers it (samples.ts).
    const sample = binding?.bound || binding?.unknown ? null : askedSample(state.query, lexicon.samples);
    const ownPolicy = binding?.bound ?? sample?.policy;
    // Several products fit what was named ("your SUV"): each one's document is read too, so the
    // answer can tell whether their answers differ (and ask which) rather than quote whichever ranked first.
    const fitting = !ownPolicy && binding && binding.candidates.length <= MAX_CANDIDATES_READ ? binding.candidates.map((c) => c.policy) : [];
    // A word misspelt or written short ("pacakge", "appt") is searched as the KB word it stands for.
    const corrected = kbCorrections(state.query, lexicon.df);
    const searched = corrected.length ? `${state.query} ${corrected.join(" ")}` : state.query;
    const [found, own, stats, ...premiseResults] = await Promise.all([
      searchChunks(deps.pool, deps.embedder, searched, { asOf, limit: 8 }),
      // The document about the product named (or whose sample question this is, searched with that
      // question's words too) is searched on its own: its passages must be there to answer from,
      // however much else the message says.
      ownPolicy
        ? searchChunks(deps.pool, deps.embedder, sample?.text ? `${sample.text}\n${state.query}` : state.query, {
            asOf,
            limit: BOUND_PASSAGES,
            policies: [ownPolicy],
          })
        : fitting.length > 1
          ? Promise.all(
              fitting.map((policy) => searchChunks(deps.pool, deps.embedder, state.query, { asOf, limit: CANDIDATE_PASSAGES, policies: [policy] })),
            ).then((each) => each.flat())
          : Promise.resolve([]),
      questionStats(deps.pool, state.query),
      ...premises.map((p) => searchChunks(deps.pool, deps.embedder, p.claim, { asOf, limit: 4 })),
    ]);
    // The document whose sample question was asked comes first, its passages as close to that
    // question as the search finds them: its owner said it answers it.
    const hits = sample
      ? [...own, ...found.filter((h) => !own.some((o) => o.chunkId === h.chunkId))]
      : [...found, ...own.filter((h) => !found.some((f) => f.chunkId === h.chunkId))];
    const premisesKept =
      state.signals && allPremises.length !== state.signals.premises.length ? { ...state.signals, premises: allPremises } : state.signals;
    const signals = premisesKept && withoutOwnServices(premisesKept, lexicon.titles);
    return {
      ...(signals && signals !== state.signals && { signals }),
      hits,
      premiseHits: premiseResults.flat(),
      reading: sampleFilled({ ...readQuestion(state.query, stats, lexicon.df, state.datesNamed), sample }, sample?.filled),
      // A name the knowledge base's own text carries ("the Weaver Room" of a page titled "The
      // Hall") is no product it lacks, though no title gives it.
      binding: binding?.unknown && carriedBy(binding.unknown, [...hits, ...premiseResults.flat()]) ? null : binding,
    };
  };
}

/** Whether a passage says the name as written, whatever its case and spacing. */
function carriedBy(name: string, hits: readonly SearchHit[]): boolean {
  const said = name.toLowerCase().replace(/\s+/g, " ");
  return hits.some((h) => h.content.toLowerCase().replace(/\s+/g, " ").includes(said));
}

/** The thing a customer names in place of a sample question's "something" ("swap a scarf") is
 *  what the sample's rule is asked of, not what the answer must be about: it weighs as said around
 *  the question. */
function sampleFilled(reading: QuestionReading, filled: string | undefined): QuestionReading {
  if (!filled) return reading;
  return { ...reading, terms: reading.terms.map((t) => (t.stem === filled ? { ...t, weight: t.weight * ASIDE_WEIGHT, aside: true } : t)) };
}
