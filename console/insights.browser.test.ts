// Issue 17 in a real browser (Debian's Chromium via playwright-core) against the real server: a
// customer is asked "Did this answer your question?" when closing the widget after an answer and
// rates it from the keyboard; a person's resolution asks another customer; an admin opens the
// insights page over the seeded demo history and sees the trend chart, the per-policy chart and
// table with that rating counted, downloads the CSV, and the page fits a 390 px phone.
import fs from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import { createStaff } from "../server/auth/staff-store.ts";
import { seedDemoHistory } from "../server/insights/demo-history.ts";
import { computeInsights } from "../server/insights/insights.ts";
import { ask, newCustomer } from "../test-support/server.ts";
import {
  askWidget,
  hasChromium,
  launchChromium,
  SCREENSHOTS,
  signIn,
  startKeel,
  warnIfNoChromium,
  widgetFocus,
  widgetState,
  type Keel,
} from "../test-support/browser.ts";

warnIfNoChromium("console/insights.browser.test.ts");
let keel: Keel;
let browser: Browser;
const admin = { email: "ada@demo.keel", password: "correct horse battery" };
const today = new Date().toISOString().slice(0, 10);
const range = { from: new Date(Date.now() - 41 * 86_400_000).toISOString().slice(0, 10), to: today };

beforeAll(async () => {
  if (!hasChromium) return;
  keel = await startKeel();
  // The demo start's history, so the page looks as it does on a fresh `npm start`.
  await seedDemoHistory(keel.server.kb.db.pool);
  await createStaff(keel.server.kb.db.pool, { ...admin, role: "admin", displayName: "Ada" });
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await keel?.server.close();
});

/** The per-policy table's row for a policy, as {column: text}. */
async function policyRow(page: Page, title: string): Promise<Record<string, string>> {
  const table = page.locator("table.policies");
  const head = await table.locator("thead th").allTextContents();
  const cells = await table
    .locator("tbody tr")
    .filter({ has: page.locator(`th:text-is("${title}")`) })
    .locator("th, td")
    .allTextContents();
  return Object.fromEntries(head.map((h, i) => [h, cells[i] ?? ""]));
}

