// What the read model holds: every chunk of every published version of the policies in use, each
// in a slot, with its full-text postings and its vector (vectors.ts: column by column in
// WebAssembly memory, so a query's few non-zero dimensions are scored over all slots at once). Slots of
// a policy that changes are emptied and its chunks loaded again into new slots; emptied slots are
// skipped until a compaction packs the store.
import { lexemeShare, lengthDivisor, parseTsvector } from "./ts-rank.ts";
import { VectorBlocks } from "./vectors.ts";

export type VersionMeta = {
  policy: string;
  version: number;
  title: string;
  effectiveFrom: string;
  effectiveTo: string | null;
  handoffRequired: boolean;
  audience: "customer" | "staff";
};

export type ChunkRow = {
  id: number;
  policy: string;
  version: number;
  section: string;
  headingPath: string[];
  content: string;
  charStart: number;
  charEnd: number;
  /** tsvector text output. */
  tsv: string;
  /** null when the chunk has no embedding. */
  vector: Float32Array | null;
};

export type Slot = {
  id: number;
  meta: VersionMeta;
  section: string;
  headingPath: string[];
  content: string;
  charStart: number;
  charEnd: number;
  /** ts_rank's length normalisation for this chunk's tsvector. */
  divisor: number;
};

type Posting = { slots: number[]; shares: number[] };

export class ChunkStore {
  readonly slots: (Slot | null)[] = [];
  /** Per slot: the vector's sum of squares in single precision (as pgvector sums it), NaN without a vector. */
  norms = new Float64Array(0);
  /** Per slot: the chunk's id (read in the search's hot loop, where the slot objects would not be). */
  ids = new Float64Array(0);
  vectors: VectorBlocks;
  readonly postings = new Map<string, Posting>();
  private readonly byPolicy = new Map<string, number[]>();
  private emptied = 0;

  constructor(readonly dimensions: number) {
    this.vectors = new VectorBlocks(dimensions);
  }

  get size(): number {
    return this.slots.length - this.emptied;
  }

  /** Replaces everything held of these policies by `chunks` (their published versions' chunks). */
  replacePolicies(policies: Iterable<string>, chunks: ChunkRow[], versions: Map<string, VersionMeta>): void {
    for (const p of policies) this.removePolicy(p);
    this.ensureCapacity(this.slots.length + chunks.length);
    for (const c of chunks) {
      const meta = versions.get(versionKey(c.policy, c.version));
      if (!meta) continue;
      this.add(c, meta);
    }
    if (this.emptied > 1000 && this.emptied > this.slots.length / 4) this.compact();
  }

  private removePolicy(policy: string): void {
    for (const s of this.byPolicy.get(policy) ?? []) {
      if (this.slots[s]) {
        this.slots[s] = null;
        this.emptied++;
      }
    }
    this.byPolicy.delete(policy);
  }

  private add(c: ChunkRow, meta: VersionMeta): void {
    const slot = this.slots.length;
    const tsv = parseTsvector(c.tsv);
    this.slots.push({
      id: c.id,
      meta,
      section: c.section,
      headingPath: c.headingPath,
      content: c.content,
      charStart: c.charStart,
      charEnd: c.charEnd,
      divisor: lengthDivisor(tsv.length),
    });
    for (const [lexeme, classes] of tsv.lexemes) {
      let p = this.postings.get(lexeme);
      if (!p) this.postings.set(lexeme, (p = { slots: [], shares: [] }));
      p.slots.push(slot);
      p.shares.push(lexemeShare(classes));
    }
    this.ids[slot] = c.id;
    const own = this.byPolicy.get(c.policy);
    if (own) own.push(slot);
    else this.byPolicy.set(c.policy, [slot]);
    if (c.vector && c.vector.length === this.dimensions) {
      let sum = Math.fround(0);
      for (let d = 0; d < this.dimensions; d++) sum = Math.fround(sum + Math.fround(c.vector[d]! * c.vector[d]!));
      this.vectors.set(slot, c.vector);
      this.norms[slot] = sum;
    } else {
      this.vectors.set(slot, null);
      this.norms[slot] = Number.NaN;
    }
  }

  private ensureCapacity(n: number): void {
    this.vectors.ensure(n);
    if (this.norms.length >= n) return;
    const norms = new Float64Array(Math.max(n, Math.ceil(this.norms.length * 1.5), 64));
    norms.set(this.norms);
    this.norms = norms;
    const ids = new Float64Array(norms.length);
    ids.set(this.ids);
    this.ids = ids;
  }

  /** Packs the live slots to the front: postings, columns and norms are rebuilt in slot order. */
  private compact(): void {
    const live = this.slots.map((s, i) => (s ? i : -1)).filter((i) => i >= 0);
    const newIndex = new Map(live.map((old, i) => [old, i]));
    const norms = new Float64Array(Math.max(live.length, 64));
    const ids = new Float64Array(norms.length);
    const vectors = new VectorBlocks(this.dimensions);
    vectors.ensure(live.length);
    live.forEach((old, i) => {
      norms[i] = this.norms[old]!;
      ids[i] = this.ids[old]!;
      vectors.set(i, this.vectors.get(old));
    });
    for (const [lexeme, p] of this.postings) {
      const slots: number[] = [];
      const shares: number[] = [];
      p.slots.forEach((s, k) => {
        const n = newIndex.get(s);
        if (n !== undefined) {
          slots.push(n);
          shares.push(p.shares[k]!);
        }
      });
      if (slots.length) this.postings.set(lexeme, { slots, shares });
      else this.postings.delete(lexeme);
    }
    for (const [policy, own] of this.byPolicy)
      this.byPolicy.set(
        policy,
        own.map((s) => newIndex.get(s)!).filter((s) => s !== undefined),
      );
    const slots = live.map((old) => this.slots[old]!);
    this.slots.length = 0;
    this.slots.push(...slots);
    this.norms = norms;
    this.ids = ids;
    this.vectors = vectors;
    this.emptied = 0;
  }

  /** Rough bytes held: vectors, norms, postings and texts. */
  approximateBytes(): number {
    let bytes = this.vectors.byteLength + this.norms.byteLength;
    for (const [lexeme, p] of this.postings) bytes += lexeme.length * 2 + p.slots.length * 16 + 64;
    for (const s of this.slots) if (s) bytes += (s.content.length + s.section.length + s.headingPath.join("").length) * 2 + 120;
    return bytes;
  }
}

export const versionKey = (policy: string, version: number) => `${policy}\u0000${version}`;
