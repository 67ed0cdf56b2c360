// The SIMD kernel's dot products are pgvector's to the bit (single-precision products and sums in
// dimension order), and the committed module is what cosine.wat compiles to.
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { compileCosine, moduleSource, OUTPUT } from "./build-wasm.ts";
import { VectorBlocks } from "./vectors.ts";

describe("the cosine kernel", () => {
  it("is committed as cosine.wat compiles (run `npm run build:wasm` after editing the .wat)", async () => {
    expect(fs.readFileSync(OUTPUT, "utf8")).toBe(moduleSource(await compileCosine()));
  });

  it("sums each slot's products with a sparse query exactly as a sequential single-precision loop does, across blocks", () => {
    const dimensions = 384;
    const slots = 5000; // more than two blocks, and not a multiple of four
    const blocks = new VectorBlocks(dimensions);
    blocks.ensure(slots);
    let seed = 7;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31) * 2 - 1;
    const vectors = Array.from({ length: slots }, () => Float32Array.from({ length: dimensions }, random));
    vectors.forEach((v, i) => blocks.set(i, i === 17 ? null : v));
    const query = Array.from({ length: dimensions }, (_, d) => (d % 9 === 0 ? random() : 0));
    const out = new Float32Array(slots);
    blocks.dots(query, slots, out);
    let exact = 0;
    vectors.forEach((v, i) => {
      let acc = Math.fround(0);
      if (i !== 17) for (let d = 0; d < dimensions; d++) acc = Math.fround(acc + Math.fround(v[d]! * Math.fround(query[d]!)));
      if (out[i] === acc) exact++;
    });
    expect(exact).toBe(slots);
    expect(out[17]).toBe(0);
    expect([...blocks.get(3)]).toEqual([...vectors[3]!]);
  });
});
