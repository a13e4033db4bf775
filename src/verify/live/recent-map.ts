/**
 * A map bounded to its most recently used entries: the OCSP answers a live trust store keeps.
 * A Map keeps insertion order, so re-inserting on use makes the first key the least recent.
 */
export class RecentMap<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(private readonly max: number) {}

  /** The value of `key`, now the most recently used; undefined when absent. */
  get(key: K): V | undefined {
    const value = this.entries.get(key);
    if (value === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  /** Stores `value` as the most recently used, dropping the least recently used beyond `max`. */
  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value as K);
  }

  /** How many entries are kept. */
  get size(): number {
    return this.entries.size;
  }
}
