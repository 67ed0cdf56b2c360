// The in-memory read model of what is published: every published version of the policies in use,
// their chunks' full-text postings and vectors, and the KB's term statistics, loaded from the
// database (the source of truth) and brought up to date, policy by policy, when the database
// announces a change (migration 028's triggers, see attach.ts). It answers a search exactly as the
// database's hybrid query would on its exact path: the same candidates, ranks and scores — ts_rank
// and pgvector's cosine recomputed in the same single-precision arithmetic — for any date, since
// versions are held with their effective dates. kb/memory/read-model.test.ts holds the two equal on
// every eval knowledge base.
import type pg from "pg";
import { RETRIEVAL_CANDIDATES } from "../../config/limits.ts";
import type { Embedder } from "../embed/embedder.ts";
import type { HitRow } from "../search-hits.ts";
import { embedQuery, lexicalQuery } from "../search-query.ts";
import { CHUNK_COUNT_TERM, type TermStats } from "../terms.ts";
import type { ServingReadModel } from "./registry.ts";
import { ChunkStore, versionKey, type ChunkRow, type VersionMeta } from "./store.ts";
import { asFloat4Text, SUM_INV_SQUARES } from "./ts-rank.ts";

/** Rows read per query while loading, so a large KB never sits in memory twice as result text. */
const LOAD_BATCH = 2000;
/** Query words whose normal form is remembered (the database's text-search configuration says it). */
const LEXEME_CACHE = 100_000;
/** A refresh that failed (the database was unreachable) is tried again after this long. */
const RETRY_MS = 2000;

/** What to read again: these policies, or everything; the term statistics are read with any change. */
type Change = { policies: Set<string>; all: boolean };

export class KbReadModel implements ServingReadModel {
  private store: ChunkStore;
  private versions = new Map<string, VersionMeta>();
  /** Each policy's held versions, latest (effective_from, version) first. */
  private byPolicy = new Map<string, VersionMeta[]>();
  private df = new Map<string, number>();
  private chunkCount = 0;
  private inForce = new Map<string, Uint8Array>();
  private lexemes = new Map<string, string | null | false>();
  private loaded = false;
  private pending: Change | null = null;
  private running: Promise<void> | null = null;
  private counter = 0;
  private retry: NodeJS.Timeout | null = null;
  private stopped = false;
  private scratchSem = new Float32Array(0);
  private scratchLex = new Float32Array(0);

  constructor(
    private readonly pool: pg.Pool,
    dimensions: number,
    private readonly onError: (err: Error) => void = () => undefined,
  ) {
    this.store = new ChunkStore(dimensions);
  }

  get current(): boolean {
    return this.loaded && this.pending === null && this.running === null;
  }

  get generation(): string {
    return `memory:${this.counter}`;
  }

  /** Chunks held (every published version's, not only those in force). */
  get size(): number {
    return this.store.size;
  }

  approximateBytes(): number {
    return this.store.approximateBytes();
  }

  termStats(): TermStats {
    return { chunks: this.chunkCount, df: this.df };
  }

  /** Resolves when every change announced so far has been applied (or a refresh failed). */
  async idle(): Promise<void> {
    while (this.running) await this.running.catch(() => undefined);
  }

  /** Stops retrying failed refreshes (the model is being detached). */
  stop(): void {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
  }

  /** Loads everything; resolves when the model serves (or rejects when the load failed). */
  load(): Promise<void> {
    return this.changed("*");
  }

  /** The database announced a change: a policy id, "#terms" for the term statistics alone, or "*". */
  changed(what: string): Promise<void> {
    const change = (this.pending ??= { policies: new Set(), all: false });
    if (what === "*") change.all = true;
    else if (what !== "#terms") change.policies.add(what);
    return this.drain();
  }

  /** Applies pending changes one refresh at a time until none is left. */
  private drain(): Promise<void> {
    if (this.running) return this.running;
    const run = (async () => {
      try {
        while (this.pending) {
          const change = this.pending;
          this.pending = null;
          try {
            await this.apply(change);
          } catch (err) {
            // Not current until a later change (or the retry below) succeeds: the database serves.
            this.pending = mergeChanges(this.pending, change);
            this.onError(new Error("the in-memory read model could not refresh", { cause: err }));
            if (!this.stopped && !this.retry) {
              this.retry = setTimeout(() => {
                this.retry = null;
                if (!this.stopped) void this.drain().catch(() => undefined);
              }, RETRY_MS);
              this.retry.unref();
            }
            throw err;
          }
        }
      } finally {
        this.running = null;
      }
    })();
    this.running = run;
    // Callers that do not wait still must not see an unhandled rejection.
    run.catch(() => undefined);
    return run;
  }

