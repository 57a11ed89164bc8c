// A cache of pending loads with a byte bound: what a scan keeps of files it read (text, parsed documents)
// must not grow with the repository. Least recently used entries go first; a miss loads again.

/** What a map entry, its key's header and a settled promise take besides the value (V8, roughly). */
const ENTRY_OVERHEAD = 160;

interface Entry<V> {
  value: Promise<V>;
  /** Estimated bytes once loaded, the key and the entry itself included. */
  bytes: number;
  /** A pending load is never evicted: its callers are still waiting on it. */
  loaded: boolean;
}

export class BoundedCache<V> {
  private readonly entries = new Map<string, Entry<V>>();
  private total = 0;
  private evictions = 0;

  /**
   * @param maxBytes bound on the estimated size of everything kept
   * @param sizeOf estimated bytes a loaded value holds (an estimate from the source length is enough)
   */
  constructor(
    private readonly maxBytes: number,
    private readonly sizeOf: (value: V) => number,
  ) {}

  /** The value under `key`, loaded by `load` on a miss; concurrent callers share one load. */
  get(key: string, load: () => Promise<V>): Promise<V> {
    const hit = this.entries.get(key);
    if (hit) {
      // Map order is insertion order: moving a hit to the end keeps the least recently used first.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.value;
    }
    const entry: Entry<V> = { value: load(), bytes: 0, loaded: false };
    this.entries.set(key, entry);
    entry.value.then(
      (value) => {
        if (this.entries.get(key) !== entry) return; // evicted or replaced meanwhile
        entry.bytes = ENTRY_OVERHEAD + 2 * key.length + Math.max(0, this.sizeOf(value));
        entry.loaded = true;
        this.total += entry.bytes;
        this.evict();
      },
      () => {
        if (this.entries.get(key) === entry) this.entries.delete(key); // a failed load is not kept
      },
    );
    return entry.value;
  }

  /** Forgets a key (a load whose answer must not be reused). */
  delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.total -= entry.bytes;
  }

  /** Estimated bytes kept, entries kept and entries evicted so far (for tests and stats). */
  stats(): { bytes: number; entries: number; evictions: number } {
    return { bytes: this.total, entries: this.entries.size, evictions: this.evictions };
  }

  private evict(): void {
    if (this.total <= this.maxBytes) return;
    for (const [key, entry] of this.entries) {
      if (this.total <= this.maxBytes) break;
      if (!entry.loaded) continue;
      this.entries.delete(key);
      this.total -= entry.bytes;
      this.evictions++;
    }
  }
}
