// A stage's own deadline: one AbortController and one timer, both released by clear().
// Not AbortSignal.any([..., AbortSignal.timeout()]): on Node 20 the timeout inside it can be
// garbage-collected before it fires, and each composite stays referenced by a long-lived
// parent signal (see ../shared/FACTS.md), which leaked ~40 KB per turn.

export class DeadlineError extends Error {
  override name = "DeadlineError";
  constructor(
    readonly label: string,
    readonly ms: number,
  ) {
    super(`${label} took longer than ${ms} ms`);
  }
}

export interface Deadline {
  readonly signal: AbortSignal;
  /** Stops the timer and detaches from the parent; call it when the stage ends. */
  clear(): void;
}

/** Aborts after `ms` (with a DeadlineError as the reason) or when `parent` aborts. */
export function deadline(label: string, ms: number, parent?: AbortSignal): Deadline {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DeadlineError(label, ms)), ms);
  const onParentAbort = () => controller.abort(parent?.reason);
  if (parent?.aborted) controller.abort(parent.reason);
  else parent?.addEventListener("abort", onParentAbort, { once: true });
  return {
    signal: controller.signal,
    clear() {
      clearTimeout(timer);
      parent?.removeEventListener("abort", onParentAbort);
    },
  };
}

/** Runs `fn` under a deadline and always clears it. */
export async function withDeadline<T>(
  label: string,
  ms: number,
  parent: AbortSignal | undefined,
  fn: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const d = deadline(label, ms, parent);
  try {
    return await fn(d.signal);
  } finally {
    d.clear();
  }
}

export interface Watchdog extends Deadline {
  /** Progress: restarts the timer with the gap bound. */
  touch(): void;
}

/**
 * A deadline for a stream: `firstMs` until the first sign of progress, then `gapMs` between
 * two (a stall after some tokens or audio), and never past `parent`. Same one controller.
 */
export function watchdog(
  label: string,
  firstMs: number,
  gapMs: number,
  parent?: AbortSignal,
): Watchdog {
  const controller = new AbortController();
  let timer = setTimeout(
    () => controller.abort(new DeadlineError(`${label} first`, firstMs)),
    firstMs,
  );
  const onParentAbort = () => controller.abort(parent?.reason);
  if (parent?.aborted) controller.abort(parent.reason);
  else parent?.addEventListener("abort", onParentAbort, { once: true });
  return {
    signal: controller.signal,
    touch() {
      clearTimeout(timer);
      if (controller.signal.aborted) return;
      timer = setTimeout(() => controller.abort(new DeadlineError(`${label} stall`, gapMs)), gapMs);
    },
    clear() {
      clearTimeout(timer);
      parent?.removeEventListener("abort", onParentAbort);
    },
  };
}
