// The call engine's one vocabulary: a turn is an async iterable of these events. Every
// transport (the NDJSON turn route, a LiveKit room, a Twilio call) consumes the same union
// and owns its own wire format; nothing in lib/voice encodes or frames bytes for a wire.

export type Stage = "stt" | "llm" | "tts" | "store";

/** Timing marks of one turn, in ms. `null` where the stage did not run or never answered. */
export interface TurnMarks {
  /** STT request → transcript (0 for typed or browser-transcribed turns). */
  sttMs: number;
  /** LLM request → first token. */
  llmFirstTokenMs: number | null;
  /** LLM request → first speech piece handed to TTS. */
  llmFirstChunkMs: number | null;
  /** First TTS request → its first byte. */
  ttsFirstByteMs: number | null;
  /** Turn received → first audio frame emitted (a holding phrase counts: the caller hears it). */
  firstAudioMs: number | null;
  /** Turn received → done. */
  totalMs: number;
}

/** USD, priced from lib/voice/pricing.ts. */
export interface TurnCost {
  stt: number;
  llm: number;
  tts: number;
  total: number;
}

/** Why the agent's words for this piece exist: its reply, a holding phrase, or an apology. */
export type PieceKind = "reply" | "holding" | "apology";

export type CallEvent =
  /** The turn numbers reserved for this turn, sent as soon as the caller's turn is stored. */
  | { type: "turn"; callerSeq: number; agentSeq: number }
  /**
   * A person holds the call (human takeover): the caller's words are stored as `callerSeq`
   * and no agent reply follows; `done` comes next.
   */
  | { type: "held"; callerSeq: number }
  /** The caller's words, final. */
  | { type: "transcript"; text: string }
  /**
   * Agent text, one event per speech piece, sent before that piece's audio. `pieceId` counts
   * from 0 within the turn; concatenating the `text` of every `reply` piece gives the reply.
   */
  | { type: "agent_text"; pieceId: number; kind: PieceKind; text: string }
  /**
   * A frame of the agent's voice: 16-bit little-endian mono PCM, always whole samples.
   * `sampleOffset` is where the frame starts within its piece, in samples, so a player that
   * stops mid-piece knows exactly how much of which piece was heard.
   */
  | {
      type: "audio";
      pieceId: number;
      sampleOffset: number;
      sampleRate: number;
      pcm: Uint8Array;
    }
  /** A tool the agent called, after its arguments were validated. */
  | { type: "tool_call"; name: string; arguments: Record<string, unknown> }
  /**
   * A stage failed. `spoken` is the short apology the caller hears (its audio follows as a
   * piece of kind "apology" unless TTS itself failed); `done` always follows.
   */
  | { type: "error"; stage: Stage; code: string; message: string; spoken: string }
  | {
      type: "done";
      turn: {
        callerSeq: number | null;
        agentSeq: number | null;
        marks: TurnMarks;
        cost: TurnCost;
        /** Total length of the agent audio sent in this turn: when its playback ends. */
        audioMs: number;
        /** The reply was cut off (fault or hang-up) and stored as incomplete. */
        incomplete: boolean;
      };
      /** The agent ended the call (end_call): the transport hangs up after playing out. */
      endCall: boolean;
      /** This answer is a stored turn replayed for a retried Idempotency-Key. */
      replayed?: boolean;
    };

export type CallEventType = CallEvent["type"];

/**
 * What a call's event feed carries between turns (the caller's page listens to it): a person
 * took the call or handed it back, and a person's reply, its words, then its voice as `audio`
 * events (pieceId 0) in the campaign's voice.
 */
export type FeedEvent =
  /** `after`: the feed's cursor; a reconnect resumes after it, so no reply falls between. */
  | { type: "takeover"; held: boolean; after: number }
  /** `spoken`: said into the call's room by voice (heard live), so shown and not synthesised. */
  | { type: "human_reply"; seq: number; text: string; spoken?: boolean }
  | Extract<CallEvent, { type: "audio" }>
  /** The call is over: the feed ends. */
  | { type: "ended" };
