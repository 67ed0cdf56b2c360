// A synthetic but realistic policy corpus for the benchmarks: the sample policies in
// policies/ are cut into sections, and new policies are recombined from those sections with
// varied product names, brands, numbers and dates. Deterministic for a given seed, and every
// generated policy is published-in-force material: effective_from in the past, no end date.
// historySource() adds what a real KB also holds: superseded, scheduled and draft versions and
// retired policies, so retrieval's in-force filter has rows to reject.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chunkPolicy } from "../kb/chunk.ts";
import { findPolicyFiles } from "../kb/import.ts";
import { parsePolicy, type PolicyDocument } from "../kb/policy-file.ts";
import { prng } from "../kb/seeded-random.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const SAMPLE_POLICIES = path.join(ROOT, "policies");

type Section = { heading: string; lines: string[]; policy: string };
type Base = { id: string; title: string; topics: string[]; questions: string[]; sections: Section[] };

function shuffle<T>(xs: T[], rnd: () => number): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [xs[i], xs[j]] = [xs[j]!, xs[i]!];
  }
  return xs;
}

const ADJECTIVES = [
  "Alpine",
  "Harbor",
  "Cedar",
  "Summit",
  "Coastal",
  "Urban",
  "Prairie",
  "Nordic",
  "Granite",
  "Willow",
  "Aurora",
  "Canyon",
  "Meadow",
  "Lakeside",
  "Redwood",
  "Silver",
  "Juniper",
  "Bayview",
  "Ridge",
  "Maple",
  "Orchard",
  "Pacific",
  "Sierra",
  "Birch",
];
const NOUNS = [
  "sofa",
  "sectional",
  "recliner",
  "dining table",
  "bookshelf",
  "desk lamp",
  "floor lamp",
  "area rug",
  "mattress",
  "bed frame",
  "dresser",
  "nightstand",
  "tent",
  "sleeping bag",
  "hiking boots",
  "rain jacket",
  "fleece hoodie",
  "kayak",
  "camp stove",
  "backpack",
  "laptop",
  "tablet",
  "headphones",
  "smart speaker",
  "drone",
  "4K TV",
  "soundbar",
  "smartwatch",
  "coffee maker",
  "blender",
  "air fryer",
  "stand mixer",
  "vacuum",
  "air purifier",
  "space heater",
  "patio set",
  "grill",
  "bike",
  "treadmill",
  "yoga mat",
  "denim jacket",
  "wool sweater",
  "running shoes",
  "duvet cover",
  "cookware set",
  "knife block",
  "office chair",
  "baby stroller",
];
const LINES = ["Pro", "Lite", "Max", "Classic", "Essentials", "Plus", "Studio", "Trail", "Home", "Outdoor"];
const BRANDS = ["Northwind", "Northwind Outdoor", "Northwind Home", "Northwind Tech", "Northwind Kids", "Northwind Studio"];
const OWNERS = ["returns-team", "fulfillment-team", "care-team", "payments-team", "loyalty-team", "legal-team", "stores-team"];
const SCOPES = [
  "This section applies to orders of the {p}.",
  "These rules cover the {p} and its accessories.",
  "For the {p}, the following applies.",
  "Customers who bought the {p} online or in a store are covered by this section.",
  "Unless stated otherwise, this applies to every {p} sold by {b}.",
];

