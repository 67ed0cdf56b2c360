// The browser-facing pages and assets: the widget bundle, the demo store page (with a signed
// demo identity in its script tag) and the staff console. Values put into HTML are escaped.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import escapeHtml from "escape-html";
import express from "express";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export type DemoIdentity = { site: string; userId: string; name: string; signature: string };

export function mountStatic(app: express.Express, options: { demoIdentity: () => DemoIdentity | null }): void {
  app.use("/widget", express.static(path.join(root, "widget/dist"), { maxAge: "5m", fallthrough: false }));
  app.get("/demo", (_req, res) => {
    const identity = options.demoIdentity();
    const page = fs.readFileSync(path.join(root, "widget/demo/store.html"), "utf8");
    const values: Record<string, string> = identity
      ? { SITE: identity.site, USER_ID: identity.userId, NAME: identity.name, SIGNATURE: identity.signature }
      : { SITE: "demo", USER_ID: "", NAME: "a guest", SIGNATURE: "" };
    res.type("html").send(page.replace(/\{\{(\w+)\}\}/g, (_, k: string) => escapeHtml(values[k] ?? "")));
  });
  app.use("/demo", express.static(path.join(root, "widget/demo"), { index: false }));
  app.use("/console/assets", express.static(path.join(root, "console/dist"), { maxAge: "5m" }));
  app.use("/console/static", express.static(path.join(root, "console/public"), { maxAge: "5m" }));
  const consolePage = (_req: express.Request, res: express.Response) => res.sendFile(path.join(root, "console/public/index.html"));
  app.get("/console", consolePage);
  app.get("/console/policies", consolePage);
  app.get("/console/insights", consolePage);
  // One icon for every page (browsers ask for /favicon.ico even when a page names none): no 404s.
  const favicon = (_req: express.Request, res: express.Response) =>
    res.type("image/svg+xml").set("cache-control", "public, max-age=86400").sendFile(path.join(root, "widget/demo/favicon.svg"));
  app.get("/favicon.svg", favicon);
  app.get("/favicon.ico", favicon);
  app.get("/", (_req, res) => res.redirect("/demo"));
}
