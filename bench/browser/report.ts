// The browser bench's figures, from its per-turn records: pure, so a unit test can check them.
// Per path: the caller's wait (the VAD's end-of-speech event → the first agent audio starting
// to play, on the page's own clock) and, beside it, the server's marks of the same turns (from
// each turn's `done` event), p50/p95, and whether the issue's goal is met.
import { percentile } from "../stats";

export type PathName = "wav" | "stream";

/** The server's marks of one turn (lib/voice/events.ts TurnMarks), as the done event sent them. */
export interface ServerMarks {
  sttMs: number;
  llmFirstTokenMs: number | null;
  llmFirstChunkMs: number | null;
  ttsFirstByteMs: number | null;
  firstAudioMs: number | null;
  totalMs: number;
}

export interface BrowserTurn {
  path: PathName;
  call: number;
  /** VAD end-of-speech → the first agent audio frame's start time in the AudioContext. */
  speechEndToSoundMs: number;
  /** VAD end-of-speech → the turn request leaving the page (encoding, posting). */
  speechEndToRequestMs: number | null;
  /** The request sent → the end of the first audio line at the browser's network stack
   * (DevTools protocol timestamps: the page can parse the frame from then on). */
  requestToAudioBytesMs: number | null;
  /** The first audio of the turn was the engine's holding phrase, not the reply. */
  holdingFirst: boolean;
  /** The utterance was posted as a WAV (on the stream path: the stream missed it). */
  upload: boolean | null;
  /** Null when the turn's done event could not be matched. */
  marks: ServerMarks | null;
}

export interface Quantiles {
  p50: number | null;
  p95: number | null;
}

const q = (xs: (number | null | undefined)[]): Quantiles => {
  const v = xs.filter((x): x is number => typeof x === "number" && Number.isFinite(x));
  return { p50: percentile(v, 50), p95: percentile(v, 95) };
};

/** The issue's goals: WAV ≤ the server's first audio + 60 ms; streaming p50 ≤ 400 ms. */
export const GOALS = {
  wavOverServerFirstAudioMs: 60,
  streamP50Ms: 400,
} as const;

export interface PathReport {
  path: PathName;
  turns: number;
  calls: number;
  holding_first_turns: number;
  /** Turns posted as a WAV: all of them on the WAV path; fallbacks on the stream path. */
  upload_turns: number;
  unmatched_marks: number;
  /** The figure the issue asks for. */
  speech_end_to_first_sound_ms: Quantiles;
  /** What the page and the network add: browser figure − the server's first audio, per turn. */
  browser_minus_server_first_audio_ms: Quantiles;
  /** That difference split up, per turn: the page encoding and posting the utterance; the
   * upload, the server before its route had the request and the answer's way back; the page
   * reading, decoding and scheduling the first frame (20 ms of it is the player's lead). */
  browser_split_ms: {
    vad_end_to_request_sent: Quantiles;
    request_to_first_audio_bytes: Quantiles;
    outside_server_marks: Quantiles;
    first_audio_bytes_to_sound: Quantiles;
  };
  server_marks_ms: {
    stt: Quantiles;
    llm_first_token: Quantiles;
    llm_first_chunk: Quantiles;
    tts_first_byte: Quantiles;
    first_audio: Quantiles;
  };
  goal: { text: string; limit_ms: number | null; met: boolean | null };
}

export function pathReport(path: PathName, all: BrowserTurn[]): PathReport {
  const turns = all.filter((t) => t.path === path);
  const marks = turns.map((t) => t.marks);
  const serverFirstAudio = q(marks.map((m) => m?.firstAudioMs));
  const browser = q(turns.map((t) => t.speechEndToSoundMs));
  let goal: PathReport["goal"];
  if (path === "wav") {
    const limit =
      serverFirstAudio.p50 === null ? null : serverFirstAudio.p50 + GOALS.wavOverServerFirstAudioMs;
    goal = {
      text: `p50 ≤ server first-audio p50 + ${GOALS.wavOverServerFirstAudioMs} ms`,
      limit_ms: limit,
      met: limit === null || browser.p50 === null ? null : browser.p50 <= limit,
    };
  } else {
    goal = {
      text: `p50 ≤ ${GOALS.streamP50Ms} ms`,
      limit_ms: GOALS.streamP50Ms,
      met: browser.p50 === null ? null : browser.p50 <= GOALS.streamP50Ms,
    };
  }
  return {
    path,
    turns: turns.length,
    calls: new Set(turns.map((t) => t.call)).size,
    holding_first_turns: turns.filter((t) => t.holdingFirst).length,
    upload_turns: turns.filter((t) => t.upload).length,
    unmatched_marks: turns.filter((t) => !t.marks).length,
    speech_end_to_first_sound_ms: browser,
    browser_minus_server_first_audio_ms: q(
      turns.map((t) =>
        t.marks?.firstAudioMs == null ? null : t.speechEndToSoundMs - t.marks.firstAudioMs,
      ),
    ),
    browser_split_ms: {
      vad_end_to_request_sent: q(turns.map((t) => t.speechEndToRequestMs)),
      request_to_first_audio_bytes: q(turns.map((t) => t.requestToAudioBytesMs)),
      outside_server_marks: q(
        turns.map((t) =>
          t.requestToAudioBytesMs === null || t.marks?.firstAudioMs == null
            ? null
            : t.requestToAudioBytesMs - t.marks.firstAudioMs,
        ),
      ),
      first_audio_bytes_to_sound: q(
        turns.map((t) =>
          t.requestToAudioBytesMs === null || t.speechEndToRequestMs === null
            ? null
            : t.speechEndToSoundMs - t.speechEndToRequestMs - t.requestToAudioBytesMs,
        ),
      ),
    },
    server_marks_ms: {
      stt: q(marks.map((m) => m?.sttMs)),
      llm_first_token: q(marks.map((m) => m?.llmFirstTokenMs)),
      llm_first_chunk: q(marks.map((m) => m?.llmFirstChunkMs)),
      tts_first_byte: q(marks.map((m) => m?.ttsFirstByteMs)),
      first_audio: serverFirstAudio,
    },
    goal,
  };
}