function parseBases(dir: string): Base[] {
  return findPolicyFiles([dir])
    .filter((f) => path.dirname(f) === dir) // current policies only: not history/ or upcoming/
    .map((f) => {
      const doc = parsePolicy(fs.readFileSync(f, "utf8"), f);
      const sections: Section[] = [];
      let cur: Section | null = null;
      for (const line of doc.body.split("\n")) {
        const h = line.match(/^##\s+(.+?)\s*$/);
        if (h) {
          cur = { heading: h[1]!, lines: [], policy: doc.id };
          sections.push(cur);
        } else if (cur && line.trim() && !/^#\s/.test(line) && !/ignore (all )?previous instructions|internal note/i.test(line)) {
          cur.lines.push(line.trim());
        }
      }
      return { id: doc.id, title: doc.title, topics: doc.topics, questions: doc.questions, sections: sections.filter((s) => s.lines.length) };
    });
}

/** Varies the figures of a sentence so recombined policies do not all state the same numbers. */
export function varyNumbers(text: string, rnd: () => number): string {
  const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)]!;
  return text
    .replace(/\$(\d+)(\.\d\d)?/g, (_m, d: string, c?: string) => {
      const v = Math.max(1, Math.round(Number(d) * (0.5 + rnd() * 1.5)));
      return `$${v}${c ? `.${pick(["00", "49", "95", "99"])}` : ""}`;
    })
    .replace(/\b(\d{1,3}) (days|business days|hours|weeks|months|years)\b/g, (_m, n: string, unit: string) => {
      return `${Math.max(1, Math.round(Number(n) * (0.5 + rnd())))} ${unit}`;
    })
    .replace(/\b(\d{1,2})%/g, (_m, n: string) => `${Math.max(1, Math.min(50, Math.round(Number(n) * (0.5 + rnd()))))}%`);
}

export type SyntheticPolicy = { doc: PolicyDocument; chunks: number };

export type SyntheticOptions = { seed?: number; dir?: string; idPrefix?: string };

/** An endless, deterministic source of synthetic policies; `next(max)` caps that policy at `max` chunks. */
export type PolicySource = { next(maxChunks?: number): SyntheticPolicy };

/**
 * Synthetic policies with their chunk counts (from the real chunker, so they match what import
 * stores: one chunk per section, as no generated section has blank lines or exceeds the chunk limit).
 */
export function policySource(options: SyntheticOptions = {}): PolicySource {
  const rnd = prng(options.seed ?? 42);
  const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const bases = parseBases(options.dir ?? SAMPLE_POLICIES);
  const allSections = bases.flatMap((b) => b.sections);
  let i = -1;
  const next = (maxSections?: number): SyntheticPolicy => {
    i++;
    const base = pick(bases);
    const product = `${pick(ADJECTIVES)} ${pick(NOUNS)}${rnd() < 0.5 ? ` ${pick(LINES)}` : ""}${rnd() < 0.4 ? ` ${100 + Math.floor(rnd() * 900)}` : ""}`;
    const brand = pick(BRANDS);
    const title = `${base.title}: ${product}`;
    // Mostly the base policy's own sections, plus a couple borrowed from elsewhere.
    const own = shuffle([...base.sections], rnd).slice(0, 2 + Math.floor(rnd() * Math.min(4, base.sections.length)));
    const borrowed = Array.from({ length: Math.floor(rnd() * 3) }, () => pick(allSections));
    const sections = [...own, ...borrowed].slice(0, Math.max(1, Math.min(7, maxSections ?? 7)));
    const body = [
      `# ${title}`,
      "",
      ...sections.flatMap((s) => {
        const lines = s.lines.filter(() => rnd() < 0.85);
        if (!lines.length) lines.push(s.lines[0]!);
        const text = lines.map((l) => varyNumbers(l.replace(/\bNorthwind\b(?! (Rewards|Protect|Replenish))/g, brand), rnd));
        if (rnd() < 0.5) text.splice(Math.floor(rnd() * (text.length + 1)), 0, pick(SCOPES).replace("{p}", product).replace("{b}", brand));
        return [`## ${s.heading}${rnd() < 0.3 ? ` for the ${product}` : ""}`, ...text, ""];
      }),
    ].join("\n");
    const y = 2023 + Math.floor(rnd() * 3);
    const m = String(1 + Math.floor(rnd() * 12)).padStart(2, "0");
    const d = String(1 + Math.floor(rnd() * 28)).padStart(2, "0");
    const id = `${options.idPrefix ?? "syn"}-${base.id}-${String(i).padStart(6, "0")}`;
    const questions = base.questions.filter(() => rnd() < 0.4).map((q) => q.replace(/\b(an item|something|my order|it)\b/, `the ${product}`));
    const source = [
      "---",
      `id: ${id}`,
      `title: ${JSON.stringify(title)}`,
      `owner: ${pick(OWNERS)}@northwind.example`,
      `product: [${JSON.stringify(product.toLowerCase())}]`,
      `topic: [${base.topics.join(", ")}]`,
      `effective_from: ${y}-${m}-${d}`,
      ...(questions.length ? ["questions:", ...questions.map((q) => `  - ${JSON.stringify(q)}`)] : []),
      "---",
      body,
    ].join("\n");
    const doc = parsePolicy(source, null);
    return { doc, chunks: chunkPolicy(doc.body, doc.title).length };
  };
  return { next };
}

