import { describe, expect, it } from "vitest";
import { pagesFor } from "./navigation.ts";

describe("the console's navigation", () => {
  it("shows an agent only the agent console, never the policy pages", () => {
    expect(pagesFor("agent").map((p) => p.label)).toEqual(["Agent console"]);
  });

  it("shows a policy owner the policies and insights, and an admin everything", () => {
    expect(pagesFor("policy_owner").map((p) => p.label)).toEqual(["Policies", "Insights"]);
    expect(pagesFor("admin").map((p) => p.label)).toEqual(["Agent console", "Policies", "Insights"]);
  });
});
