// Two small async helpers for the pipeline: a queue that one side pushes into and the other
// awaits, and a prefetcher that starts consuming a stream before anyone reads it.
export class AsyncQueue<T> {
  private items: T[] = [];
  private waiting: ((item: T | null) => void) | null = null;
  private closed = false;

  push(item: T) {
    if (this.waiting) {
      this.waiting(item);
      this.waiting = null;
    } else this.items.push(item);
  }

  close() {
    this.closed = true;
    this.waiting?.(null);
    this.waiting = null;
  }

  /** The next item, or null once the queue is closed and empty. */
  next(): Promise<T | null> {
    if (this.items.length) return Promise.resolve(this.items.shift()!);
    if (this.closed) return Promise.resolve(null);
    return new Promise((resolve) => {
      this.waiting = resolve;
    });
  }
}

/** Starts reading `source` now into a buffer; iterate the result to get the chunks in order. */
export function prefetch<T>(source: AsyncIterable<T>): AsyncIterable<T> {
  const buffer: T[] = [];
  let done = false;
  let failure: { error: unknown } | null = null;
  const noop = () => {};
  let wake: () => void = noop;
  (async () => {
    try {
      for await (const item of source) {
        buffer.push(item);
        wake();
      }
    } catch (error) {
      failure = { error };
    } finally {
      done = true;
      wake();
    }
  })();
  return {
    async *[Symbol.asyncIterator]() {
      for (;;) {
        if (buffer.length) {
          yield buffer.shift()!;
          continue;
        }
        if (failure) throw failure.error;
        if (done) return;
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        wake = noop;
      }
    },
  };
}
