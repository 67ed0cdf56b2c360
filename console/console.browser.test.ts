// The staff pages in a real browser (Debian's Chromium via playwright-core) against the real server:
// an agent works a ticket from queue to resolution with Keel's grounded help, and a policy owner
// finds a gap, writes a policy, and publishes an edit after seeing what it changes. Customers are
// real socket.io clients here; the widget has its own browser tests.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Message, StatusEvent } from "../protocol/messages.ts";
import { revokeSession } from "../server/auth/staff-store.ts";
import { ask, newCustomer, next } from "../test-support/server.ts";
import { hasChromium, launchChromium, signIn, startKeel, warnIfNoChromium, type Keel } from "../test-support/browser.ts";

warnIfNoChromium("console/console.browser.test.ts");
let keel: Keel;
let browser: Browser;

beforeAll(async () => {
  if (!hasChromium) return;
  // Publishing waits for the owner to acknowledge what the replay shows would change.
  keel = await startKeel({ KEEL_PUBLISH_REQUIRES_REPLAY_ACK: "true" });
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await keel?.server.close();
});

let clientIds = 0;
const say = (socket: Parameters<typeof ask>[0], text: string) =>
  ask<{ reply?: Message }>(socket, "message:send", { clientId: `console-test-${++clientIds}`, text });