describe.skipIf(!hasChromium)("ratings and insights", () => {
  it("a customer rates an answer from the keyboard, and an admin sees it counted on the insights page", async () => {
    const pool = keel.server.kb.db.pool;
    const before = await computeInsights(pool, range);
    const returnsBefore = before.policies.find((p) => p.policy === "returns") ?? { helpful: 0 };

    const customerContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const customer = await customerContext.newPage();
    onTestFailed(async () => console.log("widget when the test failed:", await widgetState(customer)));
    await customer.goto(`${keel.server.url}/demo`);
    await customer.getByRole("button", { name: "Chat with us" }).click();
    await askWidget(customer, "How many days do I have to return unworn items?");
    await expect.poll(() => customer.locator(".msg.keel").last().textContent()).toContain("30 days");

    // Closing after an answer asks once, with focus on the first choice; nothing is sent yet.
    await customer.getByRole("button", { name: "Close chat" }).click();
    const prompt = customer.getByRole("group", { name: "Did this answer your question?" });
    await prompt.waitFor();
    expect(await customer.locator("#keel-panel").isVisible()).toBe(true);
    expect(await widgetFocus(customer)).toBe("button.choice");
    expect(await prompt.getByRole("button", { name: "Yes" }).getAttribute("aria-pressed")).toBe("false");

    // Keyboard only: Enter on "Yes" saves helpful at once and moves focus to the optional score.
    await customer.keyboard.press("Enter");
    await expect.poll(() => prompt.getByRole("status").textContent()).toContain("Add a rating or a comment");
    expect(await prompt.getByRole("button", { name: "Yes" }).getAttribute("aria-pressed")).toBe("true");
    expect(await widgetFocus(customer)).toBe("input.");
    await expect
      .poll(
        async () =>
          (
            await pool.query(
              "SELECT helpful, score FROM ratings r JOIN conversations c ON c.id = r.conversation_id WHERE c.customer_id = 'cust-1042'",
            )
          ).rows,
      )
      .toEqual([{ helpful: true, score: null }]);
    await prompt.getByRole("radio", { name: "5 / 5" }).check();
    const hostile = `<img src=x onerror="window.__xss=1"> great`;
    await prompt.getByLabel("Anything to add? (optional)").fill(hostile);
    await customer.screenshot({ path: path.join(SCREENSHOTS, "rating-prompt.png") });
    await prompt.getByRole("button", { name: "Send feedback" }).click();
    await customer.getByText("Thanks for your feedback.").waitFor();
    expect(await widgetFocus(customer)).toBe("textarea#keel-input.");
    expect(await customer.locator("#keel-widget img").count()).toBe(0);
    expect(await customer.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();
    const { rows } = await pool.query(
      "SELECT helpful, score, comment, outcome, policies, human FROM ratings r JOIN conversations c ON c.id = r.conversation_id WHERE c.customer_id = 'cust-1042'",
    );
    expect(rows).toEqual([{ helpful: true, score: 5, comment: hostile, outcome: "answer", policies: ["returns"], human: false }]);

    // Asked once: closing again closes, and a reload does not ask again.
    await customer.getByRole("button", { name: "Close chat" }).click();
    expect(await customer.locator("#keel-panel").isVisible()).toBe(false);
    await customer.reload();
    // A returning customer's widget opens on its own with the transcript.
    await customer.locator(".msg.keel").first().waitFor();
    await customer.getByRole("button", { name: "Close chat" }).click();
    expect(await customer.locator("#keel-panel").isVisible()).toBe(false);
    expect(await customer.getByRole("group", { name: "Did this answer your question?" }).count()).toBe(0);

    // The admin's page: cards, the weekly trend chart, the per-policy chart and table.
    const staffContext = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    const page = await staffContext.newPage();
    await signIn(page, `${keel.server.url}/console/insights?from=${range.from}&to=${range.to}`, admin);
    await page.getByRole("heading", { name: "Insights" }).waitFor();
    const trend = page.getByRole("img", { name: "Conversations per week" });
    await trend.waitFor();
    expect(await trend.locator("polyline").count()).toBe(5);
    expect(await page.locator("table.weeks tbody tr").count()).toBeGreaterThanOrEqual(6);
    expect(
      await page
        .getByRole("img", { name: /^Per policy/ })
        .locator("rect[data-policy='returns']")
        .count(),
    ).toBe(3);
    expect(await page.getByRole("note").textContent()).toMatch(/Includes \d+ demo conversations/);
    const returns = await policyRow(page, "Returns");
    expect(returns.Helpful).toBe(String(returnsBefore.helpful + 1));
    const ratingsCard = await page.locator(".card").filter({ hasText: "Helpful" }).textContent();
    expect(ratingsCard).toContain(`${before.totals.ratings.count + 1} ratings`);
    // Per experience level: one row for new agents, one for experienced ones.
    expect(await page.getByTestId("levels").locator("tbody th").allTextContents()).toEqual(["New agents", "Experienced agents"]);
    await page.screenshot({ path: path.join(SCREENSHOTS, "insights.png"), fullPage: true });

    // The CSV holds the same numbers.
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download CSV" }).click()]);
    const csv = fs.readFileSync((await download.path())!, "utf8");
    expect(csv.split("\r\n")[0]).toBe(
      "week,conversations,answered,refused,handoffs,resolved_without_human,repeat_contacts,false_premises,pushback,pushback_held,median_first_human_reply_seconds,ratings,helpful,mean_score",
    );
    expect(csv).toMatch(new RegExp(`\\r\\nreturns,Returns,\\d+,\\d+,\\d+,${returnsBefore.helpful + 1},\\d+\\r\\n`));

    // A narrower range through the picker reloads the numbers and the address.
    await page.getByLabel("From", { exact: true }).fill(today);
    await page.getByRole("button", { name: "Show" }).click();
    await expect.poll(() => page.url()).toContain(`from=${today}`);
    await expect.poll(() => page.getByRole("status").textContent()).toContain(`Showing ${today} to ${today}`);

    // At 390 px nothing scrolls sideways except the tables inside their own frames.
    const phone = await staffContext.newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    await phone.goto(`${keel.server.url}/console/insights?from=${range.from}&to=${range.to}`);
    await phone.getByRole("img", { name: "Conversations per week" }).waitFor();
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await phone.screenshot({ path: path.join(SCREENSHOTS, "insights-mobile.png") });
    await customerContext.close();
    await staffContext.close();
  }, 120_000);

  it("asks when a person resolves the conversation, and refuses the page to agents", async () => {
    const customer = await newCustomer(keel.server.url);
    const page = await (await browser.newContext()).newPage();
    // The widget on the demo page resumes this conversation from storage.
    await page.goto(`${keel.server.url}/demo`);
    await page.evaluate(
      ([key, value]) => localStorage.setItem(key!, value!),
      [`keel:demo:user:cust-1042`, JSON.stringify({ id: customer.id, token: customer.token })],
    );
    await page.reload();
    await page.locator("#keel-panel").waitFor();
    expect((await ask(customer.socket, "human:request", {})).ok).toBe(true);
    const tickets = (await keel.server.desk.pool.query("SELECT id FROM tickets WHERE conversation_id = $1", [customer.id])).rows;
    const agent = await keel.server.staff("agent", "Avery");
    expect((await agent.fetch(`/api/v1/handoffs/${tickets[0].id}/claim`, { method: "POST" })).status).toBe(200);
    expect(
      (await agent.fetch(`/api/v1/handoffs/${tickets[0].id}/resolve`, { method: "POST", body: JSON.stringify({ disposition: "solved" }) })).status,
    ).toBe(200);
    const prompt = page.getByRole("group", { name: "Did this answer your question?" });
    await prompt.waitFor({ timeout: 20_000 });
    await prompt.getByRole("button", { name: "Not now" }).click();
    expect(await prompt.count()).toBe(0);
    expect(await widgetFocus(page)).toBe("textarea#keel-input.");
    expect((await keel.server.desk.pool.query("SELECT count(*)::int AS n FROM ratings WHERE conversation_id = $1", [customer.id])).rows[0].n).toBe(0);
    customer.socket.close();

    const agentPage = await (await browser.newContext()).newPage();
    await signIn(agentPage, `${keel.server.url}/console/insights`, keel.account("agent"));
    expect(await agentPage.getByRole("alert").textContent()).toContain("Insights are for admins and policy owners");
  }, 60_000);
});