  private async apply(change: Change): Promise<void> {
    const all = change.all || !this.loaded;
    const policies = all ? null : [...change.policies];
    if (all || policies!.length) {
      const versions = await readVersions(this.pool, policies);
      const published = new Map(versions.map((v) => [versionKey(v.policy, v.version), v]));
      const chunks = await readChunks(this.pool, policies, published, this.store.dimensions);
      if (all) {
        this.store = new ChunkStore(this.store.dimensions);
        this.versions.clear();
        this.byPolicy.clear();
      }
      for (const p of policies ?? []) {
        for (const v of this.byPolicy.get(p) ?? []) this.versions.delete(versionKey(v.policy, v.version));
        this.byPolicy.delete(p);
      }
      for (const v of versions) {
        this.versions.set(versionKey(v.policy, v.version), v);
        const list = this.byPolicy.get(v.policy);
        if (list) list.push(v);
        else this.byPolicy.set(v.policy, [v]);
      }
      for (const list of this.byPolicy.values()) list.sort(latestFirst);
      this.store.replacePolicies(policies ?? [], chunks, this.versions);
    }
    // Chunk writes change the term statistics too: they are read again with every change.
    const terms = await readTerms(this.pool);
    this.df = terms.df;
    this.chunkCount = terms.chunks;
    this.inForce.clear();
    this.loaded = true;
    this.counter++;
  }

  /** Per policy, the held version in force on `asOf` (kb/effective.ts's rule, over what is held). */
  private liveOn(asOf: string): VersionMeta[] {
    const live: VersionMeta[] = [];
    for (const list of this.byPolicy.values()) {
      const latest = list.find((v) => v.effectiveFrom <= asOf);
      if (latest && (latest.effectiveTo === null || latest.effectiveTo >= asOf)) live.push(latest);
    }
    return live;
  }

  versionsInForce(asOf: string): Map<string, number> {
    return new Map(this.liveOn(asOf).map((v) => [v.policy, v.version]));
  }

  /** Per slot: 1 when the chunk belongs to the version in force on `asOf` (kb/effective.ts's rule). */
  private inForceOn(asOf: string): Uint8Array {
    let mask = this.inForce.get(asOf);
    if (mask) return mask;
    const live = new Set(this.liveOn(asOf));
    mask = new Uint8Array(this.store.slots.length);
    this.store.slots.forEach((s, i) => {
      if (s && live.has(s.meta)) mask![i] = 1;
    });
    if (this.inForce.size > 8) this.inForce.clear();
    this.inForce.set(asOf, mask);
    return mask;
  }

  /** The normal form (lexeme) of each query word, as to_tsquery('english', word) gives it; null for
   *  a stop word; false when a word does not become one plain lexeme (the database path serves). */
  private async lexemesOf(words: string[]): Promise<(string | null)[] | null> {
    const unknown = [...new Set(words.filter((w) => !this.lexemes.has(w)))];
    if (unknown.length) {
      const { rows } = await this.pool.query<{ w: string; t: string }>("SELECT w, to_tsquery('english', w)::text AS t FROM unnest($1::text[]) w", [
        unknown,
      ]);
      if (this.lexemes.size + rows.length > LEXEME_CACHE) this.lexemes.clear();
      for (const r of rows) this.lexemes.set(r.w, r.t === "" ? null : (/^'([^'\\]+)'$/.exec(r.t)?.[1] ?? false));
    }
    const out: (string | null)[] = [];
    for (const w of words) {
      const l = this.lexemes.get(w);
      if (l === false || l === undefined) return null;
      out.push(l);
    }
    return out;
  }

