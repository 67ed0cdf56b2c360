#!/usr/bin/env node
// Entry point of the `keel` command: Keel ships TypeScript sources run through tsx, so a checkout
// works right after `npm ci` with no build step.
import { register } from "tsx/esm/api";

register();
await import("../cli/main.ts");
