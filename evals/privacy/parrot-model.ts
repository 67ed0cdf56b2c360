// A chat model that leaks whatever it is given, for the privacy suite in offline mode: without a
// model there would be no model payloads to inspect. It answers every other call by repeating the
// customer's text as its "answer", and the rest with an HTTP 400 that quotes the request back —
// as some providers do — so the text also reaches Keel's warning log. Whatever Keel sends it ends
// up in a reply, a log line or the audit; the suite then checks none of it is personal data.
import { startFakeOpenAI, type FakeOpenAI } from "../../test-support/fake-openai.ts";

export async function startParrotModel(): Promise<FakeOpenAI> {
  let calls = 0;
  return startFakeOpenAI({
    handler: (call) => {
      if (call.kind !== "chat") return undefined; // embeddings: the fake's hashed vectors
      calls++;
      const heard = call.lastUserText.slice(-1000);
      if (calls % 2) return { json: { answerable: true, sentences: [{ text: heard, passage: 1 }], supported: [true] } };
      return { status: 400, body: { error: { message: `could not process the request: ${heard}`, type: "invalid_request_error", code: null } } };
    },
  });
}
