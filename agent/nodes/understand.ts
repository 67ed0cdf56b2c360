// understand: reads the customer's signals (request for a human, pressure, sensitivity, pushback,
// premises) and decides what to look up. Pushback re-asks the question it pushes back on.
import { neutraliseInjection } from "../guard/injection.ts";
import type { State, Update } from "../state.ts";
import { stripPersona } from "../understand/persona.ts";
import { readSignals } from "../understand/signals.ts";

export function understand(state: State): Update {
  const signals = readSignals(state.redacted, { previousAnswerGiven: Boolean(state.lastAnswer) });
  const cleaned = stripPersona(neutraliseInjection(state.redacted));
  // "Are you sure? It's 90 days." carries no topic of its own: look up exactly what it disputes,
  // so the same evidence is weighed again (the counter-claim is checked as a premise).
  const query = signals.pushback && state.lastAnswer ? state.lastAnswer.question : cleaned;
  return { signals, query };
}
