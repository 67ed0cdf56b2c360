// The `keel` command line: knowledge base management, chat, the grounding checker and the server.
import { Command } from "commander";
import { registerChatCommand } from "./chat.ts";
import { registerCheckCommand } from "./check.ts";
import { registerKbCommands } from "./kb.ts";

const program = new Command("keel").description("Keel: a customer-service agent grounded in your policies").showHelpAfterError();
registerKbCommands(program);
registerChatCommand(program);
registerCheckCommand(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  console.error(`keel: ${(err as Error).message}`);
  process.exitCode = 1;
}
