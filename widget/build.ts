// Bundles the browser code with esbuild: the customer widget into one minified IIFE file
// (widget/dist/keel-widget.js) and the staff console (console/dist/console.js). `npm run
// build:web` runs it; `npm start` and the browser tests build first.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export const WEB_OUTPUTS = {
  widget: path.join(root, "widget/dist/keel-widget.js"),
  console: path.join(root, "console/dist/console.js"),
};

async function bundle(entry: string, outfile: string): Promise<Buffer> {
  const result = await build({
    entryPoints: [path.join(root, entry)],
    bundle: true,
    minify: true,
    format: "iife",
    target: ["es2020"],
    legalComments: "none",
    logLevel: "warning",
    write: false,
    outfile,
  });
  const code = Buffer.from(result.outputFiles[0]!.contents);
  // Written aside and renamed: a server (or a parallel test) never serves a half-written bundle.
  fs.mkdirSync(path.dirname(outfile), { recursive: true });
  const tmp = `${outfile}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, code);
  fs.renameSync(tmp, outfile);
  return code;
}

export async function buildWeb(): Promise<{ widgetBytes: number; widgetGzipBytes: number; consoleBytes: number; consoleGzipBytes: number }> {
  const widget = await bundle("widget/src/main.ts", WEB_OUTPUTS.widget);
  const consoleJs = await bundle("console/src/main.ts", WEB_OUTPUTS.console);
  return {
    widgetBytes: widget.length,
    widgetGzipBytes: gzipSync(widget, { level: 9 }).length,
    consoleBytes: consoleJs.length,
    consoleGzipBytes: gzipSync(consoleJs, { level: 9 }).length,
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const s = await buildWeb();
  const kB = (n: number) => `${(n / 1024).toFixed(1)} kB`;
  console.log(
    `widget/dist/keel-widget.js ${kB(s.widgetBytes)} (${kB(s.widgetGzipBytes)} gzipped); console/dist/console.js ${kB(s.consoleBytes)} (${kB(s.consoleGzipBytes)} gzipped)`,
  );
}
