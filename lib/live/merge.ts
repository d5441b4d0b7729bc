// Applies one monitor event to the page's state (pure: the Live page's hook and tests use it).
import type { LiveSnapshot, LiveTurnView, MonitorEvent } from "./monitor";

function mergeTurns(old: LiveTurnView[], changed: LiveTurnView[]) {
  const bySeq = new Map(old.map((t) => [t.seq, t]));
  for (const t of changed) bySeq.set(t.seq, t);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

/** A call list replaces the calls (keeping the turns of those still in it); turns merge by seq. */
export function applyMonitorEvent(state: LiveSnapshot, event: MonitorEvent): LiveSnapshot {
  if (event.type === "calls") {
    const turns: LiveSnapshot["turns"] = {};
    for (const c of event.calls) turns[c.id] = state.turns[c.id] ?? [];
    return { calls: event.calls, turns };
  }
  if (!(event.conversationId in state.turns)) return state;
  const turns = mergeTurns(state.turns[event.conversationId] ?? [], event.turns);
  return { ...state, turns: { ...state.turns, [event.conversationId]: turns } };
}
