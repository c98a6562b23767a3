type Waiting<I, O> = { item: I; resolve: (r: O) => void; reject: (e: unknown) => void };

export type BatcherOptions<I, O> = {
  /** Does the work for a batch; returns one result per item, in order. */
  run: (items: I[]) => Promise<O[]>;
  /** Items per run at most. */
  maxBatch?: number;
  /** Runs in flight at once; what arrives meanwhile waits and gathers into the next run. */
  maxInFlight?: number;
  /**
   * Take a batch only after one turn of the event loop, so that work the I/O just finished has
   * made ready joins it. For a database on this thread (PGlite), whose every statement blocks
   * it: there nothing arrives while a run is in flight, so without this every batch is one item.
   */
  gather?: boolean;
};

/**
 * Natural batching ("group commit"): work that arrives while earlier work is being done waits
 * and is then done together in one run, so that under load many requests share one round trip,
 * one plan and one commit. Nobody waits for a timer: a lone item runs at once. When a run of
 * several items fails, each item is run again on its own, so one bad item fails alone.
 */
export class Batcher<I, O> {
  private readonly queue: Waiting<I, O>[] = [];
  private inFlight = 0;
  private readonly maxBatch: number;
  private readonly maxInFlight: number;

  constructor(private readonly options: BatcherOptions<I, O>) {
    this.maxBatch = options.maxBatch ?? 64;
    this.maxInFlight = options.maxInFlight ?? 1;
  }

  add(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.drain();
    });
  }

  private drain(): void {
    while (this.inFlight < this.maxInFlight && this.queue.length > 0) {
      this.inFlight++;
      if (this.options.gather) setImmediate(() => this.start());
      else this.start();
    }
  }

  private start(): void {
    const batch = this.queue.splice(0, this.maxBatch);
    void this.flush(batch).finally(() => {
      this.inFlight--;
      this.drain();
    });
  }

  private async flush(batch: Waiting<I, O>[]): Promise<void> {
    try {
      const results = await this.options.run(batch.map((w) => w.item));
      batch.forEach((w, i) => w.resolve(results[i] as O));
    } catch (err) {
      if (batch.length === 1) batch[0]?.reject(err);
      else await Promise.all(batch.map((w) => this.flush([w])));
    }
  }
}

/** One batcher per key (a database handle, say), made on first use and dropped with the key. */
export function batcherPer<K extends object, I, O>(make: (key: K) => Batcher<I, O>): (key: K) => Batcher<I, O> {
  const batchers = new WeakMap<K, Batcher<I, O>>();
  return (key) => {
    let b = batchers.get(key);
    if (!b) batchers.set(key, (b = make(key)));
    return b;
  };
}
