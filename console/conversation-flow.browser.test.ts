// The agent console as an agent meets a real conversation (issue 18), in Chromium against the real
// server: the summary and topic cover the whole conversation, "Suggest grounded reply" answers the
// open question, a flagged draft sentence comes with the policy's words and a correction, the
// transcript follows new messages (or shows a pill while the agent reads further up), a ticket
// handed back to Keel says so, Resolve asks first when the customer is waiting for an answer, and
// axe-core finds nothing serious on the console or the policy pages.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Message } from "../protocol/messages.ts";
import { ask, newCustomer, type CustomerClient } from "../test-support/server.ts";
import { seriousAccessibilityViolations } from "../test-support/axe-audit.ts";
import { hasChromium, launchChromium, signIn, startKeel, warnIfNoChromium, type Keel } from "../test-support/browser.ts";

warnIfNoChromium("console/conversation-flow.browser.test.ts");
let keel: Keel;
let browser: Browser;

beforeAll(async () => {
  if (!hasChromium) return;
  keel = await startKeel();
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await keel?.server.close();
});

let clientIds = 0;
const say = (customer: CustomerClient, text: string) =>
  ask<{ reply?: Message; queued?: boolean }>(customer.socket, "message:send", { clientId: `flow-test-${++clientIds}`, text });

/** A returns question, a dispute of the answer, then "I want to talk to a human". */
async function returnsDispute(): Promise<CustomerClient> {
  const customer = await newCustomer(keel.server.url);
  expect((await say(customer, "How many days do I have to return unworn items?")).reply?.text).toContain("30 days");
  expect((await say(customer, "That's wrong, you allow returns within 90 days")).reply?.outcome).toBe("answer");
  expect((await say(customer, "I want to talk to a human")).reply?.outcome).toBe("handoff");
  return customer;
}

async function agentPage(width = 1440, height = 900): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height } });
  const page = await context.newPage();
  await signIn(page, `${keel.server.url}/console`, keel.account("agent"));
  await page.getByText("agent online").first().waitFor();
  return page;
}

/** Whether the element is inside the transcript's visible area (not scrolled out, not covered). */
function inView(page: Page, selector: string): Promise<boolean> {
  return page.evaluate((sel) => {
    const nodes = document.querySelectorAll<HTMLElement>(sel);
    const node = nodes[nodes.length - 1];
    const box = document.querySelector<HTMLElement>(".transcript")?.getBoundingClientRect();
    if (!node || !box) return false;
    const r = node.getBoundingClientRect();
    const visible = r.top >= box.top - 1 && r.bottom <= box.bottom + 1;
    // Nothing drawn over its middle (Keel's draft card, the reply box).
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + Math.min(r.height / 2, 10));
    return visible && Boolean(hit && node.contains(hit));
  }, selector);
}

