// `keel kb …`: import, search and list the knowledge base from a terminal or a script.
import type { Command } from "commander";
import { readConfig } from "../config/env.ts";
import { openKnowledgeBase, type KnowledgeBase } from "../kb/index.ts";
import { importPaths } from "../kb/import.ts";
import { listPoliciesForOwners } from "../kb/authoring/catalog.ts";
import { countPolicies } from "../kb/list.ts";
import { latestVersion } from "../kb/authoring/versions.ts";
import { searchChunks } from "../kb/search.ts";
import { replayVersion } from "../agent/replay/replay.ts";
import { reindex } from "../kb/reports/reindex.ts";
import { gapReport } from "../kb/reports/gaps.ts";
import { changeImpact } from "../kb/reports/impact.ts";
import { turnReader } from "../agent/store/turns.ts";
import { policyListLines, relevanceLabel, searchLines } from "./kb-format.ts";

async function withKb<T>(fn: (kb: KnowledgeBase) => Promise<T>): Promise<T> {
  const kb = await openKnowledgeBase(readConfig());
  try {
    return await fn(kb);
  } finally {
    await kb.db.close();
  }
}

const asDate = (v: string) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(Date.parse(v))) throw new Error(`--as-of takes a date as YYYY-MM-DD, not "${v}"`);
  return v;
};

export function registerKbCommands(program: Command): void {
  const kb = program.command("kb").description("manage the policy knowledge base");

  kb.command("import")
    .description("import and publish Markdown policies (files or folders)")
    .argument("<paths...>", "Markdown files or folders of them")
    .option("--json", "print the result as JSON")
    .action(async (paths: string[], opts: { json?: boolean }) => {
      const results = await withKb((k) => importPaths(k.db.pool, k.embedder, paths, "cli"));
      if (opts.json) return console.log(JSON.stringify(results));
      for (const r of results) console.log(`${r.status.padEnd(9)} ${r.policy} v${r.version}${r.path ? `  (${r.path})` : ""}`);
      const count = (s: string) => results.filter((r) => r.status === s).length;
      console.log(`${count("added")} added, ${count("changed")} changed, ${count("unchanged")} unchanged`);
    });

  kb.command("search")
    .description("show the passages retrieval finds for a question")
    .argument("<query>", "the question")
    .option("--json", "print JSON")
    .option("-k, --limit <n>", "how many passages", (v) => Number.parseInt(v, 10), 5)
    .option("--as-of <date>", "policies in force on this date (YYYY-MM-DD)", asDate)
    .action(async (query: string, opts: { json?: boolean; limit: number; asOf?: string }) => {
      const { hits, kbIsEmpty } = await withKb(async (k) => ({
        hits: await searchChunks(k.db.pool, k.embedder, query, { limit: opts.limit, asOf: opts.asOf }),
        kbIsEmpty: (await countPolicies(k.db.pool)) === 0,
      }));
      if (opts.json) {
        const best = hits[0]?.score ?? 0;
        return console.log(
          JSON.stringify(
            hits.map((h) => ({
              policy: h.policy,
              title: h.title,
              version: h.version,
              section: h.section,
              heading: h.headingPath.join(" > "),
              score: Number(h.score.toFixed(5)),
              semantic: Number(h.semantic.toFixed(4)),
              lexical: Number(h.lexical.toFixed(4)),
              relevance: relevanceLabel(h, best),
              quote: h.content,
            })),
          ),
        );
      }
      for (const line of searchLines(hits, { kbIsEmpty })) console.log(line);
    });

  kb.command("list")
    .description("list policies with the version in force, effective dates, review-by, and superseded, scheduled and draft versions")
    .option("--json", "print JSON")
    .action(async (opts: { json?: boolean }) => {
      const rows = await withKb((k) => listPoliciesForOwners(k.db.pool));
      if (opts.json) return console.log(JSON.stringify(rows));
      for (const line of policyListLines(rows)) console.log(line);
    });

  kb.command("gaps")
    .description("what customers asked that the knowledge base could not answer, grouped, newest first")
    .option("--json", "print JSON")
    .action(async (opts: { json?: boolean }) => {
      const groups = await withKb((k) => gapReport(k.db.pool, turnReader));
      if (opts.json) return console.log(JSON.stringify(groups));
      if (!groups.length) return console.log("no open knowledge gaps");
      for (const g of groups) {
        console.log(`${g.key}  ${String(g.count).padStart(4)}×  last ${g.lastAt.slice(0, 10)}  "${g.label}"`);
        for (const e of g.examples.slice(1, 3)) console.log(`${" ".repeat(24)}also: "${e.question}"`);
      }
    });

  kb.command("impact")
    .description("answers Keel gave that cited a version of this policy that is no longer in force")
    .argument("<policy>", "policy id")
    .option("--json", "print JSON")
    .action(async (policy: string, opts: { json?: boolean }) => {
      const impact = await withKb((k) => changeImpact(k.db.pool, turnReader, policy));
      if (opts.json) return console.log(JSON.stringify(impact));
      console.log(
        `${policy}: version in force ${impact.currentVersion ?? "none"}; ${impact.answers.length} answer(s) cited another version, ${impact.answers.filter((a) => !a.stillHolds).length} no longer quoted by it`,
      );
      for (const a of impact.answers)
        console.log(`  ${a.stillHolds ? "  " : "! "}${a.at.slice(0, 16)}  ${a.conversation}  v${a.version} ${a.section}: "${a.quote}"`);
    });

  kb.command("reindex")
    .description("re-embed chunks whose vectors came from another embedder than the current one")
    .action(async () => {
      const result = await withKb((k) => reindex(k.db.pool, k.embedder));
      console.log(`re-embedded ${result.chunks} chunk(s) with ${result.embedder}`);
      for (const v of result.versions) console.log(`  ${v.policy} v${v.version}: ${v.chunks} chunk(s), were ${v.from.join(", ")}`);
    });

  kb.command("replay")
    .description("answer recent questions and eval cases about a policy as if a new version took effect, and show what changes")
    .argument("<policy>", "policy id")
    .option("--version <n>", "the version to try (default: the latest)")
    .option("--json", "print JSON")
    .action(async (policy: string, opts: { version?: string; json?: boolean }) => {
      const result = await withKb(async (k) => {
        const latest = await latestVersion(k.db.pool, policy);
        const version = opts.version ? Number(opts.version) : latest;
        if (!version || !Number.isInteger(version)) throw new Error(`no version to replay for policy "${policy}"`);
        return replayVersion({ pool: k.db.pool, embedder: k.embedder, config: readConfig(), policy, version });
      });
      if (opts.json) return console.log(JSON.stringify(result));
      console.log(`${policy} v${result.version}: ${result.items.length} question(s) replayed, ${result.changed} would change`);
      for (const i of result.items.filter((x) => x.change !== "same")) {
        console.log(
          `\n[${i.change}] ${i.question}\n  before (${i.before.outcome}): ${i.before.text}\n  after  (${i.after.outcome}): ${i.after.text}`,
        );
      }
    });
}
