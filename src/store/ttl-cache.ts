// A small in-memory cache with an age limit and a size bound: for rows read on every message that rarely change.

export class TtlCache<K, V> {
  private readonly entries = new Map<K, { readonly value: V; readonly until: number }>();

  constructor(
    /** How stale an entry may be; a change elsewhere (another process, a reload) shows after at most this. */
    private readonly ttlMs: number,
    private readonly maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.until > this.now()) return entry.value;
    this.entries.delete(key);
    return undefined;
  }

  set(key: K, value: V): void {
    // Map keeps insertion order: the oldest entry goes first when the bound is reached.
    if (this.entries.size >= this.maxEntries && !this.entries.has(key))
      this.entries.delete(this.entries.keys().next().value as K);
    this.entries.set(key, { value, until: this.now() + this.ttlMs });
  }

  delete(key: K): void {
    this.entries.delete(key);
  }

  /** The cached value, or the loaded one (cached unless undefined: a miss is asked again next time). */
  async through(key: K, load: () => Promise<V | undefined>): Promise<V | undefined> {
    const cached = this.get(key);
    if (cached !== undefined) return cached;
    const value = await load();
    if (value !== undefined) this.set(key, value);
    return value;
  }
}