describe.skipIf(!hasChromium)("the agent console, for a whole conversation", () => {
  it("summarises the whole conversation, files it under the policy disputed, and suggests a reply to the disputed point", async () => {
    const agent = await agentPage();
    const customer = await returnsDispute();
    const card = agent.locator(`[data-conversation="${customer.id}"]`);
    await card.waitFor({ timeout: 20_000 });
    // The topic is the policy the conversation was about, not the last line's nearest passage.
    expect(await card.locator(".topic").textContent()).toBe("Returns");
    expect(await card.textContent()).not.toMatch(/grounding grounding/);
    expect(await card.locator(".question").textContent()).toBe("How many days do I have to return unworn items?");

    await card.click();
    const summary = agent.getByTestId("summary");
    await summary.waitFor();
    const text = (await summary.textContent()) ?? "";
    expect(text).toContain(`Wants: "How many days do I have to return unworn items?"`);
    expect(text).toContain(`Keel said: Returns v1 §Return window: "You can return unworn items within 30 days of delivery for a full refund."`);
    expect(text).toContain(`Disputed: the customer says "you allow returns within 90 days"`);
    expect(text).not.toContain("talk to a human");

    // The suggestion answers the disputed point, not "I want to talk to a human".
    const draft = agent.getByLabel("Reply to the customer");
    await agent.getByRole("button", { name: "Suggest grounded reply" }).click();
    await expect.poll(() => draft.inputValue(), { timeout: 20_000 }).toContain("30 days");
    expect(await draft.inputValue()).not.toMatch(/passed this conversation|support team/);
    customer.socket.close();
    await agent.context().close();
  }, 120_000);

  it("shows the policy's words and a correction beside a flagged draft sentence, and styles Send anyway as a warning", async () => {
    const agent = await agentPage();
    const customer = await returnsDispute();
    await agent.locator(`[data-conversation="${customer.id}"]`).click();
    await agent.getByRole("button", { name: "Claim", exact: true }).click();
    const draft = agent.getByLabel("Reply to the customer");
    await draft.fill("Sorry for the confusion. You can return unworn items within 90 days of delivery.");
    await agent.getByRole("button", { name: "Check my draft" }).click();
    const correction = agent.getByTestId("correction");
    await correction.waitFor({ timeout: 20_000 });
    expect(await correction.locator(".flagged").textContent()).toContain("You can return unworn items within 90 days of delivery.");
    expect(await correction.locator("blockquote").textContent()).toBe("You can return unworn items within 30 days of delivery for a full refund.");
    expect(await correction.locator("figcaption").textContent()).toContain("Returns v1 — Return window");
    expect(await correction.getByTestId("suggested-correction").textContent()).toBe("You can return unworn items within 30 days of delivery.");

    // Send first asks again, as a warning that does not look like Send.
    const send = agent.getByRole("button", { name: "Send", exact: true });
    const sendStyle = await send.evaluate((b) => getComputedStyle(b).backgroundColor);
    await send.click();
    const anyway = agent.getByRole("button", { name: "Send anyway" });
    await anyway.waitFor();
    expect(await anyway.getAttribute("class")).toContain("warning");
    expect(await anyway.evaluate((b) => getComputedStyle(b).backgroundColor)).not.toBe(sendStyle);

    // The correction goes into the draft, and the draft then checks clean and sends at once.
    await correction.getByRole("button", { name: "Use this correction" }).click();
    expect(await draft.inputValue()).toBe("Sorry for the confusion. You can return unworn items within 30 days of delivery.");
    await agent.getByRole("button", { name: "Check my draft" }).click();
    await agent.locator("mark.claim.supported", { hasText: "within 30 days" }).waitFor();
    expect(await agent.getByTestId("correction").count()).toBe(0);

    expect(await seriousAccessibilityViolations(agent)).toEqual([]);
    customer.socket.close();
    await agent.context().close();
  }, 120_000);

  it("follows new messages, keeps the newest one uncovered, and shows a pill while the agent reads further up", async () => {
    const agent = await agentPage(1280, 720);
    const customer = await returnsDispute();
    await agent.locator(`[data-conversation="${customer.id}"]`).click();
    await agent.getByRole("button", { name: "Claim", exact: true }).click();
    // A transcript long enough to scroll, with Keel's draft card open for each message.
    for (let i = 1; i <= 8; i++) expect((await say(customer, `Question ${i}: can I return unworn items after ${i * 3} days?`)).queued).toBe(true);
    await agent.locator(".msg.customer", { hasText: "Question 8" }).waitFor();
    await agent.getByText("Keel's draft for the latest message").waitFor({ timeout: 20_000 });
    await expect.poll(() => inView(agent, ".msg.customer")).toBe(true);

    // The reply box grows (a long check result) and a scroll event arrives after the layout moved
    // on, as happens when both land in one frame: the newest message stays in view.
    await agent.evaluate(() => {
      const filler = document.createElement("div");
      filler.id = "filler";
      filler.style.height = "180px";
      document.querySelector("[data-testid=check-result]")!.append(filler);
      document.querySelector(".transcript")!.dispatchEvent(new Event("scroll"));
    });
    await expect.poll(() => inView(agent, ".msg.customer")).toBe(true);
    await agent.evaluate(() => document.getElementById("filler")!.remove());

    // Reading further up: a new message waits behind the pill.
    // Scroll events are delivered on the next frame: wait for it, so the console has seen the
    // agent scroll up before the next message lands.
    await agent.locator(".transcript").evaluate(
      (t) =>
        new Promise<void>((done) => {
          t.addEventListener("scroll", () => requestAnimationFrame(() => done()), { once: true });
          t.scrollTop = 0;
        }),
    );
    await say(customer, "Question 9: and after 25 days?");
    const pill = agent.getByTestId("new-messages");
    await pill.waitFor();
    expect(await pill.textContent()).toBe("1 new message ↓");
    expect(await inView(agent, ".msg.customer")).toBe(false);
    await pill.click();
    await expect.poll(() => inView(agent, ".msg.customer")).toBe(true);
    expect(await pill.isHidden()).toBe(true);

    // At the bottom again, the next message is followed without a pill.
    await say(customer, "Question 10: and after 28 days?");
    await agent.locator(".msg.customer", { hasText: "Question 10" }).waitFor();
    await expect.poll(() => inView(agent, ".msg.customer")).toBe(true);
    expect(await pill.isHidden()).toBe(true);
    customer.socket.close();
    await agent.context().close();
  }, 120_000);

  it("asks before resolving while the customer waits for an answer, and shows a ticket handed back to Keel as Keel's", async () => {
    const agent = await agentPage();
    const customer = await returnsDispute();
    const card = agent.locator(`[data-conversation="${customer.id}"]`);
    await card.click();
    await agent.getByRole("button", { name: "Claim", exact: true }).click();
    await say(customer, "So can I return them or not?");
    await agent.locator(".msg.customer", { hasText: "return them or not" }).waitFor();
    await agent.getByRole("button", { name: "Resolve", exact: true }).click();
    await agent.getByText("The customer's last message has no answer yet.").waitFor();
    expect(await agent.locator("[data-ticket][data-status=resolved]").count()).toBe(0);

    await agent.getByRole("button", { name: "Return to Keel" }).click();
    await expect.poll(() => agent.locator(".conv-head h2").textContent()).toContain("returned to Keel");
    expect(await agent.locator(".conv-head h2").textContent()).not.toContain("claimed by");
    await expect.poll(() => card.textContent()).toContain("returned to Keel");

    // Resolve anyway: the second press resolves.
    await agent.getByRole("button", { name: "Resolve", exact: true }).click();
    await agent.getByRole("button", { name: "Resolve anyway" }).click();
    await expect.poll(() => card.getAttribute("data-status")).toBe("resolved");
    customer.socket.close();
    await agent.context().close();
  }, 120_000);

  it("links an agent only to the console, and fits a phone without a wrapped Sign out or an empty card", async () => {
    const agent = await agentPage(390, 844);
    expect(await agent.locator(".topbar a").allTextContents()).toEqual(["Agent console"]);
    const signOut = agent.getByRole("button", { name: "Sign out" });
    const box = (await signOut.boundingBox())!;
    const lineHeight = await signOut.evaluate((b) => parseFloat(getComputedStyle(b).lineHeight));
    expect(box.height).toBeLessThan(lineHeight * 2);
    const emptyCards = await agent.evaluate(
      () => Array.from(document.querySelectorAll<HTMLElement>(".pane")).filter((p) => p.offsetHeight > 0 && !p.textContent?.trim()).length,
    );
    expect(emptyCards).toBe(0);

    // On a phone too, the transcript follows the customer's messages after a claim, uncovered.
    const customer = await returnsDispute();
    await agent.locator(`[data-conversation="${customer.id}"]`).click();
    await agent.getByRole("button", { name: "Claim", exact: true }).click();
    for (let i = 1; i <= 6; i++) await say(customer, `Question ${i}: can I return unworn items after ${i * 3} days?`);
    await agent.locator(".msg.customer", { hasText: "Question 6" }).waitFor();
    await agent.getByText("Keel's draft for the latest message").waitFor({ timeout: 20_000 });
    await agent.getByLabel("Reply to the customer").fill("You can return unworn items within 90 days of delivery.");
    await agent.getByRole("button", { name: "Check my draft" }).click();
    await agent.getByTestId("correction").waitFor({ timeout: 20_000 });
    await agent.locator(".transcript").scrollIntoViewIfNeeded();
    await expect.poll(() => inView(agent, ".msg.customer")).toBe(true);
    expect(await agent.getByTestId("new-messages").isHidden()).toBe(true);
    customer.socket.close();
    // The signed-in name is readable on the dark bar.
    expect(await seriousAccessibilityViolations(agent)).toEqual([]);
    await agent.context().close();
  }, 60_000);

  it("passes axe on the sign-in form and the policy pages", async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const owner = await context.newPage();
    await owner.goto(`${keel.server.url}/console/policies`);
    await owner.getByLabel("Email").waitFor();
    expect(await seriousAccessibilityViolations(owner)).toEqual([]);
    await signIn(owner, `${keel.server.url}/console/policies`, keel.account("policy_owner"));
    await owner.locator("tr[data-policy=returns]").waitFor();
    expect(await seriousAccessibilityViolations(owner)).toEqual([]);
    await owner.locator("tr[data-policy=returns] a").click();
    await owner.locator("h2", { hasText: "Returns" }).waitFor();
    expect(await seriousAccessibilityViolations(owner)).toEqual([]);
    await context.close();
  }, 60_000);
});
