// Which staff pages a role may open: the top bar links only those, so nobody follows a link to a
// page that answers "your role cannot…". The server enforces the same roles on every route.
import type { Staff } from "./api.ts";

export type Page = { path: string; label: string };

const PAGES: (Page & { roles: Staff["role"][] })[] = [
  { path: "/console", label: "Agent console", roles: ["agent", "admin"] },
  { path: "/console/policies", label: "Policies", roles: ["policy_owner", "admin"] },
  { path: "/console/insights", label: "Insights", roles: ["policy_owner", "admin"] },
];

export function pagesFor(role: Staff["role"]): Page[] {
  return PAGES.filter((p) => p.roles.includes(role)).map(({ path, label }) => ({ path, label }));
}
