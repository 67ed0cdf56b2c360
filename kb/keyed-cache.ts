// One value per pool, read again only when its key moves (the knowledge base's generation): what a
// turn reads of the whole KB is read once per change, not once per turn. A failed read is
// forgotten, unless a newer one has already taken its place.
import type pg from "pg";

export type KeyedCache<T> = WeakMap<pg.Pool, { key: string; value: Promise<T> }>;

export function keyedCache<T>(): KeyedCache<T> {
  return new WeakMap();
}

/** The cached value for `key`, or `load()`'s, kept under that key. */
export function cachedUnder<T>(cache: KeyedCache<T>, pool: pg.Pool, key: string, load: () => Promise<T>): Promise<T> {
  const cached = cache.get(pool);
  if (cached && cached.key === key) return cached.value;
  const value = load();
  const entry = { key, value };
  cache.set(pool, entry);
  value.catch(() => cache.get(pool) === entry && cache.delete(pool));
  return value;
}
