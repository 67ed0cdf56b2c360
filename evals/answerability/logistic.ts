// Weighted logistic regression with an L2 penalty, fitted by gradient descent: small enough to
// read, deterministic, and the data (a few thousand units, 17 features) needs nothing more.
export type Example = { x: number[]; y: 0 | 1; w: number };

export function fitLogistic(
  examples: Example[],
  options: { l2?: number; iterations?: number; rate?: number } = {},
): { weights: number[]; bias: number } {
  const { l2 = 0.01, iterations = 3000, rate = 0.5 } = options;
  const d = examples[0]?.x.length ?? 0;
  const weights = new Array<number>(d).fill(0);
  let bias = 0;
  const total = examples.reduce((a, e) => a + e.w, 0) || 1;
  for (let it = 0; it < iterations; it++) {
    const grad = new Array<number>(d).fill(0);
    let gb = 0;
    for (const e of examples) {
      let z = bias;
      for (let i = 0; i < d; i++) z += weights[i]! * e.x[i]!;
      const err = (1 / (1 + Math.exp(-z)) - e.y) * e.w;
      for (let i = 0; i < d; i++) grad[i]! += err * e.x[i]!;
      gb += err;
    }
    for (let i = 0; i < d; i++) weights[i]! -= rate * (grad[i]! / total + l2 * weights[i]!);
    bias -= rate * (gb / total);
  }
  return { weights, bias };
}

/** A ranker fitted as a softmax over each question's units (a conditional logit): it learns what
 *  tells the unit that answers from its neighbours, whatever the question's overall difficulty.
 *  Each list is one question; `positive` marks the units that answer it; `w` weighs the list. */
export type RankList = { xs: number[][]; positive: boolean[]; w: number };

export function fitRanker(lists: RankList[], options: { l2?: number; iterations?: number; rate?: number } = {}): number[] {
  const { l2 = 0.01, iterations = 1500, rate = 0.5 } = options;
  const d = lists[0]?.xs[0]?.length ?? 0;
  const weights = new Array<number>(d).fill(0);
  const total = lists.reduce((a, l) => a + l.w, 0) || 1;
  for (let it = 0; it < iterations; it++) {
    const grad = new Array<number>(d).fill(0);
    for (const l of lists) {
      const s = l.xs.map((x) => x.reduce((a, v, i) => a + weights[i]! * v, 0));
      const m = Math.max(...s);
      const e = s.map((v) => Math.exp(v - m));
      const all = e.reduce((a, v) => a + v, 0);
      const pos = e.reduce((a, v, j) => a + (l.positive[j] ? v : 0), 0);
      if (!pos) continue;
      l.xs.forEach((x, j) => {
        const g = (e[j]! / all - (l.positive[j] ? e[j]! / pos : 0)) * l.w;
        for (let i = 0; i < d; i++) grad[i]! += g * x[i]!;
      });
    }
    for (let i = 0; i < d; i++) weights[i]! -= rate * (grad[i]! / total + l2 * weights[i]!);
  }
  return weights;
}
