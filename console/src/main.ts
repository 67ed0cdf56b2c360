// The staff console: sign in, then the agent console (/console) or the policy pages
// (/console/policies), depending on the page and the role.
import { login, logout, me, type Staff } from "./api.ts";
import { startAgentConsole } from "./agent-console.ts";
import { h, on } from "./dom.ts";
import { startInsightsPage } from "./insights-page.ts";
import { pagesFor } from "./navigation.ts";
import { startPolicyPages } from "./policy-pages.ts";

const root = document.getElementById("app")!;
const wantsPolicies = location.pathname.startsWith("/console/policies");
const wantsInsights = location.pathname.startsWith("/console/insights");
document.title = wantsInsights ? "Keel · insights" : wantsPolicies ? "Keel · policies" : "Keel · agent console";

function showLogin(message = ""): void {
  const email = h("input", { type: "email", autocomplete: "username", required: true }) as HTMLInputElement;
  const password = h("input", { type: "password", autocomplete: "current-password", required: true }) as HTMLInputElement;
  const error = h("p", { class: "error", role: "alert" }, message);
  const form = h(
    "form",
    { class: "login" },
    h("h1", {}, wantsInsights ? "Keel — insights" : wantsPolicies ? "Keel — policies" : "Keel — agent console"),
    h("label", {}, "Email", email),
    h("label", {}, "Password", password),
    h("button", { class: "primary", type: "submit" }, "Sign in"),
    error,
  );
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    try {
      show(await login(email.value, password.value));
    } catch (err) {
      error.textContent = (err as Error).message;
    }
  });
  root.replaceChildren(form);
  email.focus();
}

function show(staff: Staff): void {
  const body = h("div");
  const canPolicies = staff.role === "policy_owner" || staff.role === "admin";
  const canAgent = staff.role === "agent" || staff.role === "admin";
  // The page actually shown: a policy owner opening /console gets the policy pages.
  const shown = wantsInsights ? "/console/insights" : wantsPolicies || !canAgent ? "/console/policies" : "/console";
  // Only the pages this role may open are linked (navigation.ts).
  const bar = h(
    "nav",
    { class: "topbar", "aria-label": "Staff pages" },
    h("strong", {}, "Keel"),
    ...pagesFor(staff.role).map((p) => h("a", { href: p.path, "aria-current": p.path === shown ? "page" : false }, p.label)),
    h("span", { class: "signed-in" }, `${staff.displayName} (${staff.role.replace("_", " ")})`),
    on(h("button", { type: "button" }, "Sign out"), "click", async () => {
      await logout();
      location.reload();
    }),
  );
  root.replaceChildren(bar, body);
  if (wantsInsights) {
    // Insights are for the people who own the answers: admins and policy owners.
    if (!canPolicies) return void body.append(h("p", { class: "error", role: "alert" }, "Insights are for admins and policy owners."));
    startInsightsPage(body);
  } else if (wantsPolicies || !canAgent) {
    if (!canPolicies) return void body.append(h("p", { class: "error" }, "Your role cannot edit policies."));
    startPolicyPages(body);
  } else startAgentConsole(body, staff);
}

me().then(
  (staff) => (staff ? show(staff) : showLogin()),
  (err: Error) => showLogin(`Keel is not reachable right now (${err.message}); try again.`),
);
