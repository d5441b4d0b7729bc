// In-process change signal for the live feeds: a write that the monitor or a caller's event
// feed shows (a turn, a takeover) wakes this instance's waiting feeds at once. Feeds also poll
// the database on a short interval, which is what carries a change written by another server
// instance; this only removes the wait when writer and reader share a process.
import { EventEmitter } from "node:events";

const KEY = Symbol.for("voxline.live.notifier");
type Holder = { [KEY]?: EventEmitter };

function bus(): EventEmitter {
  const g = globalThis as Holder;
  if (!g[KEY]) {
    g[KEY] = new EventEmitter();
    g[KEY].setMaxListeners(0);
  }
  return g[KEY];
}

/** Something about this call changed (a turn stored, a hold taken or released). */
export function notifyCall(conversationId: string) {
  bus().emit("change", conversationId);
}

/**
 * Resolves after `ms`, or earlier when a call `accept`s changed or `signal` aborts. Resolves
 * true when woken by a change.
 */
export function nextChange(
  ms: number,
  signal: AbortSignal,
  accept: (conversationId: string) => boolean = () => true,
): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(false);
    const done = (woken: boolean) => {
      clearTimeout(timer);
      bus().off("change", onChange);
      signal.removeEventListener("abort", onAbort);
      resolve(woken);
    };
    const onChange = (id: string) => {
      if (accept(id)) done(true);
    };
    const onAbort = () => done(false);
    const timer = setTimeout(() => done(false), ms);
    bus().on("change", onChange);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
