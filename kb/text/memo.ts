// Reading a text is pure (the lexicon, stemmer and patterns are fixed for the process), and a turn
// reads the same policy sentences that the turns before it read: a bounded memo keeps each text's
// analysis after its first reading. Values are shared between callers, so they are typed
// read-only; a caller that needs to add to one copies it first.

/** `read`, remembered by `keyOf(arg)` for up to `max` keys. */
export function memoized<A, T>(read: (arg: A) => T, keyOf: (arg: A) => string, max = 30_000): (arg: A) => T {
  const cache = new Map<string, T>();
  return (arg: A) => {
    const key = keyOf(arg);
    const hit = cache.get(key);
    if (hit !== undefined) return hit;
    const value = read(arg);
    // A whole generation is dropped at once: simpler than an LRU and, at this size, rare.
    if (cache.size >= max) cache.clear();
    cache.set(key, value);
    return value;
  };
}

/** `read`, remembered by its text. */
export const memoByText = <T>(read: (text: string) => T, max?: number): ((text: string) => T) => memoized(read, (text) => text, max);

/** `read`, remembered per object for as long as the object lives (a set of titles, of units): a
 *  new object, as each change of the knowledge base brings, is read afresh. */
export function memoByObject<K extends object, T>(read: (key: K) => T): (key: K) => T {
  const cache = new WeakMap<K, T>();
  return (key: K) => {
    if (cache.has(key)) return cache.get(key)!;
    const value = read(key);
    cache.set(key, value);
    return value;
  };
}
