// A turn worker's entry (agent/workers/pool.ts starts it): Keel runs from its TypeScript sources, so
// the thread registers tsx before it loads the worker, as bin/keel.mjs does for the process.
import { register } from "tsx/esm/api";

register();
await import("./turn-worker.ts");
