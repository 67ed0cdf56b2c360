// A real `keel serve --demo` process for the HTTP benchmarks: what `npm start` runs (the sample
// knowledge base imported into a fresh embedded database, the demo site, staff and history), in
// offline mode, on a free 127.0.0.1 port, stopped by its own PID when the bench is done.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** Variables that would take the server off the offline, embedded default: a model endpoint, a
 *  Postgres or Redis server, LangSmith tracing. */
const OFF_DEFAULT = /^(OPENAI_|LANGCHAIN_|LANGSMITH_|PG[A-Z]+$|DATABASE_URL$|REDIS_URL$)/;

export type KeelServer = {
  url: string;
  port: number;
  pid: number;
  /** Where searches are served from, as /readyz says ("memory (N chunks)" or "database"). */
  knowledge: string;
  /** The settings that differ from `npm start`'s, for the report. */
  env: Record<string, string>;
  /** Resident and peak resident memory of the server process, from /proc/<pid>/status (MB). */
  memory(): { rssMb: number; peakRssMb: number } | null;
  /** CPU time the server process has used so far (user + system, seconds), from /proc/<pid>/stat. */
  cpuSeconds(): number;
  /** The last lines the process wrote to stderr (its JSON log), for a failure's diagnosis. */
  logTail(): string[];
  stop(): Promise<void>;
};

/** Starts the server and resolves once /readyz says ready and searches are served as configured
 *  (from memory when the read model is on); rejects, having stopped it, after `timeoutMs`. */
export async function startKeelServer(options: { timeoutMs?: number } = {}): Promise<KeelServer> {
  const timeoutMs = options.timeoutMs ?? 90_000;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "keel-bench-"));
  const settings: Record<string, string> = {
    PORT: "0",
    KEEL_DATA_DIR: dataDir,
    KEEL_EMBEDDER: "offline",
    // The TCP peer is the client: each bench conversation binds its own 127.x source address, and
    // no forwarded header can merge or split the addresses the rate limits count.
    KEEL_TRUST_PROXY: "false",
  };
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !OFF_DEFAULT.test(k)));
  // KEEL_BENCH_NODE_ARGS: extra node flags for the server (e.g. "--cpu-prof --cpu-prof-dir=DIR" to
  // profile it under load; node refuses --cpu-prof in NODE_OPTIONS).
  const nodeArgs = process.env.KEEL_BENCH_NODE_ARGS?.split(/\s+/).filter(Boolean) ?? [];
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, path.join(repo, "bin/keel.mjs"), "serve", "--demo"], {
    cwd: repo,
    env: { ...env, ...settings },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const onExit = () => child.kill("SIGKILL");
  process.once("exit", onExit);
  const tail: string[] = [];
  let partial = "";
  child.stderr!.on("data", (d: Buffer) => {
    const lines = (partial + d.toString()).split("\n");
    partial = lines.pop()!;
    tail.push(...lines);
    tail.splice(0, Math.max(0, tail.length - 40));
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const running = () => child.exitCode === null && child.signalCode === null;
  const stop = async () => {
    process.off("exit", onExit);
    if (running()) {
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      child.kill("SIGTERM");
      await exited;
      clearTimeout(timer);
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`keel serve did not say where it runs within ${timeoutMs} ms`)), timeoutMs);
      let out = "";
      // The demo's sign-in lines (passwords) are read for the address only, never printed.
      child.stdout!.on("data", (d: Buffer) => {
        out += d.toString();
        const m = out.match(/Keel is running at (http:\/\/127\.\d+\.\d+\.\d+:\d+)/);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      });
      void exited.then(() => {
        clearTimeout(timer);
        reject(new Error(`keel serve exited with ${child.exitCode ?? child.signalCode}: ${tail.join("\n")}`));
      });
    });
    const readModel = process.env.KEEL_READ_MODEL ?? "on";
    const deadline = Date.now() + timeoutMs;
    let knowledge = "";
    for (;;) {
      const ready = await fetch(`${url}/readyz`)
        .then(async (r) => ({ ok: r.ok, ...((await r.json()) as { checks?: { knowledge?: string } }) }))
        .catch(() => ({ ok: false, checks: undefined }));
      knowledge = ready.checks?.knowledge ?? "";
      if (ready.ok && (readModel === "off" || knowledge.startsWith("memory"))) break;
      if (!running() || Date.now() > deadline) throw new Error(`keel serve at ${url} was not ready within ${timeoutMs} ms: ${tail.join("\n")}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    const pid = child.pid!;
    return {
      url,
      port: Number(new URL(url).port),
      pid,
      knowledge,
      env: {
        ...settings,
        KEEL_DATA_DIR: "(fresh temporary folder)",
        KEEL_READ_MODEL: readModel,
        KEEL_TURN_WORKERS: process.env.KEEL_TURN_WORKERS ?? "auto (one per core)",
      },
      memory() {
        try {
          const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
          const kb = (field: string) => Number(status.match(new RegExp(`^${field}:\\s+(\\d+) kB`, "m"))?.[1] ?? Number.NaN);
          return { rssMb: kb("VmRSS") / 1024, peakRssMb: kb("VmHWM") / 1024 };
        } catch {
          return null;
        }
      },
      cpuSeconds() {
        try {
          // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th, in clock ticks (100 a second on Linux).
          const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
          return (Number(fields[11]) + Number(fields[12])) / 100;
        } catch {
          return Number.NaN;
        }
      },
      logTail: () => [...tail],
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