describe.skipIf(!hasChromium)("the staff console", () => {
  it("gives an agent the customer's context, what Keel noticed and grounded help, from claim to resolution", async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const agent = await context.newPage();
    await signIn(agent, `${keel.server.url}/console`, keel.account("agent"));
    await agent.getByText("1 agent online").waitFor();

    const customer = await newCustomer(keel.server.url);
    expect((await say(customer.socket, "Since you allow returns within 90 days, can I return unworn items after 60 days?")).ok).toBe(true);
    expect((await ask(customer.socket, "human:request", {})).ok).toBe(true);

    // The ticket arrives live, with its reason, SLA and a waiting time that ticks.
    const ticket = agent.locator("[data-ticket]").first();
    await ticket.waitFor({ timeout: 20_000 });
    expect(await ticket.textContent()).toContain("asked for a person");
    expect(await ticket.textContent()).toMatch(/SLA due in \d+m/);
    const waited = await ticket.locator("[data-wait]").textContent();
    await expect.poll(() => ticket.locator("[data-wait]").textContent(), { timeout: 5_000 }).not.toBe(waited);

    // What Keel noticed over the conversation and the policies involved, with quotes.
    await ticket.click();
    await agent
      .getByTestId("signals")
      .filter({ hasText: `customer asserted "you allow returns within 90 days" — contradicted by Returns §Return window` })
      .waitFor();
    const involved = agent.getByRole("region", { name: "Context" }).locator("details.citation", { hasText: "Returns v1 — Return window" });
    expect(await involved.locator("blockquote").textContent()).toBe("You can return unworn items within 30 days of delivery for a full refund.");
    expect(await agent.locator(".msg.keel [data-testid=grounding]").first().getAttribute("title")).toMatch(
      /chance the answer is right \d+%, claims supported \d+%/,
    );

    const joined = next<StatusEvent>(customer.socket, "status", (s) => s.status === "agent");
    await agent.getByRole("button", { name: "Claim" }).click();
    expect((await joined).agent?.displayName).toBe("Alex");

    // Typing shows both ways.
    customer.socket.emit("typing", { typing: true });
    await agent.getByText("Customer is typing…").waitFor();
    const agentTyping = next<{ who: string; name: string; typing: boolean }>(customer.socket, "typing", (p) => p.typing);
    const draft = agent.getByLabel("Reply to the customer");
    await draft.pressSequentially("Let me check");
    expect(await agentTyping).toMatchObject({ who: "agent", name: "Alex" });

    // While Alex owns the conversation Keel stays quiet for the customer but drafts for Alex.
    await say(customer.socket, "How many days do I have to return unworn items?");
    await agent.getByText("Keel's draft for the latest message").waitFor({ timeout: 20_000 });
    await agent.getByRole("button", { name: "Use this draft" }).click();
    expect(await draft.inputValue()).toContain("30 days");

    // The grounded suggestion, checked: every claim is backed, so Send sends at once.
    await draft.fill("");
    await agent.getByRole("button", { name: "Suggest grounded reply" }).click();
    await expect.poll(() => draft.inputValue(), { timeout: 20_000 }).toContain("30 days");
    await agent.getByText("Keel's grounded suggestion, from:").waitFor();
    await agent.getByRole("button", { name: "Check my draft" }).click();
    await agent.getByText("Every claim in your draft is backed by a policy.").waitFor();
    expect(await agent.locator("mark.claim.supported").count()).toBeGreaterThan(0);
    const replied = next<Message>(customer.socket, "message", (m) => m.author === "agent");
    await agent.getByRole("button", { name: "Send", exact: true }).click();
    expect((await replied).text).toContain("30 days");

    // An internal note stays internal.
    await agent
      .getByRole("textbox", { name: "Write an internal note" })
      .fill("Customer may push for 90 days again; Returns §Return window is clear.");
    await agent.getByRole("button", { name: "Add note" }).click();
    await agent.locator(".note", { hasText: "push for 90 days" }).waitFor();
    const transcript = (await (await customer.fetch(`/api/v1/conversations/${customer.id}/messages`)).json()) as { messages: Message[] };
    expect(transcript.messages.some((m) => m.text.includes("push for 90 days"))).toBe(false);

    // Resolve with a disposition.
    await agent.getByLabel("Disposition").selectOption("solved");
    await agent.getByRole("button", { name: "Resolve" }).click();
    await agent.getByText("Resolved today (1)").waitFor();
    expect(await agent.locator("[data-ticket][data-status=resolved]").textContent()).toContain("(solved)");
    customer.socket.close();
    await context.close();
  }, 120_000);

  it("lets a policy owner find a gap, write a policy, and publish an edit after seeing what it changes", async () => {
    const customer = await newCustomer(keel.server.url);
    expect((await say(customer.socket, "Do you offer layaway plans for sofas?")).reply?.outcome).toBe("refusal");
    expect((await say(customer.socket, "How many days do I have to return unworn items?")).reply?.citations[0]).toMatchObject({
      policy: "returns",
      version: 1,
    });
    customer.socket.close();

    // Agents cannot open the policy pages.
    const agentContext = await browser.newContext();
    const agent = await agentContext.newPage();
    await signIn(agent, `${keel.server.url}/console/policies`, keel.account("agent"));
    await agent.getByText("Your role cannot edit policies.").waitFor();
    await agentContext.close();

    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const owner = await context.newPage();
    await signIn(owner, `${keel.server.url}/console/policies`, keel.account("policy_owner"));
    // The gap report opens first: the layaway question found no policy.
    await owner.getByRole("heading", { name: "Knowledge gaps" }).waitFor();
    await owner.locator("[data-gap]", { hasText: "layaway" }).waitFor();
    const returnsRow = owner.locator("tr[data-policy=returns]");
    expect(await returnsRow.textContent()).toContain("in force");

    // A new policy whose title carries a script: created, published, and listed as text.
    await owner.getByRole("button", { name: "New policy" }).click();
    const source = owner.getByTestId("source");
    await source.fill(
      `---\nid: layaway\ntitle: "Layaway <img src=x onerror=window.__xss=3>"\neffective_from: 2024-01-01\n---\n# Layaway\n## Layaway plans\nWe do not offer layaway plans. You can pay in full at checkout.\n`,
    );
    expect(await owner.getByTestId("preview").textContent()).toContain("We do not offer layaway plans.");
    await owner.getByRole("button", { name: "Create draft" }).click();
    await owner.getByTestId("result").filter({ hasText: "Created layaway as draft version 1." }).waitFor();
    await owner.locator("[data-publish='1']").click();
    await owner.getByTestId("result").filter({ hasText: "Published version 1" }).waitFor({ timeout: 20_000 });
    expect(await owner.locator("tr[data-policy=layaway]").textContent()).toContain("Layaway <img src=x onerror=window.__xss=3>");
    expect(await owner.locator("img").count()).toBe(0);

    // Edit Returns; publishing first shows the replay of what would change, then needs an acknowledgement.
    await returnsRow.locator("a").click();
    await owner.locator("h2", { hasText: "Returns" }).waitFor();
    await source.fill((await source.inputValue()).replace("within 30 days", "within 60 days"));
    await owner.getByRole("button", { name: "Save draft" }).click();
    await owner.getByTestId("result").filter({ hasText: "Saved draft version 2." }).waitFor();
    await owner.locator("[data-publish='2']").click();
    const replay = owner.getByTestId("replay");
    await replay.waitFor({ timeout: 60_000 });
    expect(await replay.locator("[data-change]", { hasText: "How many days do I have to return unworn items?" }).textContent()).toContain("60 days");
    await owner.getByRole("button", { name: "Publish anyway — I reviewed these changes" }).click();
    await owner.getByTestId("result").filter({ hasText: "Published version 2" }).waitFor({ timeout: 30_000 });

    // History: the diff, the audit trail and the answers given under the old version.
    await owner.locator("[data-diff='2']").click();
    const diff = owner.getByTestId("diff");
    expect(await diff.locator(".removed").textContent()).toContain("within 30 days");
    expect(await diff.locator(".added").textContent()).toContain("within 60 days");
    await owner.getByRole("tab", { name: "Audit trail" }).click();
    await owner.getByRole("cell", { name: "publish" }).first().waitFor();
    expect(await owner.getByRole("cell", { name: keel.account("policy_owner").email }).count()).toBeGreaterThan(0);
    await owner.getByRole("tab", { name: "Change impact" }).click();
    await owner.locator("[data-impact]", { hasText: "within 30 days" }).first().waitFor();
    expect(await owner.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();
    await context.close();
  }, 150_000);

  it("shows the agent a stored card number masked with a marker, markup as text, and a right-to-left override as Keel read it", async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const agent = await context.newPage();
    await signIn(agent, `${keel.server.url}/console`, keel.account("agent"));
    await agent.getByText("agent online").first().waitFor();
    const customer = await newCustomer(keel.server.url);
    expect(
      (await say(customer.socket, "My card 4111 1111 1111 1111 <img src=x onerror=window.__xss=4> was charged for the \u202Eyad 09\u202C plan")).ok,
    ).toBe(true);
    expect((await ask(customer.socket, "human:request", {})).ok).toBe(true);

    const ticket = agent.locator("[data-ticket]", { hasText: "yad 09" }).first();
    await ticket.waitFor({ timeout: 20_000 });
    await ticket.click();
    const message = agent.locator(".msg.customer", { hasText: "•••• 1111" });
    await message.waitFor();
    expect(await message.locator(".text").textContent()).toBe("My card •••• 1111 <img src=x onerror=window.__xss=4> was charged for the yad 09 plan");
    expect(await message.locator(".masked").textContent()).toBe("card number masked");
    expect(await agent.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();
    expect(await agent.content()).not.toContain("4111 1111 1111 1111");
    await context.close();
  }, 60_000);

  it("tells an agent whose access was revoked to sign in again, instead of trying to reconnect", async () => {
    const context = await browser.newContext();
    const agent = await context.newPage();
    await signIn(agent, `${keel.server.url}/console`, keel.account("agent"));
    await agent.getByText("agent online").first().waitFor();
    // The session this page just opened: the newest one.
    const pool = keel.server.kb.db.pool;
    const { rows } = await pool.query<{ id: string }>("SELECT id FROM staff_sessions WHERE kind = 'session' ORDER BY id DESC LIMIT 1");
    await revokeSession(pool, rows[0]!.id);
    keel.server.desk.notifier.staffAccessEnded({ sessionId: rows[0]!.id }, "revoked");
    await agent.getByText("Your access was revoked: sign in again.").waitFor();
    await context.close();
  }, 60_000);
});
