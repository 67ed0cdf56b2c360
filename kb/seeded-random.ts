// A seedable pseudo-random generator (mulberry32) for generated data that must come out the same
// each time: the benchmarks' synthetic knowledge bases and the demo's insights history. Math.random
// cannot be seeded. It lives in kb/ so both the server and the benchmarks may import it.

/** Numbers in [0, 1), the same sequence for the same seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
