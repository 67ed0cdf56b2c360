// Labelled units for fitting the answerability model: every case that asks one question of a
// knowledge base (answerable: grounded, sibling answers, a pushback's first question; not
// answerable: out of scope, products the KB lacks) is read exactly as the agent reads it (guard →
// understand → retrieve), and each unit of the passages found is labelled: does it state one of
// the case's facts, in the expected document?
import type { AgentDeps } from "../../agent/deps.ts";
import { guard } from "../../agent/nodes/guard.ts";
import { understand } from "../../agent/nodes/understand.ts";
import { makeRetrieve } from "../../agent/nodes/retrieve.ts";
import type { State } from "../../agent/state.ts";
import { scoreUnits } from "../../agent/answerability/compose.ts";
import type { AnswerabilityModel } from "../../agent/answerability/model.ts";
import { FEATURES } from "../../agent/answerability/features.ts";
import type { AgentCase } from "../cases.ts";
import type { EvalKb } from "../knowledge-bases.ts";
import { EVAL_DATE } from "../run-cases.ts";

export type LabelledUnit = { x: number[]; positive: boolean; policy: string; text: string; headings: string[] };
export type LabelledQuestion = { id: string; kb: string; answerable: boolean; units: LabelledUnit[] };

/** A model with every weight zero: the features are what is read, not any fitted score. */
export const ZERO: AnswerabilityModel = {
  features: [...FEATURES],
  ranker: FEATURES.map(() => 0),
  answer: { weights: [], bias: 0, mean: [], scale: [] },
  threshold: 0.5,
};

/** What a case teaches about answerability, or null when it asks no single question. */
function labelOf(c: AgentCase): { message: string; answerable: boolean; policy?: string; facts: string[] } | null {
  const message = c.turns[0]!.message;
  const outcomes = c.expect.outcome === undefined ? [] : Array.isArray(c.expect.outcome) ? c.expect.outcome : [c.expect.outcome];
  if ((c.suite === "grounded" || c.suite === "sibling") && outcomes.length === 1 && outcomes[0] === "answer" && c.expect.facts?.length) {
    return { message, answerable: true, policy: c.expect.policy, facts: c.expect.facts };
  }
  if (c.suite === "pushback" && c.expect.facts?.length) return { message, answerable: true, policy: c.expect.policy, facts: c.expect.facts };
  if ((c.suite === "out_of_scope" || c.suite === "sibling") && outcomes.length && !outcomes.includes("answer") && !outcomes.includes("clarify")) {
    return { message, answerable: false, facts: [] };
  }
  return null;
}

/** The state a fresh conversation reaches after retrieve, as the graph computes it. */
export async function retrievedState(deps: AgentDeps, message: string): Promise<State> {
  let state = { conversationId: "fit", message, asOf: EVAL_DATE, transcript: [], lastAnswer: null, refusalStreak: 0 } as unknown as State;
  state = { ...state, ...guard(state) } as State;
  state = { ...state, ...understand(state) } as State;
  return { ...state, ...(await makeRetrieve(deps)(state)) } as State;
}

export async function labelledQuestions(kb: EvalKb, cases: AgentCase[], deps: AgentDeps): Promise<LabelledQuestion[]> {
  const out: LabelledQuestion[] = [];
  for (const c of cases.filter((x) => x.kb === kb.name)) {
    const label = labelOf(c);
    if (!label) continue;
    const state = await retrievedState(deps, label.message);
    if (!state.reading || state.binding?.unknown) {
      // Nothing to score: the question is refused before any unit is (which is right only when it is not answerable).
      out.push({ id: c.id, kb: kb.name, answerable: label.answerable, units: [] });
      continue;
    }
    const scored = scoreUnits(state.reading, state.hits, state.binding, ZERO);
    const facts = label.facts.map((f) => f.toLowerCase());
    out.push({
      id: c.id,
      kb: kb.name,
      answerable: label.answerable,
      units: scored.map((s) => ({
        x: s.x,
        policy: s.unit.hit.policy,
        text: s.unit.text,
        headings: s.unit.hit.headingPath,
        positive:
          label.answerable && (!label.policy || s.unit.hit.policy === label.policy) && facts.some((f) => s.unit.text.toLowerCase().includes(f)),
      })),
    });
  }
  return out;
}
