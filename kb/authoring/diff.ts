// A line diff between two versions of a policy, as the owner reviews a change. The `diff` package
// (jsdiff: Myers' algorithm, maintained, typed, no dependencies) does the diffing; we only shape it.
import { diffLines } from "diff";
import type pg from "pg";
import type { DiffLine } from "../../protocol/policies.ts";
import { versionSource } from "./versions.ts";

export function diffText(before: string, after: string): DiffLine[] {
  const out: DiffLine[] = [];
  let a = 1;
  let b = 1;
  const normalise = (s: string) => s.replace(/\r\n/g, "\n");
  for (const part of diffLines(normalise(before), normalise(after))) {
    const op = part.added ? "added" : part.removed ? "removed" : "same";
    for (const text of part.value.replace(/\n$/, "").split("\n")) {
      out.push({ op, text, before: op === "added" ? null : a++, after: op === "removed" ? null : b++ });
    }
  }
  return out;
}

export async function diffVersions(
  db: pg.Pool | pg.PoolClient,
  policy: string,
  from: number,
  to: number,
): Promise<{ policy: string; from: number; to: number; lines: DiffLine[]; added: number; removed: number }> {
  const lines = diffText(await versionSource(db, policy, from), await versionSource(db, policy, to));
  return { policy, from, to, lines, added: lines.filter((l) => l.op === "added").length, removed: lines.filter((l) => l.op === "removed").length };
}