  async candidates(embedder: Embedder, query: string, options: { asOf: string; policies?: string[] }): Promise<HitRow[] | null> {
    const generation = this.counter;
    const stats = this.termStats();
    const vector = await embedQuery(embedder, query, stats);
    const lexicalText = lexicalQuery(query, stats);
    const words = lexicalText ? lexicalText.split(" | ") : [];
    const lexemes = await this.lexemesOf(words);
    // A change arrived while the query was being prepared: the database has the newer state.
    if (lexemes === null || !this.current || this.counter !== generation || vector.length !== this.store.dimensions) return null;
    const store = this.store;
    const n = store.slots.length;
    const live = this.inForceOn(options.asOf);
    const scope = options.policies?.length ? new Set(options.policies) : null;
    const ids = store.ids;
    const eligible = (i: number) => live[i] === 1 && (!scope || scope.has(store.slots[i]!.meta.policy));

    // Vector half: cosine distances as pgvector computes them (single-precision sums in dimension
    // order; a query's zero dimensions add nothing), for every slot at once (vectors.ts).
    if (this.scratchSem.length < n) this.scratchSem = new Float32Array(Math.ceil(n * 1.25));
    const dots = this.scratchSem;
    store.vectors.dots(vector, n, dots);
    let queryNorm = Math.fround(0);
    for (let d = 0; d < vector.length; d++) {
      const q = Math.fround(vector[d]!);
      if (q !== 0) queryNorm = Math.fround(queryNorm + Math.fround(q * q));
    }
    // Postgres's order of distances: numbers ascending, then NaN (a zero vector), then NULL (no vector).
    const distanceKey = (i: number): number => {
      const norm = store.norms[i]!;
      if (Number.isNaN(norm)) return NO_VECTOR;
      let sim = dots[i]! / Math.sqrt(norm * queryNorm);
      if (sim > 1) sim = 1;
      else if (sim < -1) sim = -1;
      const d = 1 - sim;
      return Number.isNaN(d) ? ZERO_VECTOR : d;
    };
    const nearest = new TopK(RETRIEVAL_CANDIDATES);
    for (let i = 0; i < n; i++) if (eligible(i)) nearest.offer(i, distanceKey(i), ids[i]!);

    // Full-text half: ts_rank of the OR-query over the chunks holding any of its lexemes.
    const distinct = [...new Set(lexemes.filter((l): l is string => l !== null))].sort(byteOrder);
    if (this.scratchLex.length < n) this.scratchLex = new Float32Array(Math.ceil(n * 1.25));
    const acc = this.scratchLex;
    const touched: number[] = [];
    for (const lexeme of distinct) {
      const p = store.postings.get(lexeme);
      if (!p) continue;
      for (let k = 0; k < p.slots.length; k++) {
        const s = p.slots[k]!;
        if (!store.slots[s]) continue;
        if (acc[s] === 0) touched.push(s);
        acc[s] = acc[s]! + p.shares[k]! / SUM_INV_SQUARES;
      }
    }
    const rank = new Map<number, number>();
    for (const s of touched) {
      rank.set(s, Math.fround(Math.fround(acc[s]! / distinct.length) / store.slots[s]!.divisor));
      acc[s] = 0;
    }
    const matched = new TopK(RETRIEVAL_CANDIDATES);
    for (const s of touched) if (eligible(s)) matched.offer(s, -rank.get(s)!, ids[s]!);

    const semRank = new Map(nearest.sorted().map((s, i) => [s, i + 1]));
    const lexRank = new Map(matched.sorted().map((s, i) => [s, i + 1]));
    return [...new Set([...semRank.keys(), ...lexRank.keys()])].map((s) => {
      const slot = store.slots[s]!;
      const d = distanceKey(s);
      return {
        id: slot.id,
        policy_id: slot.meta.policy,
        version: slot.meta.version,
        title: slot.meta.title,
        section: slot.section,
        heading_path: slot.headingPath,
        content: slot.content,
        char_start: slot.charStart,
        char_end: slot.charEnd,
        effective_from: slot.meta.effectiveFrom,
        effective_to: slot.meta.effectiveTo,
        handoff_required: slot.meta.handoffRequired,
        audience: slot.meta.audience,
        semantic: d === NO_VECTOR ? null : d === ZERO_VECTOR ? Number.NaN : 1 - d,
        lexical: lexicalText ? asFloat4Text(rank.get(s) ?? 0) : 0,
        sem_rank: semRank.get(s) ?? null,
        lex_rank: lexRank.get(s) ?? null,
      };
    });
  }
}

/** Sort keys past every cosine distance (0..2): a zero vector's NaN, then a chunk with no vector. */
const ZERO_VECTOR = 10;
const NO_VECTOR = 11;

/** Lexemes in the order Postgres visits a query's operands (byte order). */
const byteOrder = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

const latestFirst = (a: VersionMeta, b: VersionMeta) =>
  a.effectiveFrom < b.effectiveFrom ? 1 : a.effectiveFrom > b.effectiveFrom ? -1 : b.version - a.version;

function mergeChanges(a: Change | null, b: Change): Change {
  if (!a) return b;
  return { policies: new Set([...a.policies, ...b.policies]), all: a.all || b.all };
}

