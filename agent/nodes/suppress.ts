// suppress: before anything is drafted, the passages of promotions are set aside when the customer
// has an open service issue or no marketing consent (suppression before personalisation).
import type { AgentDeps } from "../deps.ts";
import { promotionPolicies } from "../../kb/list.ts";
import { suppressionFor, withoutPromotions } from "../context/suppression.ts";
import type { State, Update } from "../state.ts";

export function makeSuppress(deps: AgentDeps) {
  return async function suppress(state: State): Promise<Update> {
    const suppression = suppressionFor(state.customer);
    if (!suppression.promotions) return {};
    const promotions = await promotionPolicies(deps.pool);
    if (!promotions.size) return {};
    const hits = withoutPromotions(state.hits, promotions, suppression);
    const premiseHits = withoutPromotions(state.premiseHits, promotions, suppression);
    const held = hits.length !== state.hits.length || premiseHits.length !== state.premiseHits.length;
    // Only a suppression that held something back used the customer's fields.
    return held ? { hits, premiseHits, customerFields: suppression.because } : {};
  };
}
