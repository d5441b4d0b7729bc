// The bounds every stage of a turn runs under. A provider past its bound has failed, with the
// turn's defined outcome (an error event, a spoken apology, done) within 1.5 s. They are what a
// phone-like call can bear: a caller hears the holding phrase at 1.5 s and the apology at most
// ~3.5 s after a provider hangs. Mutable so tests shorten them rather than wait them out.
export const BOUNDS = {
  /** Upload → transcript, the whole STT request. */
  sttMs: 3_000,
  /** LLM request → its first token (or tool-call delta). */
  llmFirstTokenMs: 3_000,
  /** Longest gap between two LLM events: a stall after some tokens. */
  llmStallMs: 2_000,
  /** The whole reply, tool rounds included. */
  llmMs: 15_000,
  /** TTS request → its first audio byte. */
  ttsFirstByteMs: 2_000,
  /** Longest gap between two audio chunks: a stall after some audio. */
  ttsStallMs: 1_500,
  /** One piece's whole synthesis (also the greeting's and the cached phrases'). */
  ttsMs: 8_000,
  /** Turn received → the holding phrase, when no agent audio has started by then. */
  holdingMs: 1_500,
  /** How long a claimed Idempotency-Key answers 409 before a dead claim may be taken over. */
  claimMs: 90_000,
};
