// retrieve: hybrid search over the policy versions in force (on the customer's date, when given),
// for the question and for each premise the customer stated.
import { searchChunks } from "../../kb/search.ts";
import { questionStats } from "../answer/question-stats.ts";
import { unknownSpecifics } from "../answer/scope.ts";
import type { AgentDeps } from "../deps.ts";
import type { State, Update } from "../state.ts";

const MAX_PREMISES_LOOKED_UP = 3;

export function makeRetrieve(deps: AgentDeps) {
  return async function retrieve(state: State): Promise<Update> {
    const asOf = state.asOf ?? undefined;
    const premises = (state.signals?.premises ?? []).slice(0, MAX_PREMISES_LOOKED_UP);
    const [hits, stats, ...premiseResults] = await Promise.all([
      searchChunks(deps.pool, deps.embedder, state.query, { asOf, limit: 8 }),
      questionStats(deps.pool, state.query),
      ...premises.map((p) => searchChunks(deps.pool, deps.embedder, p.claim, { asOf, limit: 4 })),
    ]);
    return { hits, premiseHits: premiseResults.flat(), unknownSpecifics: unknownSpecifics(state.query, stats) };
  };
}
