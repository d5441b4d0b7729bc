// The browser bench's arithmetic (bench/browser/report.ts): percentiles per path, the server's
// marks beside them, the goals, and reading a turn's NDJSON answer. No browser, no timing.
import { describe, expect, it } from "vitest";
import {
  type BrowserTurn,
  markdownTables,
  pathReport,
  readTurnAnswer,
  type ServerMarks,
} from "../../bench/browser/report";

const marks = (firstAudioMs: number): ServerMarks => ({
  sttMs: 200,
  llmFirstTokenMs: 150,
  llmFirstChunkMs: 210,
  ttsFirstByteMs: 80,
  firstAudioMs,
  totalMs: 900,
});

const turn = (
  path: "wav" | "stream",
  ms: number,
  server: number | null,
  call = 1,
): BrowserTurn => ({
  path,
  call,
  speechEndToSoundMs: ms,
  speechEndToRequestMs: 5,
  requestToAudioBytesMs: server === null ? null : server + 30,
  holdingFirst: false,
  upload: path === "wav",
  marks: server === null ? null : marks(server),
});

describe("browser bench report", () => {
  it("puts the browser figure beside the server's marks and checks the WAV goal", () => {
    const turns = [
      turn("wav", 560, 520),
      turn("wav", 580, 530, 2),
      turn("wav", 900, 540, 2),
      turn("wav", 570, null, 3),
      turn("stream", 300, 260),
    ];
    const r = pathReport("wav", turns);
    expect(r.turns).toBe(4);
    expect(r.calls).toBe(3);
    expect(r.unmatched_marks).toBe(1);
    expect(r.upload_turns).toBe(4);
    expect(r.speech_end_to_first_sound_ms).toEqual({ p50: 570, p95: 900 });
    expect(r.server_marks_ms.first_audio).toEqual({ p50: 530, p95: 540 });
    expect(r.server_marks_ms.stt.p50).toBe(200);
    expect(r.browser_minus_server_first_audio_ms).toEqual({ p50: 50, p95: 360 });
    expect(r.browser_split_ms).toEqual({
      vad_end_to_request_sent: { p50: 5, p95: 5 },
      request_to_first_audio_bytes: { p50: 560, p95: 570 },
      outside_server_marks: { p50: 30, p95: 30 },
      first_audio_bytes_to_sound: { p50: 15, p95: 325 },
    });
    expect(r.goal.limit_ms).toBe(590);
    expect(r.goal.met).toBe(true);
  });

  it("checks the streaming goal and says when there is nothing to judge", () => {
    expect(pathReport("stream", [turn("stream", 390, 300), turn("stream", 420, 300)]).goal).toEqual(
      { text: "p50 ≤ 400 ms", limit_ms: 400, met: true },
    );
    expect(pathReport("stream", [turn("stream", 401, 300)]).goal.met).toBe(false);
    const none = pathReport("wav", []);
    expect(none.goal.met).toBeNull();
    expect(none.speech_end_to_first_sound_ms).toEqual({ p50: null, p95: null });
    expect(markdownTables([none])).toContain("| wav | 0 (0) | 0 | – / – |");
  });

  it("reads a turn's marks and whether a holding phrase sounded first", () => {
    const line = (e: object) => JSON.stringify(e);
    const body = [
      line({ type: "turn", callerSeq: 1, agentSeq: 2 }),
      line({ type: "agent_text", pieceId: 0, kind: "holding", text: "One moment." }),
      line({ type: "audio", pieceId: 0, sampleOffset: 0, sampleRate: 24000, pcm: "AAAA" }),
      line({ type: "agent_text", pieceId: 1, kind: "reply", text: "Thanks" }),
      line({ type: "done", turn: { marks: marks(610) }, endCall: false }),
      "",
    ].join("\n");
    const audioEnd = body.indexOf("\n", body.indexOf('"audio"')) + 1;
    expect(readTurnAnswer(body)).toEqual({
      marks: marks(610),
      holdingFirst: true,
      firstAudioLineEnd: audioEnd,
    });
    expect(readTurnAnswer("not json\n")).toEqual({
      marks: null,
      holdingFirst: false,
      firstAudioLineEnd: null,
    });
  });
});
