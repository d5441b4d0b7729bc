// The live monitor's feed: the current workspace's calls in progress and their transcripts,
// read as the signed-in user (withUser: RLS shows only their workspaces' calls). It polls the
// database every MONITOR_POLL_MS, so a turn stored through any server instance shows within
// that (plus the browser's render), and a write in this process wakes it at once. Each poll
// re-reads only the last turns of each call (their words may still land) and sends what
// changed: the call list when it changes, and new or changed turns per call.
import type { Claims } from "@/lib/auth/claims";
import { type LiveCall, type LiveTurn, listLiveCalls, turnsFrom } from "@/lib/db/queries/live";
import { withUser } from "@/lib/db/scoped";
import { nextChange } from "./notifier";

export const MONITOR_POLL_MS = 250;
/** Turns re-read at the tail of each call: the caller's words land after their claim. */
const TAIL = 3;

export interface LiveCallView {
  id: string;
  startedAt: string;
  campaignName: string;
  channel: "web" | "phone";
  isTest: boolean;
  hold: { by: string; at: string } | null;
}

export interface LiveTurnView {
  seq: number;
  role: LiveTurn["role"];
  text: string;
  at: string;
}

export type MonitorEvent =
  | { type: "calls"; calls: LiveCallView[] }
  | { type: "turns"; conversationId: string; turns: LiveTurnView[] };

export interface LiveSnapshot {
  calls: LiveCallView[];
  turns: Record<string, LiveTurnView[]>;
}

const callView = (c: LiveCall): LiveCallView => ({
  id: c.id,
  startedAt: c.startedAt.toISOString(),
  campaignName: c.campaignName,
  channel: c.channel,
  isTest: c.isTest,
  hold: c.hold ? { by: c.hold.by, at: c.hold.at.toISOString() } : null,
});

const turnView = (t: LiveTurn): LiveTurnView => ({
  seq: t.seq,
  role: t.role,
  text: t.text,
  at: t.createdAt.toISOString(),
});

async function read(claims: Claims, workspaceId: string, from: Map<string, number>) {
  return withUser(claims, async (trx) => {
    const calls = await listLiveCalls(trx, workspaceId);
    const turns = await turnsFrom(
      trx,
      calls.map((c) => ({
        key: { id: c.id, startedAt: c.startedAt },
        fromSeq: from.get(c.id) ?? 0,
      })),
    );
    return { calls, turns };
  });
}

/** Everything on the page now: the server-rendered first paint. */
export async function liveSnapshot(claims: Claims, workspaceId: string): Promise<LiveSnapshot> {
  const { calls, turns } = await read(claims, workspaceId, new Map());
  const byCall: Record<string, LiveTurnView[]> = {};
  for (const c of calls) byCall[c.id] = [];
  for (const t of turns) byCall[t.conversationId]?.push(turnView(t));
  return { calls: calls.map(callView), turns: byCall };
}

/** The snapshot, then changes, until `signal` aborts or `lifetimeMs` passes. */
export async function* monitorFeed(
  claims: Claims,
  workspaceId: string,
  signal: AbortSignal,
  lifetimeMs: number,
): AsyncIterable<MonitorEvent> {
  let lastCalls = "";
  /** Per call: the text of each turn sent, by seq. */
  const sent = new Map<string, Map<number, string>>();
  const until = Date.now() + lifetimeMs;
  while (!signal.aborted && Date.now() < until) {
    const from = new Map<string, number>();
    for (const [id, turns] of sent) from.set(id, Math.max(0, Math.max(-1, ...turns.keys()) - TAIL));
    const { calls, turns } = await read(claims, workspaceId, from);
    const views = calls.map(callView);
    const json = JSON.stringify(views);
    if (json !== lastCalls) {
      lastCalls = json;
      yield { type: "calls", calls: views };
    }
    const live = new Set(calls.map((c) => c.id));
    for (const id of sent.keys()) if (!live.has(id)) sent.delete(id);
    const changed = new Map<string, LiveTurnView[]>();
    for (const t of turns) {
      const seen = sent.get(t.conversationId) ?? new Map<number, string>();
      sent.set(t.conversationId, seen);
      if (seen.get(t.seq) === t.text) continue;
      seen.set(t.seq, t.text);
      const list = changed.get(t.conversationId) ?? [];
      list.push(turnView(t));
      changed.set(t.conversationId, list);
    }
    for (const c of calls) if (!sent.has(c.id)) sent.set(c.id, new Map());
    for (const [conversationId, list] of changed)
      yield { type: "turns", conversationId, turns: list };
    await nextChange(MONITOR_POLL_MS, signal, (id) => live.has(id));
  }
}
