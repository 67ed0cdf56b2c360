// Line-oriented JSON over stdin/stdout for scripts: one input line in, exactly one output line out,
// in order, with bad lines answered by an error line instead of stopping the stream.
import readline from "node:readline";

export async function forEachJsonLine(handle: (value: unknown, line: number) => Promise<unknown>): Promise<void> {
  const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  let n = 0;
  for await (const raw of rl) {
    n++;
    if (!raw.trim()) continue;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (err) {
      process.stdout.write(`${JSON.stringify({ error: `line ${n}: not valid JSON (${(err as Error).message})` })}\n`);
      continue;
    }
    try {
      process.stdout.write(`${JSON.stringify(await handle(value, n))}\n`);
    } catch (err) {
      process.stdout.write(`${JSON.stringify({ error: `line ${n}: ${(err as Error).message}` })}\n`);
    }
  }
}
