// Model mode in the widget: Keel's reply appears sentence by sentence while the model is still
// writing — each sentence only once it has passed verification — and the final, cited message then
// replaces the preview. The model is the scriptable fake OpenAI server on 127.0.0.1, writing slowly.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeOpenAI, type FakeOpenAI } from "../test-support/fake-openai.ts";
import { judgeAllSupported, passageNumber, purposeOf } from "../test-support/keel-calls.ts";
import { hasChromium, launchChromium, startKeel, warnIfNoChromium, type Keel } from "../test-support/browser.ts";

warnIfNoChromium("widget/streaming.browser.test.ts");

const WINDOW = "You can return unworn items within 30 days of delivery for a full refund.";
const LABEL = "A return label costs $6.95 unless the item arrived damaged.";
const INVENTED = "Return labels are free for orders over $500.";

let fake: FakeOpenAI;
let keel: Keel;
let browser: Browser;

beforeAll(async () => {
  if (!hasChromium) return;
  fake = await startFakeOpenAI();
  keel = await startKeel({ OPENAI_BASE_URL: fake.url, KEEL_EMBEDDER: "offline", KEEL_MODEL_TIMEOUT_MS: "15000" });
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await keel?.server.close();
  await fake?.close();
});

describe.skipIf(!hasChromium)("a streamed reply in the widget", () => {
  it("shows verified sentences as they come, never the invented one, then the whole cited reply in their place", async () => {
    fake.script((call) =>
      purposeOf(call) === "judge"
        ? judgeAllSupported(call)
        : {
            json: {
              answerable: true,
              sentences: [
                { text: WINDOW, passage: passageNumber(call, WINDOW) },
                { text: INVENTED, passage: passageNumber(call, LABEL) },
                { text: LABEL, passage: passageNumber(call, LABEL) },
              ],
            },
            // Slow enough that the preview is on screen for a good while before the reply is done.
            chunkDelayMs: 80,
          },
    );
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${keel.server.url}/demo`);
    await page.getByRole("button", { name: "Chat with us" }).click();
    // Everything the widget ever shows, including previews that are later replaced.
    await page.locator("#keel-widget").evaluate((host) => {
      const seen: string[] = [];
      (window as unknown as { __shown: string[] }).__shown = seen;
      new MutationObserver((records) => {
        for (const r of records) r.addedNodes.forEach((n) => seen.push(n.textContent ?? ""));
      }).observe(host.shadowRoot!, { childList: true, subtree: true });
    });
    await page.locator("#keel-input").fill("How many days do I have to return unworn items, and what does a return label cost?");
    await page.locator("#keel-input").press("Enter");

    // The first verified sentence is shown, marked busy, before Keel's reply exists.
    const preview = page.locator(".msg.streaming");
    await preview.filter({ hasText: WINDOW }).waitFor({ timeout: 20_000 });
    expect(await preview.getAttribute("aria-busy")).toBe("true");
    expect(await page.locator(".msg.keel").count()).toBe(0);

    // Then the final reply replaces the preview: both verified sentences, cited, and nothing invented anywhere.
    const reply = page.locator(".msg.keel").first();
    await reply.waitFor({ timeout: 20_000 });
    expect(await preview.count()).toBe(0);
    expect(await reply.textContent()).toContain(WINDOW);
    expect(await reply.textContent()).toContain(LABEL);
    expect(await reply.locator(".source-name").first().textContent()).toContain("Returns");
    const shown = await page.evaluate(() => (window as unknown as { __shown: string[] }).__shown.join("\n"));
    expect(shown).toContain(WINDOW);
    expect(shown).not.toContain("over $500");
  }, 90_000);
});
