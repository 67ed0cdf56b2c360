// Accessibility checked by a machine (issue 18): axe-core, run in the page the browser test has
// open, against WCAG 2.1 A/AA (colour contrast included) and axe's best practices. Shared by the
// widget's and the console's browser tests: a test asserts the list is empty, and a failure
// prints each serious or critical finding with the element it is on.
import { AxeBuilder } from "@axe-core/playwright";
import type { Page } from "playwright-core";

/** What a screen must pass: WCAG 2.0 and 2.1, levels A and AA, and axe's best practices. */
export const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"];

/** Every serious or critical violation on the page (shadow roots included), one line each:
 *  "color-contrast (serious): Elements must meet minimum color contrast ratio thresholds —
 *  #keel-widget .who: Fix any of the following: …". `include` narrows the check to a region. */
export async function seriousAccessibilityViolations(page: Page, options: { include?: string; exclude?: string[] } = {}): Promise<string[]> {
  let builder = new AxeBuilder({ page }).withTags(AXE_TAGS);
  if (options.include) builder = builder.include(options.include);
  for (const selector of options.exclude ?? []) builder = builder.exclude(selector);
  const results = await builder.analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .flatMap((v) =>
      v.nodes.map((n) => `${v.id} (${v.impact}): ${v.help} — ${n.target.map(String).join(" ")}: ${(n.failureSummary ?? "").replace(/\s+/g, " ")}`),
    );
}
