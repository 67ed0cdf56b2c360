// The read model's vectors, in WebAssembly memory so one SIMD kernel (cosine.wat) scores a query
// against every slot: slots go in blocks of BLOCK, each block column by column (dimension d of the
// block's slot j at d * BLOCK + j) followed by the block's running sums. A query's non-zero
// dimensions are added in order, each product and sum rounded to single precision as pgvector
// rounds them, so the dot products are pgvector's to the bit.
import { COSINE_WASM } from "./cosine-wasm.ts";

/** Slots per block: a block of 384 dimensions is ~3 MB. */
const BLOCK = 2048;
const PAGE = 65_536;

let compiled: WebAssembly.Module | null = null;
const cosineModule = () => (compiled ??= new WebAssembly.Module(Buffer.from(COSINE_WASM, "base64")));

type Kernel = (dots: number, cols: number, capacity: number, n: number, dims: number, qs: number, nnz: number, block: number) => void;

export class VectorBlocks {
  private readonly memory: WebAssembly.Memory;
  private readonly kernel: Kernel;
  /** Bytes before the first block: the query's dimensions and values. */
  private readonly header: number;
  private readonly blockBytes: number;
  private blocks = 0;

  constructor(readonly dimensions: number) {
    const instance = new WebAssembly.Instance(cosineModule());
    this.memory = instance.exports.memory as WebAssembly.Memory;
    this.kernel = instance.exports.dots as Kernel;
    this.header = Math.ceil((dimensions * 8) / 16) * 16;
    this.blockBytes = (dimensions + 1) * BLOCK * 4;
  }

  /** Slots that fit without growing. */
  get capacity(): number {
    return this.blocks * BLOCK;
  }

  get byteLength(): number {
    return this.memory.buffer.byteLength;
  }

  /** Makes room for `slots` slots (new slots hold zeros). */
  ensure(slots: number): void {
    const blocks = Math.ceil(slots / BLOCK);
    if (blocks <= this.blocks) return;
    const need = this.header + blocks * this.blockBytes;
    const have = this.memory.buffer.byteLength;
    if (need > have) this.memory.grow(Math.ceil((need - have) / PAGE));
    this.blocks = blocks;
  }

  private columnIndex(slot: number, d: number): number {
    const block = Math.floor(slot / BLOCK);
    return (this.header + block * this.blockBytes) / 4 + d * BLOCK + (slot % BLOCK);
  }

  set(slot: number, vector: ArrayLike<number> | null): void {
    const f32 = new Float32Array(this.memory.buffer);
    const at = this.columnIndex(slot, 0);
    for (let d = 0; d < this.dimensions; d++) f32[at + d * BLOCK] = vector ? vector[d]! : 0;
  }

  get(slot: number): Float32Array {
    const f32 = new Float32Array(this.memory.buffer);
    const at = this.columnIndex(slot, 0);
    const out = new Float32Array(this.dimensions);
    for (let d = 0; d < this.dimensions; d++) out[d] = f32[at + d * BLOCK]!;
    return out;
  }

  /** The dot product of `query` with each of the first n slots, into `out` (length ≥ n). */
  dots(query: ArrayLike<number>, n: number, out: Float32Array): void {
    const dims: number[] = [];
    const qs: number[] = [];
    for (let d = 0; d < this.dimensions; d++) {
      const q = Math.fround(query[d]!);
      if (q !== 0) {
        dims.push(d);
        qs.push(q);
      }
    }
    const buffer = this.memory.buffer;
    new Int32Array(buffer, 0, dims.length).set(dims);
    new Float32Array(buffer, this.dimensions * 4, qs.length).set(qs);
    for (let block = 0; block * BLOCK < n; block++) {
      const base = this.header + block * this.blockBytes;
      const sums = base + this.dimensions * BLOCK * 4;
      const count = Math.min(BLOCK, n - block * BLOCK);
      this.kernel(sums, base, BLOCK, Math.ceil(count / 4) * 4, 0, this.dimensions * 4, dims.length, BLOCK);
      out.set(new Float32Array(buffer, sums, count), block * BLOCK);
    }
  }
}