export interface TurnAnswer {
  marks: ServerMarks | null;
  holdingFirst: boolean;
  /** Bytes of the answer up to the end of its first audio line (the page parses whole lines). */
  firstAudioLineEnd: number | null;
}

/** What one NDJSON turn answer says: its done event's marks, whether a holding phrase was the
 * first audio, and where the first audio line ends. */
export function readTurnAnswer(body: string): TurnAnswer {
  let marks: ServerMarks | null = null;
  let holdingFirst = false;
  let firstAudioLineEnd: number | null = null;
  let bytes = 0;
  const kinds = new Map<number, string>();
  for (const line of body.split("\n")) {
    bytes += Buffer.byteLength(line) + 1;
    if (!line.trim()) continue;
    let event: {
      type?: string;
      pieceId?: number;
      kind?: string;
      turn?: { marks?: ServerMarks };
    };
    try {
      event = JSON.parse(line);
    } catch {
      continue;
    }
    if (event.type === "agent_text" && typeof event.pieceId === "number")
      kinds.set(event.pieceId, event.kind ?? "reply");
    if (event.type === "audio" && firstAudioLineEnd === null) {
      firstAudioLineEnd = bytes;
      holdingFirst = kinds.get(event.pieceId ?? -1) === "holding";
    }
    if (event.type === "done") marks = event.turn?.marks ?? null;
  }
  return { marks, holdingFirst, firstAudioLineEnd };
}

const cell = (x: Quantiles) => `${x.p50 ?? "–"} / ${x.p95 ?? "–"}`;

const goalCell = (r: PathReport) =>
  `${r.goal.text}${r.goal.limit_ms === null ? "" : ` (≤ ${r.goal.limit_ms})`}: ${
    r.goal.met === null ? "–" : r.goal.met ? "met" : "missed"
  }`;

function table(head: string[], rows: (string | number)[][]) {
  return [
    `| ${head.join(" | ")} |`,
    `|${" --- |".repeat(head.length)}`,
    ...rows.map((r) => `| ${r.join(" | ")} |`),
  ].join("\n");
}

/** Markdown tables of the paths, p50 / p95 in every cell, for the terminal and the README:
 * the caller's wait beside the server's first audio and the goal; the server's marks; and
 * where the difference between the two goes. */
export function markdownTables(reports: PathReport[]): string {
  const headline = table(
    [
      "path",
      "turns (calls)",
      "posted as WAV",
      "VAD end → first sound",
      "server first audio",
      "browser − server",
      "goal",
    ],
    reports.map((r) => [
      r.path,
      `${r.turns} (${r.calls})`,
      r.upload_turns,
      cell(r.speech_end_to_first_sound_ms),
      cell(r.server_marks_ms.first_audio),
      cell(r.browser_minus_server_first_audio_ms),
      goalCell(r),
    ]),
  );
  const marks = table(
    ["path", "STT", "LLM first token", "LLM first piece", "TTS first byte", "first audio"],
    reports.map((r) => [
      r.path,
      cell(r.server_marks_ms.stt),
      cell(r.server_marks_ms.llm_first_token),
      cell(r.server_marks_ms.llm_first_chunk),
      cell(r.server_marks_ms.tts_first_byte),
      cell(r.server_marks_ms.first_audio),
    ]),
  );
  const split = table(
    [
      "path",
      "VAD end → request sent",
      "request → first audio line in",
      "of which outside the server's marks",
      "first audio line → sound",
    ],
    reports.map((r) => [
      r.path,
      cell(r.browser_split_ms.vad_end_to_request_sent),
      cell(r.browser_split_ms.request_to_first_audio_bytes),
      cell(r.browser_split_ms.outside_server_marks),
      cell(r.browser_split_ms.first_audio_bytes_to_sound),
    ]),
  );
  return [headline, "Server marks of the same turns:", marks, "The browser's part:", split].join(
    "\n\n",
  );
}
