// The Live page's merge of monitor events, and the caller's page reading the event feed's
// lines (a person's reply, the hold) and a held turn.
import { describe, expect, it } from "vitest";
import { readWireEvent } from "@/lib/call-client/wire";
import { applyMonitorEvent } from "@/lib/live/merge";
import type { LiveCallView, LiveSnapshot } from "@/lib/live/monitor";

const call = (id: string): LiveCallView => ({
  id,
  startedAt: "2026-12-01T10:00:00.000Z",
  campaignName: "Roofs",
  channel: "web",
  isTest: false,
  hold: null,
});
const turn = (seq: number, text: string, role: "caller" | "agent" = "caller") => ({
  seq,
  role,
  text,
  at: "2026-12-01T10:00:01.000Z",
});

describe("the Live page's state", () => {
  const start: LiveSnapshot = { calls: [call("a")], turns: { a: [turn(0, "Hi", "agent")] } };

  it("adds new turns in order and replaces a turn whose words landed", () => {
    let s = applyMonitorEvent(start, {
      type: "turns",
      conversationId: "a",
      turns: [turn(2, "Fine.", "agent"), turn(1, "")],
    });
    s = applyMonitorEvent(s, { type: "turns", conversationId: "a", turns: [turn(1, "Hello")] });
    expect(s.turns.a!.map((t) => [t.seq, t.text])).toEqual([
      [0, "Hi"],
      [1, "Hello"],
      [2, "Fine."],
    ]);
  });

  it("drops ended calls with their turns, keeps the rest, and ignores turns of unknown calls", () => {
    let s = applyMonitorEvent(start, { type: "calls", calls: [call("b"), call("a")] });
    expect(s.turns).toEqual({ b: [], a: start.turns.a });
    s = applyMonitorEvent(s, { type: "calls", calls: [call("b")] });
    expect(s.turns).toEqual({ b: [] });
    expect(
      applyMonitorEvent(s, { type: "turns", conversationId: "zz", turns: [turn(1, "x")] }),
    ).toBe(s);
  });
});

describe("the caller's page reading feed lines", () => {
  it("reads the hold, a person's typed or spoken reply, a held turn and the end", () => {
    expect(readWireEvent('{"type":"takeover","held":true,"after":3}')).toEqual({
      type: "takeover",
      held: true,
      after: 3,
    });
    expect(readWireEvent('{"type":"human_reply","seq":4,"text":"Hi, Sam here."}')).toEqual({
      type: "human_reply",
      seq: 4,
      text: "Hi, Sam here.",
      spoken: false,
    });
    // Said into the call's room by voice: shown, not synthesised again.
    expect(
      readWireEvent('{"type":"human_reply","seq":5,"text":"Go ahead.","spoken":true}'),
    ).toEqual({ type: "human_reply", seq: 5, text: "Go ahead.", spoken: true });
    expect(readWireEvent('{"type":"held","callerSeq":3}')).toEqual({ type: "held", callerSeq: 3 });
    expect(readWireEvent('{"type":"ended"}')).toEqual({ type: "ended" });
  });
});
