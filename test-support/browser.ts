// What every browser test needs: the real Keel server (startServer through the test helpers, with
// the demo site, demo staff and the built widget and console mounted as `keel serve --demo` does)
// and Debian's Chromium driven by playwright-core.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { expect } from "vitest";
import { prepareDemo, type DemoSetup } from "../server/demo.ts";
import { mountStatic } from "../server/static.ts";
import { startTestServer, type TestServer } from "./server.ts";
import { buildWeb } from "../widget/build.ts";

export const CHROMIUM = "/usr/bin/chromium";
export const hasChromium = fs.existsSync(CHROMIUM);
/** Printed once per file when the browser tests cannot run here. */
export function warnIfNoChromium(file: string): void {
  if (!hasChromium) console.warn(`${file}: browser tests skipped because ${CHROMIUM} is missing (install the Debian package chromium; .ci/run does)`);
}

/** Where the browser tests write what they saw: an ignored folder, so `npm test` leaves the tree
 *  clean. Only `npm run screenshots` points it at the README's docs/screenshots. */
export const SCREENSHOTS = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "..",
  process.env.KEEL_SCREENSHOTS_DIR ?? "test-results/screenshots",
);

export type Keel = {
  server: TestServer;
  demo: DemoSetup;
  widgetGzipBytes: number;
  account(role: "agent" | "policy_owner"): DemoSetup["accounts"][number];
};

export async function startKeel(env: Record<string, string> = {}): Promise<Keel> {
  const { widgetGzipBytes } = await buildWeb();
  let identity: DemoSetup["identity"] | null = null;
  const server = await startTestServer(env, { beforeRoutes: (app) => mountStatic(app, { demoIdentity: () => identity }) });
  const demo = await prepareDemo(server.kb.db.pool);
  identity = demo.identity;
  return { server, demo, widgetGzipBytes, account: (role) => demo.accounts.find((a) => a.role === role)! };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

export async function signIn(page: Page, url: string, who: { email: string; password: string }): Promise<void> {
  await page.goto(url);
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.locator(".topbar").waitFor();
}

/** Types a question into the widget and waits for Keel's next reply. */
export async function askWidget(page: Page, text: string): Promise<void> {
  const before = await page.locator(".msg.keel").count();
  await page.locator("#keel-input").fill(text);
  await page.locator("#keel-input").press("Enter");
  await expect.poll(() => page.locator(".msg.keel").count(), { timeout: 20_000 }).toBeGreaterThan(before);
}

/** The element focused inside the widget's shadow root (document.activeElement is the host). */
export function widgetFocus(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const active = document.getElementById("keel-widget")?.shadowRoot?.activeElement as HTMLElement | null | undefined;
    return active ? `${active.tagName.toLowerCase()}${active.id ? `#${active.id}` : ""}.${active.className}` : null;
  });
}

/** The widget's state as text (root classes, status line, transcript): printed when a test fails. */
export function widgetState(page: Page): Promise<string> {
  return page
    .evaluate(() => {
      const shadow = document.getElementById("keel-widget")?.shadowRoot;
      if (!shadow) return "no widget on the page";
      const text = (selector: string) => (shadow.querySelector(selector) as HTMLElement | null)?.innerText ?? "";
      return `classes: ${shadow.querySelector(".root")?.className}\nstatus: ${text(".status")}\ntranscript:\n${text(".log")}`;
    })
    .catch((err: Error) => `page unavailable: ${err.message}`);
}
