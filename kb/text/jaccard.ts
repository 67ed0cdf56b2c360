// How alike two sets of words are: shared over all of them (Jaccard), 0 when both are empty. The
// weighted form for features with counts is in kb/reports/gaps.ts.
export function jaccard(a: Iterable<string>, b: Iterable<string>): number {
  const left = new Set(a);
  const right = new Set(b);
  let shared = 0;
  for (const x of left) if (right.has(x)) shared++;
  const union = left.size + right.size - shared;
  return union ? shared / union : 0;
}
