// The call's state as one immutable snapshot, and the small set of edits a session makes to
// it; React subscribes through useSyncExternalStore.
import type { CallState, Caption, Phase } from "./state";

export class CallStore {
  protected state: CallState;
  private listeners = new Set<() => void>();
  private nextCaption = 1;

  constructor(initial: CallState) {
    this.state = initial;
  }

  subscribe = (fn: () => void) => {
    this.listeners.add(fn);
    return () => void this.listeners.delete(fn);
  };
  snapshot = () => this.state;

  protected set(patch: Partial<CallState>) {
    this.state = { ...this.state, ...patch };
    for (const fn of this.listeners) fn();
  }
  protected setPhase(phase: Phase) {
    if (this.state.phase !== "ended") this.set({ phase });
  }
  protected caption(who: Caption["who"], text: string, extra: Partial<Caption> = {}) {
    const id = this.nextCaption++;
    this.set({ captions: [...this.state.captions, { id, who, text, ...extra }] });
    return id;
  }
  protected editCaption(id: number, edit: (c: Caption) => Caption) {
    this.set({ captions: this.state.captions.map((c) => (c.id === id ? edit(c) : c)) });
  }
}
