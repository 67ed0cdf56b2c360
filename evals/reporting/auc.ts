// How well a score separates right from wrong answers: the area under the ROC curve (the chance
// that a random right answer scores higher than a random wrong one; ties count half).
export function rocAuc(points: { score: number; correct: boolean }[]): number {
  const right = points.filter((p) => p.correct).map((p) => p.score);
  const wrong = points.filter((p) => !p.correct).map((p) => p.score);
  if (!right.length || !wrong.length) return Number.NaN;
  let wins = 0;
  for (const r of right) for (const w of wrong) wins += r > w ? 1 : r === w ? 0.5 : 0;
  return wins / (right.length * wrong.length);
}
