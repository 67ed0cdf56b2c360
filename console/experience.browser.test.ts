// Help sized to the agent, in Chromium (issue 17): a new agent opens a ticket with Keel's help
// unfolded (checklist, policy quotes) and cannot send a wrong fact without seeing the checker's
// objection; an experienced agent sees the same help folded and sends directly. Both see which
// customer fields Keel's answers used.
import fs from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Message } from "../protocol/messages.ts";
import { signCustomerContext } from "../server/auth/customer-context.ts";
import { signUserId } from "../server/auth/identity.ts";
import { createStaff } from "../server/auth/staff-store.ts";
import { ask, newCustomer, next, type CustomerClient } from "../test-support/server.ts";
import { hasChromium, launchChromium, SCREENSHOTS, signIn, startKeel, warnIfNoChromium, type Keel } from "../test-support/browser.ts";

warnIfNoChromium("console/experience.browser.test.ts");
let keel: Keel;
let browser: Browser;
const PASSWORD = "correct horse battery";
const SECRET = "experience-site-secret";
const WRONG_FACT = "You can return unworn items within 90 days of delivery.";

beforeAll(async () => {
  if (!hasChromium) return;
  keel = await startKeel();
  browser = await launchChromium();
  const pool = keel.server.kb.db.pool;
  await pool.query("INSERT INTO sites (id, secret) VALUES ('exp-shop', $1)", [SECRET]);
  await createStaff(pool, { email: "nia@exp.test", role: "agent", password: PASSWORD, displayName: "Nia", experience: "new" });
  await createStaff(pool, { email: "eli@exp.test", role: "agent", password: PASSWORD, displayName: "Eli", experience: "experienced" });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await keel?.server.close();
});

let clientIds = 0;
/** A signed-in customer with an open issue, handed off to a person after one answer. */
async function handedOff(userId: string): Promise<CustomerClient> {
  const data = JSON.stringify({
    issues: [{ id: "C-310", summary: "Wrong size delivered", status: "open" }],
    consent: { marketing: false },
    tier: null,
  });
  const customer = await newCustomer(keel.server.url, {
    identity: { site: "exp-shop", userId, signature: signUserId(SECRET, userId) },
    signed_context: { data, signature: signCustomerContext(SECRET, userId, data) },
  });
  for (const text of ["How many days do I have to return unworn items?", "I want to talk to a human"]) {
    await ask(customer.socket, "message:send", { clientId: `exp-test-${++clientIds}`, text });
  }
  return customer;
}

async function openTicket(page: Page, customer: CustomerClient): Promise<void> {
  const ticket = page.locator(`[data-conversation="${customer.id}"]`);
  await ticket.waitFor({ timeout: 20_000 });
  await ticket.click();
  await page.getByTestId("checklist").waitFor();
}

const isOpen = (page: Page, selector: string) =>
  page
    .locator(selector)
    .first()
    .evaluate((d) => (d as HTMLDetailsElement).open);

describe.skipIf(!hasChromium)("help sized to the agent", () => {
  it("shows a new agent the help open and checks the draft; an experienced agent sees it folded and sends directly", async () => {
    const forNew = await handedOff("exp-user-1");
    const forExperienced = await handedOff("exp-user-2");
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const nia = await context.newPage();
    const eliContext = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const eli = await eliContext.newPage();
    await signIn(nia, `${keel.server.url}/console`, { email: "nia@exp.test", password: PASSWORD });
    await signIn(eli, `${keel.server.url}/console`, { email: "eli@exp.test", password: PASSWORD });

    // The new agent: checklist and policy quotes open, and what Keel used about the customer.
    await openTicket(nia, forNew);
    expect(await isOpen(nia, "[data-testid=checklist]")).toBe(true);
    expect(await nia.getByTestId("checklist").locator("li").count()).toBeGreaterThanOrEqual(4);
    expect(await isOpen(nia, "section[aria-label=Context] details.citation, [role=region][aria-label=Context] details.citation")).toBe(true);
    expect(await nia.getByTestId("fields-used").textContent()).toBe("Keel's answers used: open issues");

    // The experienced agent: the same help, folded.
    await openTicket(eli, forExperienced);
    expect(await isOpen(eli, "[data-testid=checklist]")).toBe(false);
    expect(await isOpen(eli, "section[aria-label=Context] details.citation, [role=region][aria-label=Context] details.citation")).toBe(false);
    expect(await eli.getByTestId("fields-used").textContent()).toBe("Keel's answers used: open issues");
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    await nia.screenshot({ path: path.join(SCREENSHOTS, "console-new-agent.png") });
    await eli.screenshot({ path: path.join(SCREENSHOTS, "console-experienced-agent.png") });

    // A wrong fact: the new agent's Send checks it first and holds it back.
    await nia.getByRole("button", { name: "Claim", exact: true }).click();
    await nia.getByLabel("Reply to the customer").fill(WRONG_FACT);
    await nia.getByRole("button", { name: "Send", exact: true }).click();
    await nia.getByRole("button", { name: "Send anyway" }).waitFor();
    expect(await nia.getByTestId("check-result").textContent()).toContain("30 days");

    // The experienced agent's Send sends it as written.
    await eli.getByRole("button", { name: "Claim", exact: true }).click();
    const arrived = next<Message>(forExperienced.socket, "message", (m) => m.author === "agent");
    await eli.getByLabel("Reply to the customer").fill(WRONG_FACT);
    await eli.getByRole("button", { name: "Send", exact: true }).click();
    expect((await arrived).text).toBe(WRONG_FACT);
    expect(await eli.getByRole("button", { name: "Send anyway" }).count()).toBe(0);

    await context.close();
    await eliContext.close();
    forNew.socket.close();
    forExperienced.socket.close();
  }, 120_000);
});
