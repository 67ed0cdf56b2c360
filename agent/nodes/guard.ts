// guard: bounds the message, redacts personal data from everything downstream (models, logs,
// the conversation's memory), flags prompt injection and reads the purchase dates the message names. It also
// clears the previous turn's working fields.
import { MAX_MESSAGE_CHARS } from "../../config/limits.ts";
import { detectInjection } from "../guard/injection.ts";
import { redactPersonalData } from "../guard/redact.ts";
import { todayIso } from "../../kb/effective.ts";
import { namedPurchaseDates } from "../time-travel/dates.ts";
import type { State, Update } from "../state.ts";

export function guard(state: State): Update {
  // Control characters carry no meaning for a question and can hide instructions.
  const bounded = state.message
    .normalize("NFC")
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u200b-\u200f\u2028\u2029\ufeff]/g, " ")
    .slice(0, MAX_MESSAGE_CHARS);
  const redacted = redactPersonalData(bounded).text;
  // Read once, against the turn's date (never the clock of whoever replays it): a purchase date
  // named dates the answer unless the caller gave one, and later steps read the question without it.
  const datesNamed = namedPurchaseDates(redacted, state.today ?? todayIso());
  return {
    redacted,
    injection: detectInjection(redacted).detected,
    datesNamed,
    asOf: state.asOf ?? datesNamed[0]?.date ?? null,
    signals: null,
    social: null,
    query: "",
    reactionQuery: null,
    hits: [],
    premiseHits: [],
    unknownSpecifics: [],
    premises: [],
    draft: null,
    grounding: null,
    modelError: null,
    exposures: [],
    customerFields: [],
    reply: null,
    transcript: [{ role: "customer", text: redacted }],
  };
}
