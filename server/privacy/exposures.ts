// "Show every customer record passed to a model in the last 30 days": the look-back window the
// admin API and `keel audit exposures` accept. The records are the agent's (agent/store/exposures.ts).
import { z } from "zod";

/** "30d", "12h", "2w", "90m": a look-back window. */
export const sinceSchema = z
  .string()
  .regex(/^\d{1,5}[mhdw]$/, "since must look like 30d, 12h, 2w or 90m")
  .transform((s) => {
    const n = Number(s.slice(0, -1));
    const unit = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }[s.slice(-1) as "m" | "h" | "d" | "w"];
    return new Date(Date.now() - n * unit);
  });
