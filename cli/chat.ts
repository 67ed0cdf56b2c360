// `keel chat`: talk to Keel in a terminal, or drive it line by line with --jsonl.
import readline from "node:readline";
import type { Command } from "commander";
import { createAgent } from "../agent/create-agent.ts";
import { maskForAgent } from "../agent/guard/mask.ts";
import { turnInputSchema } from "../protocol/turn-result.ts";
import { readConfig } from "../config/env.ts";
import { openKnowledgeBase } from "../kb/index.ts";
import { forEachJsonLine } from "./jsonl.ts";

function zodMessage(err: { issues: { path: PropertyKey[]; message: string }[] }): string {
  return err.issues.map((i) => `${i.path.join(".") || "input"}: ${i.message}`).join("; ");
}

export function registerChatCommand(program: Command): void {
  program
    .command("chat")
    .description("chat with Keel against the knowledge base")
    .option("--jsonl", "read {conversation, message, as_of?} lines on stdin, write one result line each on stdout")
    .option("--conversation <id>", "conversation id for interactive chat", `cli-${process.pid}-${Date.now()}`)
    .action(async (opts: { jsonl?: boolean; conversation: string }) => {
      const config = readConfig();
      const kb = await openKnowledgeBase(config);
      const agent = await createAgent({ pool: kb.db.pool, embedder: kb.embedder, config, warmUp: config.KEEL_WARM_UP === "on" });
      try {
        if (opts.jsonl) {
          await forEachJsonLine(async (value) => {
            const input = turnInputSchema.safeParse(value);
            if (!input.success) return { error: zodMessage(input.error) };
            // What the redactor does not know (bank accounts) is masked here; the agent redacts the rest.
            return (await agent.turn({ ...input.data, message: maskForAgent(input.data.message) })).result;
          });
          return;
        }
        const rl = readline.createInterface({ input: process.stdin, output: process.stdout, prompt: "you> " });
        console.log("Keel is listening. Ask about our policies (Ctrl-D to quit).");
        rl.prompt();
        // Iterating the lines (rather than question()) keeps piped input that arrives all at once.
        for await (const line of rl) {
          const parsed = turnInputSchema.safeParse({ conversation: opts.conversation, message: line });
          if (!parsed.success) {
            if (line.trim()) console.log(`keel> ${zodMessage(parsed.error)}`);
          } else if (parsed.data.message.trim()) {
            const { result } = await agent.turn({ ...parsed.data, message: maskForAgent(parsed.data.message) });
            console.log(`keel [${result.outcome}]> ${result.text}`);
            for (const c of result.citations) console.log(`   ↳ ${c.title} v${c.version}, ${c.section}`);
          }
          rl.prompt();
        }
        rl.close();
      } finally {
        await agent.close();
        await kb.db.close();
      }
    });
}
