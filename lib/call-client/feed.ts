// Follows the call's event feed for as long as the call lasts: a person taking the call over
// or handing it back, and their replies (words, then voice). Each response ends after a while
// (or on a network blip) and is reopened after the last reply received, so none is lost or
// played twice.
import { CallApiError, openFeed } from "./api";
import { readEvents, type WireEvent } from "./wire";

const RETRY_MS = 1_000;

export async function followFeed(
  id: string,
  token: () => string,
  onEvent: (event: WireEvent) => void,
  signal: AbortSignal,
) {
  let after: number | null = null;
  while (!signal.aborted) {
    let ended = false;
    try {
      const res = await openFeed(id, token(), after, signal);
      await readEvents(res.body!, (event) => {
        if (signal.aborted) return;
        if (event.type === "human_reply" || event.type === "takeover")
          after = Math.max(after ?? 0, event.type === "human_reply" ? event.seq : event.after);
        if (event.type === "ended") ended = true;
        onEvent(event);
      });
    } catch (error) {
      if (signal.aborted) return;
      // A refusal (the call token expired, the call is gone) will not change by retrying.
      if (error instanceof CallApiError && !error.retryable) return;
      await new Promise((r) => setTimeout(r, RETRY_MS));
    }
    if (ended) return;
  }
}