/** Policies holding exactly `targetChunks` chunks in total (the last one is trimmed to fit). */
export function generatePolicies(targetChunks: number, options: SyntheticOptions = {}): SyntheticPolicy[] {
  const source = policySource(options);
  const out: SyntheticPolicy[] = [];
  for (let total = 0; total < targetChunks;) {
    const p = source.next(targetChunks - total);
    out.push(p);
    total += p.chunks;
  }
  return out;
}

/** A policy's versions as the bench writes them (oldest first), and whether the policy is retired. */
export type PolicyHistory = { versions: { doc: PolicyDocument; status: "published" | "draft"; chunks: number }[]; retired: boolean; chunks: number };

/** Shares of policies whose history is more than one version in force (a KB a few years old):
 *  an older version superseded by the current one, a change scheduled for a later date, an
 *  unpublished draft of the next version, or the whole policy retired. The rest (~73%) have one
 *  version, in force. */
export const HISTORY_MIX = { superseded: 0.15, scheduled: 0.04, draft: 0.05, retired: 0.03 } as const;

const addDays = (iso: string, days: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** The same policy with its figures changed and a new start date: another version of it. */
function revise(doc: PolicyDocument, rnd: () => number, effectiveFrom: string): PolicyDocument {
  const body = varyNumbers(doc.body, rnd);
  return { ...doc, body, source: body, effectiveFrom, contentHash: createHash("sha256").update(`${effectiveFrom}\n${body}`).digest("hex") };
}

/**
 * Policy histories mixed as HISTORY_MIX says, deterministic for a seed; `today` places the
 * scheduled versions after it. `next(max)` keeps a history within `max` chunks (a policy that
 * would exceed it gets a single version).
 */
export function historySource(options: SyntheticOptions & { today: string }): { next(maxChunks?: number): PolicyHistory } {
  const policies = policySource(options);
  const rnd = prng((options.seed ?? 42) ^ 0x5eed);
  const next = (maxChunks = Infinity): PolicyHistory => {
    const { doc, chunks } = policies.next(maxChunks);
    const single = (retired: boolean): PolicyHistory => ({ versions: [{ doc, status: "published", chunks }], retired, chunks });
    const r = rnd();
    let cut = HISTORY_MIX.retired;
    if (r < cut) return single(true);
    if (2 * chunks > maxChunks) return single(false);
    const older = (days: number) => ({ doc: revise(doc, rnd, addDays(doc.effectiveFrom, -days)), status: "published" as const, chunks });
    const newer = (from: string, status: "published" | "draft") => ({ doc: revise(doc, rnd, from), status, chunks });
    const twice = (versions: PolicyHistory["versions"]): PolicyHistory => ({ versions, retired: false, chunks: 2 * chunks });
    if (r < (cut += HISTORY_MIX.superseded)) return twice([older(200 + Math.floor(rnd() * 700)), { doc, status: "published", chunks }]);
    if (r < (cut += HISTORY_MIX.scheduled))
      return twice([{ doc, status: "published", chunks }, newer(addDays(options.today, 1 + Math.floor(rnd() * 300)), "published")]);
    if (r < (cut += HISTORY_MIX.draft)) return twice([{ doc, status: "published", chunks }, newer(options.today, "draft")]);
    return single(false);
  };
  return { next };
}
