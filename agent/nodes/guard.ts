// guard: bounds the message, redacts personal data from everything downstream (models, logs,
// checkpoints) and flags prompt injection. It also clears the previous turn's working fields.
import { MAX_MESSAGE_CHARS } from "../../config/limits.ts";
import { detectInjection } from "../guard/injection.ts";
import { redactPersonalData } from "../guard/redact.ts";
import type { State, Update } from "../state.ts";

export function guard(state: State): Update {
  // Control characters carry no meaning for a question and can hide instructions.
  const bounded = state.message
    .normalize("NFC")
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u200b-\u200f\u2028\u2029\ufeff]/g, " ")
    .slice(0, MAX_MESSAGE_CHARS);
  const redacted = redactPersonalData(bounded).text;
  return {
    redacted,
    injection: detectInjection(redacted).detected,
    signals: null,
    social: null,
    query: "",
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
