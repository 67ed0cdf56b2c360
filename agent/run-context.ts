// How LangGraph carries a run's config to the code it calls. Every node, edge and channel write
// runs inside @langchain/core's `AsyncLocalStorageProviderSingleton.runWithConfig`, which, when no
// LangSmith tracer is attached, still builds a LangSmith `RunTree` only to carry the config in
// async-local storage (a v7 uuid from crypto.getRandomValues and a dozen environment reads, some
// thirty times a turn). With tracing off, nothing reads that RunTree but the config it carries, so
// the config is carried in a plain record of the same shape instead. It is what
// `getRunnableConfig()` (and LangGraph's `getConfig()`) reads. With LangSmith tracing switched on,
// the library's own path runs unchanged. Measured with `npm run bench`: see the README.
import { AsyncLocalStorageProviderSingleton } from "@langchain/core/singletons";
import { getEnvironmentVariable } from "@langchain/core/utils/env";

/** The keys @langchain/core stores a run's config and its context variables under. */
const LC_CHILD_KEY = Symbol.for("lc:child_config");
const CONTEXT_VARIABLES_KEY = Symbol.for("lc:context_variables");
const TRACING_VARIABLES = ["LANGSMITH_TRACING_V2", "LANGCHAIN_TRACING_V2", "LANGSMITH_TRACING", "LANGCHAIN_TRACING"];

type Store = Record<symbol, unknown> & { extra?: Record<symbol, unknown> };
type Provider = {
  runWithConfig(config: unknown, callback: () => unknown, avoidCreatingRootRunTree?: boolean): unknown;
  getInstance(): { getStore(): Store | undefined; run(store: Store, callback: () => unknown): unknown };
};

const tracing = () => TRACING_VARIABLES.some((name) => getEnvironmentVariable(name) === "true");
let installed = false;

/** Carries configs without a RunTree while LangSmith tracing is off (once per process). */
export function useLeanRunContext(): void {
  if (installed || tracing()) return;
  installed = true;
  const provider = AsyncLocalStorageProviderSingleton as unknown as Provider;
  provider.runWithConfig = function runWithConfig(config, callback) {
    const storage = this.getInstance();
    const previous = storage.getStore();
    const store: Store = { extra: { [LC_CHILD_KEY]: config } };
    if (previous?.[CONTEXT_VARIABLES_KEY] !== undefined) store[CONTEXT_VARIABLES_KEY] = previous[CONTEXT_VARIABLES_KEY];
    return storage.run(store, callback);
  };
}
