// The turn route's and the call's event feed's NDJSON lines as the page reads them (the engine's events, lib/voice/events.ts,
// with audio as base64 PCM), parsed leniently: a line this page does not know or cannot use is
// skipped, never fatal, so a newer server's extra events don't break an open page.

export type PieceKind = "reply" | "holding" | "apology";

export type WireEvent =
  | { type: "turn"; callerSeq: number; agentSeq: number }
  | { type: "held"; callerSeq: number }
  | { type: "takeover"; held: boolean; after: number }
  | { type: "human_reply"; seq: number; text: string; spoken: boolean }
  | { type: "ended" }
  | { type: "transcript"; text: string }
  | { type: "agent_text"; pieceId: number; kind: PieceKind; text: string }
  | { type: "audio"; pieceId: number; sampleOffset: number; sampleRate: number; pcm: Int16Array }
  | { type: "tool_call"; name: string; arguments: Record<string, unknown> }
  | { type: "error"; stage: string; code: string; message: string; spoken: string }
  | {
      type: "done";
      endCall: boolean;
      callToken?: string;
      turn: { agentSeq: number | null; audioMs: number; incomplete: boolean };
    };

/** One NDJSON line → an event, or null for a line the page cannot use. */
export function readWireEvent(line: string): WireEvent | null {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(line);
  } catch {
    return null;
  }
  if (!raw || typeof raw !== "object") return null;
  switch (raw.type) {
    case "turn":
      return { type: "turn", callerSeq: num(raw.callerSeq), agentSeq: num(raw.agentSeq) };
    case "held":
      return { type: "held", callerSeq: num(raw.callerSeq) };
    case "takeover":
      return { type: "takeover", held: raw.held === true, after: num(raw.after) };
    case "human_reply":
      return {
        type: "human_reply",
        seq: num(raw.seq),
        text: str(raw.text),
        spoken: raw.spoken === true,
      };
    case "ended":
      return { type: "ended" };
    case "transcript":
      return { type: "transcript", text: str(raw.text) };
    case "agent_text":
      if (typeof raw.pieceId !== "number") return null;
      return {
        type: "agent_text",
        pieceId: raw.pieceId,
        kind: (raw.kind as PieceKind) ?? "reply",
        text: str(raw.text),
      };
    case "audio":
      return audio(raw);
    case "tool_call":
      return {
        type: "tool_call",
        name: str(raw.name),
        arguments: (raw.arguments as Record<string, unknown>) ?? {},
      };
    case "error":
      return {
        type: "error",
        stage: str(raw.stage),
        code: str(raw.code),
        message: str(raw.message),
        spoken: str(raw.spoken),
      };
    case "done":
      return done(raw);
    default:
      return null;
  }
}

function audio(raw: Record<string, unknown>): WireEvent | null {
  const { pieceId, sampleOffset } = raw;
  if (raw.format !== "pcm_s16le" || typeof pieceId !== "number") return null;
  if (typeof sampleOffset !== "number") return null;
  const pcm = decodePcm(str(raw.data));
  return { type: "audio", pieceId, sampleOffset, sampleRate: num(raw.sampleRate), pcm };
}

function done(raw: Record<string, unknown>): WireEvent {
  const turn = (raw.turn ?? {}) as Record<string, unknown>;
  return {
    type: "done",
    endCall: raw.endCall === true,
    callToken: typeof raw.callToken === "string" ? raw.callToken : undefined,
    turn: {
      agentSeq: typeof turn.agentSeq === "number" ? turn.agentSeq : null,
      audioMs: num(turn.audioMs),
      incomplete: turn.incomplete === true,
    },
  };
}

const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : 0);
const str = (v: unknown) => (typeof v === "string" ? v : "");

/** base64 little-endian 16-bit PCM → samples (copied so the buffer is aligned). */
export function decodePcm(b64: string): Int16Array {
  const bin = atob(b64);
  const samples = new Int16Array(bin.length >> 1);
  for (let i = 0; i < samples.length; i++) {
    const v = bin.charCodeAt(2 * i) | (bin.charCodeAt(2 * i + 1) << 8);
    samples[i] = v >= 0x8000 ? v - 0x10000 : v;
  }
  return samples;
}

/** Reads an NDJSON body line by line, handing each known event to `onEvent`. */
export async function readEvents(
  body: ReadableStream<Uint8Array>,
  onEvent: (event: WireEvent) => void,
): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffered = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffered += decoder.decode(value, { stream: true });
    let nl = buffered.indexOf("\n");
    while (nl >= 0) {
      const line = buffered.slice(0, nl).trim();
      buffered = buffered.slice(nl + 1);
      const event = line ? readWireEvent(line) : null;
      if (event) onEvent(event);
      nl = buffered.indexOf("\n");
    }
  }
  const tail = buffered.trim() ? readWireEvent(buffered.trim()) : null;
  if (tail) onEvent(tail);
}
