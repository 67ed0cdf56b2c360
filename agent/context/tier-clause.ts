// Tier changes an answer only where a policy itself differs by tier: the sentence of a retrieved
// passage that names the customer's tier and speaks of what the question asks, quoted and cited.
// A tier no passage names changes nothing: the facts stay those every customer gets.
import { splitSentences } from "../../kb/text/sentences.ts";
import { contentStems } from "../../kb/text/terms.ts";
import type { SearchHit } from "../../kb/search.ts";
import type { Citation } from "../../protocol/answers.ts";
import { escapeRegExp } from "../../kb/text/regexp.ts";

/** The question words (besides the tier's) a tier sentence must share to be about the question. */
const MIN_SHARED = 1;

export function tierClause(tier: string, question: string, hits: SearchHit[], alreadyQuoted: ReadonlySet<string>): Citation | null {
  const namesTier = new RegExp(`(^|[^\\p{L}\\p{N}])${escapeRegExp(tier.trim())}([^\\p{L}\\p{N}]|$)`, "iu");
  const tierStems = new Set(contentStems(tier));
  const asked = new Set(contentStems(question).filter((s) => !tierStems.has(s)));
  if (!asked.size) return null;
  let best: { citation: Citation; shared: number } | null = null;
  for (const hit of hits) {
    if (hit.audience === "staff") continue;
    for (const { text } of splitSentences(hit.content)) {
      if (!namesTier.test(text) || alreadyQuoted.has(text)) continue;
      const shared = new Set(contentStems(text).filter((s) => asked.has(s))).size;
      if (shared < MIN_SHARED || (best && shared <= best.shared)) continue;
      best = { shared, citation: { policy: hit.policy, title: hit.title, version: hit.version, section: hit.section, quote: text } };
    }
  }
  return best?.citation ?? null;
}
