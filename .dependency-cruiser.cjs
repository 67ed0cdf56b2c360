// The layers of ARCHITECTURE.md, enforced in CI (`npm run lint:layers`). Violations that exist
// today are listed in .dependency-cruiser-known-violations.json (issue 19 removes them); a new one
// fails the build.
/** Tests: they may import test support, evals and benchmarks. */
const TESTS = "\\.test\\.ts$";

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    { name: "no-circular", severity: "error", comment: "Rooms and files import one way: no circles anywhere.", from: {}, to: { circular: true } },
    {
      name: "no-evals-or-bench-at-run-time",
      severity: "error",
      comment: "The product never reads eval cases or benchmarks: only tests, evals and benchmarks may.",
      from: { path: "^(protocol|agent|server|kb|cli|config|widget|console)/", pathNot: TESTS },
      to: { path: "^(evals|bench)/" },
    },
    {
      name: "production-never-imports-test-support",
      severity: "error",
      comment:
        "Test doubles and harnesses (fake model server, test databases, process harnesses) live in test-support/, which tests, evals and benchmarks may import and the product never does.",
      from: { path: "^(protocol|agent|server|kb|cli|config|widget|console)/", pathNot: TESTS },
      to: { path: "^test-support/" },
    },
    {
      name: "kb-knows-no-agent-or-server",
      severity: "error",
      comment: "kb/ sits below the agent and the server.",
      from: { path: "^kb/" },
      to: { path: "^(agent|server|cli)/" },
    },
    {
      name: "agent-knows-no-server",
      severity: "error",
      comment: "The graph is free of transport.",
      from: { path: "^agent/" },
      to: { path: "^(server|cli)/" },
    },
    {
      name: "config-knows-no-room",
      severity: "error",
      comment: "Settings are read by every room and import none.",
      from: { path: "^config/" },
      to: { path: "^(protocol|kb|agent|server|cli|widget|console)/" },
    },
    {
      name: "browser-code-imports-only-the-wire-format",
      severity: "error",
      comment:
        "The widget and the console talk to the server over HTTP and sockets: of Keel's own code they may import only the wire format (protocol/).",
      from: { path: "^(widget|console)/src/" },
      to: { path: "^(agent|kb|server|cli|config|evals|bench|test-support)/" },
    },
    {
      name: "protocol-imports-only-zod-and-config",
      severity: "error",
      comment:
        "protocol/ is the wire format shared by server, widget and console: zod schemas and the settings they use (config/), nothing of a room above.",
      from: { path: "^protocol/", pathNot: "\\.test\\.ts$" },
      to: { path: "^(agent|kb|server|cli|widget|console|evals|bench)/" },
    },
    {
      name: "protocol-imports-no-package-but-zod",
      severity: "error",
      comment: "The browser bundles protocol/: it may use zod, and no other package (no pg, no node: modules).",
      from: { path: "^protocol/", pathNot: "\\.test\\.ts$" },
      to: { dependencyTypes: ["npm", "npm-dev", "npm-optional", "npm-peer", "npm-no-pkg", "npm-unknown", "core"], pathNot: "(^|/)node_modules/zod/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^|/)dist/|^(data|evals/report)/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default"],
      extensions: [".ts", ".js", ".mjs", ".cjs", ".json"],
    },
  },
};
