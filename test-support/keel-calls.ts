// For tests that script the fake OpenAI server: which of Keel's model calls a request is, and what
// it carries (the numbered passages of an answer call, the claims of a judge call).
import type { FakeCall, FakeReply } from "./fake-openai.ts";

export type Purpose = "answer" | "judge";

/** Which of Keel's two model calls this is: the structured-output schema name says. */
export function purposeOf(call: FakeCall): Purpose {
  if (call.kind !== "chat") throw new Error("unexpected embeddings call: the embedder is offline");
  const name = call.body.response_format?.json_schema?.name ?? call.body.tool_choice ?? "";
  if (JSON.stringify(name).includes("support_judgement")) return "judge";
  if (JSON.stringify(name).includes("grounded_answer")) return "answer";
  // Fall back on the prompt: the judge is asked about numbered claims.
  return /^Claim 1:/m.test(call.lastUserText) ? "judge" : "answer";
}

/** The number Keel gave the passage containing `text` in the answer prompt ("[2] Returns — Return window"). */
export function passageNumber(call: FakeCall, text: string): number {
  if (call.kind !== "chat") throw new Error("expected a chat call");
  // Only the passages: the customer's question comes after them and may repeat their words.
  const passages = call.lastUserText.split("Customer's question")[0]!;
  const blocks = passages.split(/\n(?=\[\d+\] )/);
  for (const block of blocks) {
    const m = block.match(/^(?:[\s\S]*?\n)?\[(\d+)\] /);
    if (m && block.includes(text)) return Number(m[1]);
  }
  throw new Error(`no passage containing "${text}" was sent to the model:\n${call.lastUserText}`);
}

/** The claims a judge call asks about, in order. */
export function claimsIn(call: FakeCall): string[] {
  return call.kind === "chat" ? [...call.lastUserText.matchAll(/^Claim \d+: (.*)$/gm)].map((m) => m[1]!) : [];
}

export const judgeAllSupported = (call: FakeCall): FakeReply => ({ json: { supported: claimsIn(call).map(() => true) } });
