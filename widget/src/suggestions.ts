// The suggested questions under the greeting (GET /api/v1/suggestions): asked for once when the
// panel first opens, shown as buttons that send the question, and gone for good once the customer
// writes or asks for a person.
import { el } from "./render.ts";

/** A question longer than this is not a chip (the server sends shorter ones). */
const MAX_CHARS = 200;

export function createSuggestions(options: { origin: string; slot: HTMLElement; ask: (question: string) => void }) {
  let asked = false;
  let done = false;
  return {
    async show(): Promise<void> {
      if (asked || done) return;
      asked = true;
      const res = await fetch(`${options.origin}/api/v1/suggestions`).catch(() => null);
      const body = res?.ok ? ((await res.json().catch(() => null)) as { questions?: unknown } | null) : null;
      const questions = Array.isArray(body?.questions)
        ? body.questions.filter((q): q is string => typeof q === "string" && q.length <= MAX_CHARS).slice(0, 3)
        : [];
      if (done) return;
      for (const q of questions) {
        const chip = el("button", { type: "button", class: "suggestion" }, q);
        chip.addEventListener("click", () => options.ask(q));
        options.slot.append(chip);
      }
    },
    drop(): void {
      done = true;
      options.slot.replaceChildren();
    },
  };
}
