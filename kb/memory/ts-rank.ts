// Postgres's full-text ranking, recomputed in memory: the lexemes of a stored tsvector and
// ts_rank(tsv, query, 1) for an OR-query of single lexemes, the only shape Keel's lexical query
// takes (kb/search.ts lexicalQuery). The arithmetic follows Postgres's calc_rank_or and its
// length normalisation step by step in single precision (ts_rank returns a float4), so the
// in-memory read model orders full-text matches exactly as the database does; the read model's
// tests compare the two on every eval knowledge base.

/** Weights of the position classes D, C, B, A: Postgres's defaults. */
const CLASS_WEIGHTS = [0.1, 0.2, 0.4, 1.0].map(Math.fround);
/** pi^2/6, the limit of sum(1/i^2): as written in Postgres's tsrank.c. */
export const SUM_INV_SQUARES = 1.64493406685;
const f = Math.fround;

/** One lexeme's share of a rank, from its positions' weight classes (0 = D … 3 = A), in order. */
export function lexemeShare(classes: number[]): number {
  let resj = f(0);
  let wjm = f(-1);
  let jm = 0;
  const list = classes.length ? classes : [0];
  for (let j = 0; j < list.length; j++) {
    const w = CLASS_WEIGHTS[list[j]!]!;
    resj = f(resj + f(w / ((j + 1) * (j + 1))));
    if (w > wjm) {
      wjm = w;
      jm = j;
    }
  }
  return f(f(wjm + resj) - f(wjm / ((jm + 1) * (jm + 1))));
}

export type ParsedTsvector = { lexemes: Map<string, number[]>; length: number };

/** Reads tsvector text output ('word':1,5B 'other') into each lexeme's position classes and the
 *  vector's length as Postgres counts it (positions, or 1 for a lexeme stored without any). */
export function parseTsvector(text: string): ParsedTsvector {
  const lexemes = new Map<string, number[]>();
  let length = 0;
  let i = 0;
  while (i < text.length) {
    if (text[i] !== "'") {
      i++;
      continue;
    }
    let word = "";
    i++;
    for (;;) {
      const c = text[i];
      if (c === undefined) throw new Error(`unterminated lexeme in tsvector text: ${text.slice(0, 80)}`);
      if (c === "'") {
        if (text[i + 1] === "'") {
          word += "'";
          i += 2;
          continue;
        }
        i++;
        break;
      }
      if (c === "\\") {
        word += text[i + 1] ?? "";
        i += 2;
        continue;
      }
      word += c;
      i++;
    }
    const classes: number[] = [];
    if (text[i] === ":") {
      i++;
      const m = /^[0-9A-D,]+/.exec(text.slice(i))!;
      for (const p of m[0].split(",")) {
        const letter = p.replace(/[0-9]/g, "");
        classes.push(letter === "A" ? 3 : letter === "B" ? 2 : letter === "C" ? 1 : 0);
      }
      i += m[0].length;
    }
    length += classes.length || 1;
    lexemes.set(word, classes);
  }
  return { lexemes, length };
}

/** The length normalisation of ts_rank's method 1: divide by log2(1 + length). */
export function lengthDivisor(length: number): number {
  return Math.log(length + 1) / Math.log(2);
}

/** ts_rank(tsv, 'a | b | …', 1), given the shares of the query's distinct lexemes the vector holds,
 *  in the order Postgres visits them (byte order of the lexemes), and how many distinct lexemes
 *  the query has. */
export function rankOr(sharesInOrder: number[], queryLexemes: number, divisor: number): number {
  let res = f(0);
  for (const s of sharesInOrder) res = f(res + s / SUM_INV_SQUARES);
  if (queryLexemes > 0) res = f(res / queryLexemes);
  if (res < 0) res = f(1e-20);
  return f(res / divisor);
}

/** A float4 as node-postgres reads it: Postgres prints the shortest decimal that reads back as the
 *  same float4, and that decimal is parsed as a double. */
export function asFloat4Text(x: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  for (let p = 1; p <= 9; p++) {
    const d = Number(x.toPrecision(p));
    if (f(d) === x) return d;
  }
  return x;
}