/** The k smallest (key, id) of the slots offered, in order. */
class TopK {
  private readonly slots: number[] = [];
  private readonly keys: number[] = [];
  private readonly ids: number[] = [];
  constructor(private readonly k: number) {}

  offer(slot: number, key: number, id: number): void {
    const { slots, keys, ids } = this;
    let i = keys.length;
    if (i === this.k && (key > keys[i - 1]! || (key === keys[i - 1]! && id >= ids[i - 1]!))) return;
    while (i > 0 && (key < keys[i - 1]! || (key === keys[i - 1]! && id < ids[i - 1]!))) i--;
    slots.splice(i, 0, slot);
    keys.splice(i, 0, key);
    ids.splice(i, 0, id);
    if (keys.length > this.k) {
      slots.pop();
      keys.pop();
      ids.pop();
    }
  }

  sorted(): number[] {
    return this.slots;
  }
}

const PUBLISHED = `pv.status = 'published' AND p.retired_at IS NULL`;

async function readVersions(pool: pg.Pool, policies: string[] | null): Promise<VersionMeta[]> {
  const { rows } = await pool.query<{
    policy_id: string;
    version: number;
    title: string;
    ef: string;
    et: string | null;
    handoff_required: boolean;
    audience: "customer" | "staff";
  }>(
    `SELECT pv.policy_id, pv.version, pv.title, to_char(pv.effective_from, 'YYYY-MM-DD') AS ef, to_char(pv.effective_to, 'YYYY-MM-DD') AS et,
            pv.handoff_required, pv.audience
     FROM policy_versions pv JOIN policies p ON p.id = pv.policy_id
     WHERE ${PUBLISHED} ${policies ? "AND pv.policy_id = ANY($1::text[])" : ""}`,
    policies ? [policies] : [],
  );
  return rows.map((r) => ({
    policy: r.policy_id,
    version: r.version,
    title: r.title,
    effectiveFrom: r.ef,
    effectiveTo: r.et,
    handoffRequired: r.handoff_required,
    audience: r.audience,
  }));
}

/** The chunks of the published versions in `versions`: all of them a page at a time along the
 *  primary key (a join per page would make the database rebuild it for every page), or those of the
 *  policies named. Rows of other versions (drafts, retired policies) are read and left out. */
async function readChunks(pool: pg.Pool, policies: string[] | null, versions: Map<string, VersionMeta>, dimensions: number): Promise<ChunkRow[]> {
  const out: ChunkRow[] = [];
  const columns = `c.id, c.policy_id, c.version, c.section, c.heading_path, c.content, c.char_start, c.char_end, c.tsv::text AS tsv, c.embedding::text AS embedding`;
  let after = 0;
  for (;;) {
    const { rows } = await pool.query<{
      id: string;
      policy_id: string;
      version: number;
      section: string;
      heading_path: string[];
      content: string;
      char_start: number;
      char_end: number;
      tsv: string;
      embedding: string | null;
    }>(
      policies
        ? `SELECT ${columns} FROM chunks c WHERE c.policy_id = ANY($1::text[]) ORDER BY c.id`
        : `SELECT ${columns} FROM chunks c WHERE c.id > $1 ORDER BY c.id LIMIT $2`,
      policies ? [policies] : [after, LOAD_BATCH],
    );
    for (const r of rows) {
      if (!versions.has(versionKey(r.policy_id, r.version))) continue;
      const vector = r.embedding === null ? null : Float32Array.from(JSON.parse(r.embedding) as number[]);
      out.push({
        id: Number(r.id),
        policy: r.policy_id,
        version: r.version,
        section: r.section,
        headingPath: r.heading_path,
        content: r.content,
        charStart: r.char_start,
        charEnd: r.char_end,
        tsv: r.tsv,
        vector: vector && vector.length === dimensions ? vector : null,
      });
    }
    if (policies || rows.length < LOAD_BATCH) return out;
    after = Number(rows[rows.length - 1]!.id);
  }
}

async function readTerms(pool: pg.Pool): Promise<TermStats> {
  const { rows } = await pool.query<{ term: string; df: number }>("SELECT term, df FROM kb_terms");
  const df = new Map(rows.map((r) => [r.term, r.df]));
  let chunks = df.get(CHUNK_COUNT_TERM);
  df.delete(CHUNK_COUNT_TERM);
  if (chunks === undefined) chunks = (await pool.query<{ n: number }>("SELECT count(*)::int AS n FROM chunks")).rows[0]!.n;
  return { chunks, df };
}
