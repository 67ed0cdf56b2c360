// `keel serve`: the HTTP + socket.io server. `--demo` (what `npm start` runs) also prepares the
// demo site and staff accounts and prints where to go and how to sign in.
import type { Command } from "commander";
import { readConfig } from "../config/env.ts";
import { startServer } from "../server/app.ts";
import { prepareDemo, type DemoSetup } from "../server/demo.ts";
import { NotADemoFolder, seedDemoHistory } from "../server/insights/demo-history.ts";
import { mountStatic } from "../server/static.ts";

/** The sample knowledge base says people staff the chat 8 a.m.–10 p.m. ET (policies/store-hours.md):
 *  the demo keeps the widget's handoff line to the same hours unless KEEL_CHAT_HOURS says otherwise. */
export const DEMO_CHAT_HOURS = "08:00-22:00 America/New_York";

export function registerServeCommand(program: Command): void {
  program
    .command("serve")
    .description("run the server: widget, agent console, policy pages and the HTTP API")
    .option("--demo", "prepare the demo store page and demo staff accounts, and print their credentials")
    .option("--host <host>", "interface to listen on", "127.0.0.1")
    .action(async (opts: { demo?: boolean; host: string }) => {
      const config = readConfig(opts.demo && !process.env.KEEL_CHAT_HOURS ? { ...process.env, KEEL_CHAT_HOURS: DEMO_CHAT_HOURS } : process.env);
      let demo: DemoSetup | null = null;
      const server = await startServer({
        config,
        host: opts.host,
        demo: Boolean(opts.demo),
        // Pages and assets: the widget, the demo store page, the console and the policy pages.
        beforeRoutes: (app) => mountStatic(app, { demoIdentity: () => demo?.identity ?? null }),
      });
      let history = "";
      if (opts.demo) {
        demo = await prepareDemo(server.kb.db.pool);
        // A few weeks of marked demo history for the insights page; never beside real data.
        try {
          const seeded = await seedDemoHistory(server.kb.db.pool);
          history = `  demo history:         ${seeded.conversations} conversations and ${seeded.ratings} ratings over ${seeded.days} days (marked demo, replaced each start)`;
        } catch (err) {
          if (!(err instanceof NotADemoFolder)) throw err;
          history = `  ${err.message}`;
        }
      }
      const lines = [
        `Keel is running at ${server.url}`,
        `  customer widget demo: ${server.url}/demo`,
        `  agent console:        ${server.url}/console`,
        `  policy pages:         ${server.url}/console/policies`,
        `  insights:             ${server.url}/console/insights`,
        `  HTTP API:             ${server.url}/api/v1/openapi.json`,
      ];
      if (history) lines.push(history);
      if (demo) {
        lines.push("Demo sign-ins (new passwords each start):");
        for (const a of demo.accounts) lines.push(`  ${a.role.padEnd(12)} ${a.email}  password: ${a.password}`);
        lines.push(
          `To talk to a person from the demo store, sign in to the console as the agent first; chat hours ${process.env.KEEL_CHAT_HOURS ?? DEMO_CHAT_HOURS} (KEEL_CHAT_HOURS).`,
        );
      }
      console.log(lines.join("\n"));
      const stop = async () => {
        await server.close();
        process.exit(0);
      };
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    });
}
