// retrieve: hybrid search over the policy versions in force (on the customer's date, when given),
// for the question and for each premise the customer stated; and the question read once against
// the knowledge base (terms, spelling, the product it names) for every later step.
import { searchChunks } from "../../kb/search.ts";
import { questionStats } from "../answer/question-stats.ts";
import { kbLexicon } from "../answerability/lexicon.ts";
import { bindProduct } from "../answerability/products.ts";
import { readQuestion, stemsToLookUp } from "../answerability/question.ts";
import type { AgentDeps } from "../deps.ts";
import type { State, Update } from "../state.ts";

const MAX_PREMISES_LOOKED_UP = 3;

export function makeRetrieve(deps: AgentDeps) {
  return async function retrieve(state: State): Promise<Update> {
    const asOf = state.asOf ?? undefined;
    const premises = (state.signals?.premises ?? []).slice(0, MAX_PREMISES_LOOKED_UP);
    // The lexicon first and on its own: it is read once per change of the KB, and a stand-in server
    // that interleaves concurrent statements (pglite-socket) is asked no more at once than before.
    const lexicon = await kbLexicon(deps.pool);
    const [hits, stats, ...premiseResults] = await Promise.all([
      searchChunks(deps.pool, deps.embedder, state.query, { asOf, limit: 8 }),
      questionStats(deps.pool, state.query),
      ...premises.map((p) => searchChunks(deps.pool, deps.embedder, p.claim, { asOf, limit: 4 })),
    ]);
    return {
      hits,
      premiseHits: premiseResults.flat(),
      reading: readQuestion(state.query, stats, lexicon.df),
      binding: bindProduct(state.query, lexicon.titles),
    };
  };
}
