// understand: reads the customer's signals (request for a human, pressure, sensitivity, pushback,
// premises) and decides what to look up. Pushback re-asks the question it pushes back on.
import { neutraliseInjection } from "../guard/injection.ts";
import type { State, Update } from "../state.ts";
import { stripPersona } from "../understand/persona.ts";
import { isReaction, marksNewTopic } from "../understand/follow-up.ts";
import { ADVERSARIAL_PRESSURE, readSignals } from "../understand/signals.ts";
import { focusOf, withoutSelfDescriptions } from "../understand/focus.ts";
import { socialActOf } from "../understand/social.ts";

/** Sensitivities that a self-description alone (not a request) should not turn into a handoff. */
const PERSONAL_ONLY = new Set(["medical"]);

export function understand(state: State): Update {
  const previousAnswerGiven = Boolean(state.lastAnswer);
  const cleaned = stripPersona(neutraliseInjection(state.redacted));
  // Signals are read from what the customer asks, not from who they are, so persona-paired
  // customers are treated alike; grave events (bereavement, safety…) still count wherever they appear.
  // Guard read the message for injection once; the readings below reuse what it found.
  const context = { previousAnswerGiven, injection: state.injection };
  const asked = readSignals(cleaned, context);
  const whole = readSignals(state.redacted, context);
  // Grave events count wherever they appear, but who the customer says they are is none ("I'm a
  // family lawyer" is no legal threat).
  const events = withoutSelfDescriptions(state.redacted);
  const eventSensitive = events === state.redacted ? whole.sensitive : readSignals(events, context).sensitive;
  const signals = {
    ...asked,
    humanRequested: asked.humanRequested || whole.humanRequested,
    sensitive: [...new Set([...asked.sensitive, ...eventSensitive.filter((k) => !PERSONAL_ONLY.has(k))])],
    injection: whole.injection,
  };
  // After an answer, a message may insist on it; a request for a person never does.
  const reacting = previousAnswerGiven && !signals.humanRequested;
  // Insisting without a new question ("I'll post about this unless you confirm 45 days", "Make
  // it happen.") is pushback too: it carries no topic of its own.
  const insists = reacting && isReaction(cleaned);
  // So is a threat, a review or a post about the answer, even one made in saying who the customer is
  // (a journalist with an audience): it insists on the answer, whatever else its words name.
  const threatens = reacting && whole.pressure.some((p) => ADVERSARIAL_PRESSURE.includes(p));
  signals.pushback = asked.pushback || insists || threatens;
  // Pushback carries no topic of its own: look up exactly what it disputes, so the same evidence
  // is weighed again (the counter-claim is checked as a premise).
  // "yes", "thanks", "hi": conversation, not a question. A "yes" to Keel's offer of a person (its
  // last reply was a refusal, which always offers one) is a request for that person.
  const social = socialActOf(state.redacted);
  if (social === "yes" && (state.refusalStreak > 0 || state.issueOfferOpen)) signals.humanRequested = true;
  if (social) signals.pushback = false;
  const query = signals.pushback && state.lastAnswer ? state.lastAnswer.question : focusOf(cleaned);
  // Pushback read only from the form (a reaction that asks nothing, with no word of dispute) may be
  // a claim on another topic when it is marked as turning to one: retrieve decides by where its own
  // words lead.
  const reactionQuery = signals.pushback && !asked.pushback && !threatens && insists && marksNewTopic(cleaned) ? focusOf(cleaned) : null;
  return { signals, query, reactionQuery, social: signals.humanRequested ? null : social };
}
