// The widget as a stranger's site sees it: embedded from another origin in the page's language,
// themed by the host's CSS variables with no style crossing the shadow boundary, usable from the
// keyboard, honest when nobody is online, and losing nothing when the network drops. Keel is
// reached through a TCP relay the test can cut, as a flaky mobile network would.
import http from "node:http";
import net from "node:net";
import type { AddressInfo } from "node:net";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { askWidget, hasChromium, launchChromium, startKeel, warnIfNoChromium, widgetFocus, type Keel } from "../test-support/browser.ts";

warnIfNoChromium("widget/widget.browser.test.ts");

/** A TCP relay to Keel whose connections can be cut (and refused) on demand. */
async function startRelay(port: number) {
  const open = new Set<net.Socket>();
  let isDown = false;
  const server = net.createServer((client) => {
    if (isDown) return void client.destroy();
    const upstream = net.connect(port, "127.0.0.1");
    for (const s of [client, upstream]) {
      open.add(s);
      s.on("close", () => open.delete(s));
      s.on("error", () => s.destroy());
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    cut(): void {
      isDown = true;
      for (const s of open) s.destroy();
    },
    restore(): void {
      isDown = false;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Another company's page on another origin: French, its own accent colour, and hostile CSS. */
async function startHostSite(keelOrigin: string) {
  const page = `<!doctype html><html lang="fr-CA"><head><meta charset="utf-8"><title>Boutique</title>
<style>
  :root { --keel-accent: rgb(0, 110, 60); }
  button { background: rgb(255, 0, 0) !important; font-size: 40px !important; }
  .msg, .panel, .launcher { display: none !important; }
</style></head><body>
<h1>Boutique</h1><button id="host-button">Acheter</button><div class="msg" id="host-msg">host</div>
<script src="${keelOrigin}/widget/keel-widget.js" data-site="shop" async></script>
</body></html>`;
  const server = http.createServer((_req, res) => res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(page));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let keel: Keel;
let browser: Browser;
let relay: Awaited<ReturnType<typeof startRelay>>;
let host: Awaited<ReturnType<typeof startHostSite>>;

beforeAll(async () => {
  if (!hasChromium) return;
  keel = await startKeel();
  relay = await startRelay(keel.server.port);
  host = await startHostSite(relay.origin);
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await host?.close();
  await relay?.close();
  await keel?.server.close();
});

const launcherStyle = (page: Page) =>
  page.evaluate(() => {
    const launcher = document.getElementById("keel-widget")!.shadowRoot!.querySelector(".launcher")!;
    const s = getComputedStyle(launcher);
    return { background: s.backgroundColor, fontSize: s.fontSize };
  });

describe.skipIf(!hasChromium)("the widget on a customer's site", () => {
  it("embeds from another origin in the page's language, takes the host's accent colour, and no style crosses the shadow boundary", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(host.url);
    const launcher = page.getByRole("button", { name: "Discuter avec nous" });
    await launcher.waitFor();
    expect(await launcher.isVisible()).toBe(true);
    expect(await launcherStyle(page)).toEqual({ background: "rgb(0, 110, 60)", fontSize: "15px" });
    // The widget's own classes do not style the host's elements either.
    expect(await page.locator("#host-button").evaluate((n) => getComputedStyle(n).backgroundColor)).toBe("rgb(255, 0, 0)");
    await launcher.click();
    await askWidget(page, "Do orders over $49 ship free?");
    expect(await page.locator(".msg.keel").last().textContent()).toContain("Orders over $49 ship free.");
    const sources = page.locator(".msg.keel .sources-toggle").first();
    expect(await sources.textContent()).toBe("Source (1)");
    await sources.click();
    expect(await page.locator(".msg.keel .source-name").first().textContent()).toBe("Shipping, Free shipping (version 1)");
    await context.close();
  });

  it("works from the keyboard: Enter opens with focus in the message box, Esc closes and focus returns to the launcher", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${keel.server.url}/demo`);
    await page.getByRole("button", { name: "Chat with us" }).focus();
    // The launcher says what it does now: it hides the chat while the chat is open.
    const launcher = page.locator(".launcher");
    await page.keyboard.press("Enter");
    expect(await launcher.getAttribute("aria-expanded")).toBe("true");
    expect(await page.getByRole("button", { name: "Hide chat" }).count()).toBe(1);
    expect(await widgetFocus(page)).toBe("textarea#keel-input.");
    await page.keyboard.type("How many days do I have to return unworn items?");
    await page.keyboard.press("Enter");
    await page.locator(".msg.keel").first().waitFor();
    expect(await page.getByRole("log").locator(".msg.keel").count()).toBe(1);
    await page.keyboard.press("Escape");
    expect(await page.locator(".panel").isHidden()).toBe(true);
    expect(await widgetFocus(page)).toBe("button.launcher");
    expect(await launcher.getAttribute("aria-expanded")).toBe("false");
    expect(await launcher.textContent()).toContain("Chat with us");
    await context.close();
  });

  it("says honestly that nobody is online and takes an email for follow-up", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${keel.server.url}/demo`);
    await page.getByRole("button", { name: "Chat with us" }).click();
    await askWidget(page, "Do you offer layaway plans for sofas?");
    await page.locator(".actions").getByRole("button", { name: "Talk to a person" }).click();
    await page.locator(".handoff", { hasText: "No one from our team is online right now" }).waitFor();
    await page.getByLabel("Your email").fill("sam@example.com");
    await page.locator("form.email").getByRole("button", { name: "Send" }).click();
    await page.locator(".handoff", { hasText: "a person from our team will reply by email" }).waitFor();
    const { rows } = await keel.server.kb.db.pool.query<{ follow_up_email: string }>(
      "SELECT follow_up_email FROM conversations WHERE follow_up_email IS NOT NULL",
    );
    expect(rows.map((r) => r.follow_up_email)).toContain("sam@example.com");
    await context.close();
  });

  it("shows the lost connection, keeps what the customer typed meanwhile and sends it exactly once on reconnect", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(host.url);
    await page.getByRole("button", { name: "Discuter avec nous" }).click();
    await askWidget(page, "Do orders over $49 ship free?");
    relay.cut();
    await page.locator(".status", { hasText: /Reconnexion|Connexion perdue/ }).waitFor({ timeout: 10_000 });
    await page.locator("#keel-input").fill("How many days do I have to return unworn items?");
    await page.locator("#keel-input").press("Enter");
    expect(await page.locator(".msg.customer.pending").count()).toBe(1);
    relay.restore();
    await expect.poll(() => page.locator(".msg.keel").count(), { timeout: 30_000 }).toBe(2);
    expect(await page.locator(".msg.keel").last().textContent()).toContain("30 days");
    expect(await page.locator(".msg.customer", { hasText: "return unworn items" }).count()).toBe(1);
    expect(await page.locator(".msg.customer.pending").count()).toBe(0);
    expect(await page.locator(".status").textContent()).toBe("");
    await context.close();
  }, 60_000);
});
