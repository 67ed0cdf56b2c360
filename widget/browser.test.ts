// The faces in a real browser (Debian's Chromium driven by playwright-core) against the real
// server: a customer on the demo store page, an agent in the console and a policy owner in the
// policy pages, end to end, as issue 5 tells the story. Screenshots go to docs/screenshots/ so the
// README shows what Keel looks like.
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import {
  askWidget,
  hasChromium,
  launchChromium,
  SCREENSHOTS,
  signIn,
  startKeel,
  warnIfNoChromium,
  widgetState,
  type Keel,
} from "../test-support/browser.ts";

warnIfNoChromium("widget/browser.test.ts");
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

describe.skipIf(!hasChromium)("Keel in a browser", () => {
  it("serves customers, agents and policy owners end to end, and renders every injected payload as text", async () => {
    const url = keel.server.url;
    expect(keel.widgetGzipBytes).toBeLessThan(60 * 1024);
    const customerContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const customer = await customerContext.newPage();
    // What the customer saw, for the log when a step fails.
    onTestFailed(async () => console.log("widget when the test failed:", await widgetState(customer)));
    await customer.goto(`${url}/demo`);
    await customer.getByRole("button", { name: "Chat with us" }).click();

    // A grounded, cited answer, which corrects the customer's false premise.
    await askWidget(customer, "Since you allow returns within 90 days, can I return unworn items after 60 days?");
    const answer = customer.locator(".msg.keel").last();
    await expect.poll(() => answer.textContent()).toContain("30 days");
    expect(await answer.locator(".source-name").first().textContent()).toContain("Returns, Return window (version 1)");
    expect(await answer.locator("blockquote").first().isVisible()).toBe(false);
    await answer.locator(".sources-toggle").click();
    expect(await answer.locator("blockquote").first().isVisible()).toBe(true);

    // Out of scope: the refusal is marked and a person is offered right there.
    await askWidget(customer, "Do you offer layaway plans for sofas?");
    // Pinned by position: later replies must not move this locator onto another message.
    const refusal = customer.locator(".msg.keel").nth((await customer.locator(".msg.keel").count()) - 1);
    expect(await refusal.locator(".unconfirmed").textContent()).toContain("Keel could not confirm this");
    expect(await refusal.getByRole("button", { name: "Talk to a person" }).isVisible()).toBe(true);
    await customer.screenshot({ path: path.join(SCREENSHOTS, "widget-desktop.png") });

    // A script in a customer message is shown as text and never runs.
    const xss = `<img src=x onerror="window.__xss=1">`;
    await askWidget(customer, xss);
    expect(await customer.locator(".msg.customer").filter({ hasText: xss }).count()).toBe(1);
    expect(await customer.locator("#keel-widget img").count()).toBe(0);
    expect(await customer.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();

    // Ask for a person from the refusal's offer; an agent in another browser context sees the
    // ticket with what Keel noticed, claims it and answers.
    await refusal.getByRole("button", { name: "Talk to a person" }).click();
    await customer.locator(".msg.system", { hasText: "You asked for a person" }).waitFor({ timeout: 20_000 });
    expect(await refusal.getByRole("button", { name: "Talk to a person" }).isVisible()).toBe(false);
    const agentContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const agent = await agentContext.newPage();
    await signIn(agent, `${url}/console`, keel.account("agent"));
    const ticket = agent.locator("[data-ticket]").first();
    await ticket.waitFor({ timeout: 20_000 });
    expect(await ticket.textContent()).toContain("SLA due in");
    await ticket.click();
    await agent.getByTestId("signals").filter({ hasText: "contradicted by Returns §Return window" }).waitFor({ timeout: 20_000 });
    expect(await agent.locator(".msg.keel [data-testid=grounding]").count()).toBeGreaterThan(0);
    expect(await agent.locator(".msg.customer").filter({ hasText: xss }).count()).toBe(1);
    await agent.getByRole("button", { name: "Claim" }).click();
    await customer.locator(".msg.system", { hasText: "Alex from support joined" }).waitFor({ timeout: 20_000 });

    // An invented claim is flagged before it can go out; Send then asks for a second click.
    const draft = agent.getByLabel("Reply to the customer");
    await draft.fill("You can return unworn items within 90 days of delivery.");
    await customer.locator(".typing", { hasText: "Alex is typing" }).waitFor({ timeout: 10_000 });
    await agent.getByRole("button", { name: "Check my draft" }).click();
    const flagged = agent.locator("mark.claim.unsupported");
    await flagged.first().waitFor({ timeout: 20_000 });
    expect(await flagged.first().textContent()).toContain("90 days");
    await agent.getByRole("button", { name: "Send", exact: true }).click();
    await agent.getByRole("button", { name: "Send anyway" }).waitFor();
    await agent.locator(".msg.keel").first().scrollIntoViewIfNeeded();
    await agent.screenshot({ path: path.join(SCREENSHOTS, "console.png") });

    // A grounded reply goes out at once and reaches the customer.
    await draft.fill("Hi, Alex here. Unworn items can be returned within 30 days of delivery.");
    await agent.getByRole("button", { name: "Send", exact: true }).click();
    await customer.locator(".msg.agent", { hasText: "Alex here" }).waitFor({ timeout: 20_000 });
    expect(await customer.locator(".msg.agent", { hasText: "90 days" }).count()).toBe(0);

    // A reload keeps the whole transcript, each message once.
    await customer.reload();
    await customer.locator(".msg.agent", { hasText: "Alex here" }).waitFor({ timeout: 20_000 });
    expect(await customer.locator(".msg.agent", { hasText: "Alex here" }).count()).toBe(1);
    expect(await customer.locator(".msg.keel", { hasText: "30 days" }).count()).toBeGreaterThan(0);
    expect(await customer.locator(".msg.customer").filter({ hasText: xss }).count()).toBe(1);
    await agent.getByRole("button", { name: "Return to Keel" }).click();
    await customer.locator(".msg.system", { hasText: "handed you back to Keel" }).waitFor({ timeout: 20_000 });

    // A policy owner edits and publishes; a script in the policy is shown as text in the preview.
    const ownerContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const owner = await ownerContext.newPage();
    await signIn(owner, `${url}/console/policies`, keel.account("policy_owner"));
    await owner.locator("tr[data-policy=returns] a").click();
    const source = owner.getByTestId("source");
    await source.waitFor();
    const edited = (await source.inputValue()).replace("within 30 days", "within 45 days") + `\n<img src=x onerror="window.__xss=2">\n`;
    await source.fill(edited);
    expect(await owner.getByTestId("preview").textContent()).toContain("<img src=x");
    expect(await owner.locator("[data-testid=preview] img").count()).toBe(0);
    await owner.getByRole("button", { name: "Save draft" }).click();
    await owner.locator("[data-publish='2']").click();
    await owner.getByTestId("result").filter({ hasText: "Published version 2" }).waitFor({ timeout: 20_000 });
    await owner.locator("[data-diff='2']").click();
    await owner.getByTestId("diff").filter({ hasText: "45 days" }).waitFor();
    expect(await owner.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();
    await owner.screenshot({ path: path.join(SCREENSHOTS, "policies.png") });

    // The widget's next answer cites the new version.
    await askWidget(customer, "How many days do I have to return unworn items?");
    const fresh = customer.locator(".msg.keel").last();
    await expect.poll(() => fresh.textContent()).toContain("45 days");
    expect(await fresh.locator(".source-name").first().textContent()).toContain("version 2");

    // On a phone the panel takes the whole screen.
    const mobile = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const phone = await mobile.newPage();
    await phone.goto(`${url}/demo`);
    await phone.getByRole("button", { name: "Chat with us" }).click();
    await askWidget(phone, "Do orders over $49 ship free?");
    await phone.locator(".msg.keel .sources-toggle").first().click();
    expect(await phone.locator(".panel").boundingBox()).toMatchObject({ x: 0, y: 0, width: 390, height: 844 });
    for (const c of [customerContext, agentContext, ownerContext, mobile]) await c.close();
  }, 180_000);
});
