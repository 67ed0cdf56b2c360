// The `keel` command line: knowledge base management, chat, the grounding checker and the server.
import fs from "node:fs";
import { Command } from "commander";
import { registerAuditCommands } from "./audit.ts";
import { registerChatCommand } from "./chat.ts";
import { registerCheckCommand } from "./check.ts";
import { registerInsightsCommand } from "./insights.ts";
import { registerKbCommands } from "./kb.ts";
import { registerServeCommand } from "./serve.ts";
import { registerUsersCommands } from "./users.ts";

const { version } = JSON.parse(fs.readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };
const program = new Command("keel")
  .description("Keel: a customer-service agent grounded in your policies")
  .version(version, "-V, --version", "print Keel's version")
  .showHelpAfterError();
registerKbCommands(program);
registerChatCommand(program);
registerCheckCommand(program);
registerServeCommand(program);
registerUsersCommands(program);
registerAuditCommands(program);
registerInsightsCommand(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  console.error(`keel: ${(err as Error).message}`);
  process.exitCode = 1;
}
