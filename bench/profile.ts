// Bench section "profile" (issue 20): where one offline turn spends its CPU. A V8 CPU profile
// (node:inspector) around 50 agent turns over a ~1k-chunk KB built as bench/turns.ts builds it, with
// the in-memory read model attached as the server attaches it by default (KEEL_READ_MODEL), summed
// by function over self time (the sampled time a function was on top of the stack) and by area (a
// folder of the repo, an npm package, node's internals, the garbage collector). TypeScript
// locations are mapped back through the source maps tsx registers (node:module's findSourceMap), so
// lines are the sources'.
import { Session } from "node:inspector/promises";
import { findSourceMap } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Profiler } from "node:inspector";
import type { BenchSection } from "./section.ts";
import { turnBench } from "./turn-kb.ts";
import { round } from "./stats.ts";

const TURNS = 50;
const WARMUP = 5;
const SAMPLING_INTERVAL_US = 200;
const TOP = 15;
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const fmt = (x: number) => (Number.isFinite(x) ? String(round(x)) : "–");

export type ProfileEntry = { fn: string; at: string; area: string; selfMs: number; share: number };

/** Where a source file belongs: an npm package, a folder of the repo, or node's internals. */
function areaOf(location: string): string {
  if (!location) return "V8 / native";
  if (location.startsWith("wasm:")) return "wasm (PGlite's Postgres)";
  if (location.startsWith("node:")) return "node internals";
  const pkg = location.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (pkg) return pkg[1]!;
  return `${location.split("/")[0]}/`;
}

/** Sums a profile's self time by function (name + source location) and by area. */
export function summarizeProfile(profile: Profiler.Profile): {
  totalMs: number;
  idleMs: number;
  functions: ProfileEntry[];
  areas: { area: string; selfMs: number; share: number }[];
} {
  // Each sample lasts until the next one; the last until the profile's end.
  const self = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  let at = profile.startTime;
  const stamps = deltas.map((d) => (at += d));
  for (let i = 0; i < samples.length; i++) {
    const us = (i + 1 < stamps.length ? stamps[i + 1]! : profile.endTime) - stamps[i]!;
    self.set(samples[i]!, (self.get(samples[i]!) ?? 0) + Math.max(0, us));
  }
  const byFunction = new Map<string, ProfileEntry>();
  let totalUs = 0;
  let idleUs = 0;
  for (const node of profile.nodes) {
    const us = self.get(node.id) ?? 0;
    if (!us) continue;
    const { functionName, url, lineNumber, columnNumber } = node.callFrame;
    if (functionName === "(idle)") {
      idleUs += us;
      continue;
    }
    totalUs += us;
    let file = url.startsWith("file://") ? path.relative(repo, fileURLToPath(url)) : url;
    let line = lineNumber + 1;
    if (url.startsWith("file://") && !url.includes("/node_modules/")) {
      const entry = findSourceMap(url)?.findEntry(lineNumber, columnNumber);
      if (entry && "originalLine" in entry) {
        file = path.relative(repo, entry.originalSource.startsWith("file://") ? fileURLToPath(entry.originalSource) : entry.originalSource);
        line = entry.originalLine + 1;
      }
    }
    const location = file ? `${file}:${line}` : "";
    const fn = functionName || "(anonymous)";
    const key = `${fn} ${location}`;
    const area = fn === "(garbage collector)" ? "garbage collector" : areaOf(file);
    const e = byFunction.get(key) ?? { fn, at: location, area, selfMs: 0, share: 0 };
    e.selfMs += us / 1000;
    byFunction.set(key, e);
  }
  const functions = [...byFunction.values()].sort((a, b) => b.selfMs - a.selfMs);
  for (const f of functions) f.share = f.selfMs / (totalUs / 1000);
  const areas = new Map<string, number>();
  for (const f of functions) areas.set(f.area, (areas.get(f.area) ?? 0) + f.selfMs);
  return {
    totalMs: totalUs / 1000,
    idleMs: idleUs / 1000,
    functions,
    areas: [...areas.entries()].map(([area, selfMs]) => ({ area, selfMs, share: selfMs / (totalUs / 1000) })).sort((a, b) => b.selfMs - a.selfMs),
  };
}

export const profileSection: BenchSection = {
  name: "profile",
  share: 0.12,
  async run(ctx) {
    ctx.log("profile: building the ~1k-chunk KB");
    const { db, kbChunks, readModel, agent, messages } = await turnBench();
    const session = new Session();
    try {
      const run = `profile-${Date.now().toString(36)}`;
      for (let i = 0; i < WARMUP; i++) await agent.turn({ conversation: `${run}-warmup-${i}`, ...messages[i % messages.length]! });

      session.connect();
      await session.post("Profiler.enable");
      await session.post("Profiler.setSamplingInterval", { interval: SAMPLING_INTERVAL_US });
      await session.post("Profiler.start");
      const started = performance.now();
      let turns = 0;
      for (; turns < TURNS; turns++) {
        if (performance.now() > ctx.until && turns >= 10) {
          ctx.note(`profile stopped after ${turns} turns (time budget).`);
          break;
        }
        await agent.turn({ conversation: `${run}-${turns}`, ...messages[(turns + WARMUP) % messages.length]! });
      }
      const wallMs = performance.now() - started;
      const { profile } = await session.post("Profiler.stop");
      await session.post("Profiler.disable");
      await agent.close();
      await readModel?.detach();

      const summary = summarizeProfile(profile);
      const top = summary.functions.slice(0, TOP);
      const perTurnMs = summary.totalMs / turns;
      const search = readModel !== null ? "searches from the in-memory read model" : "searches by the database";
      ctx.log(`  ${turns} turns, ${fmt(perTurnMs)} ms busy per turn`);
      return {
        json: {
          profile: {
            kbChunks,
            turns,
            readModel: readModel !== null,
            samplingIntervalUs: SAMPLING_INTERVAL_US,
            wallMsPerTurn: round(wallMs / turns),
            sampledMsPerTurn: round(perTurnMs),
            idleMsPerTurn: round(summary.idleMs / turns),
            top: top.map((f) => ({
              fn: f.fn,
              at: f.at,
              area: f.area,
              selfMs: round(f.selfMs),
              msPerTurn: round(f.selfMs / turns),
              share: round(f.share),
            })),
            areas: summary.areas.slice(0, 10).map((a) => ({ area: a.area, selfMs: round(a.selfMs), share: round(a.share) })),
          },
        },
        report: [
          `CPU profile of ${turns} offline turns (agent.turn, KB of ${kbChunks} chunks, ${search}; sampled every ${SAMPLING_INTERVAL_US} µs):` +
            ` ${fmt(wallMs / turns)} ms wall per turn, ${fmt(perTurnMs)} ms of it busy (sampled, not idle)`,
          `  by area (self time): ${summary.areas
            .slice(0, 8)
            .map((a) => `${a.area} ${fmt(a.share * 100)}%`)
            .join(", ")}`,
          `  top ${TOP} functions by self time (ms over all turns, share of busy time):`,
          ...top.map(
            (f, i) =>
              `  ${String(i + 1).padStart(4)}. ${fmt(f.selfMs).padStart(6)} ms ${`${fmt(f.share * 100)}%`.padStart(6)}  ${f.fn}  ${f.at || "(native)"}`,
          ),
        ],
      };
    } finally {
      session.disconnect();
      await db.close();
    }
  },
};
