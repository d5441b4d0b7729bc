// Audio in and out for a call, in one place: the microphone (with the browser's echo
// cancellation, noise suppression and gain control), voice activity detection, the level
// meter and the agent's voice. The page talks only to this interface, so another transport
// (a LiveKit room) can take over the audio without the page changing.
import { TURN_TAKING_PRESETS, type TurnTaking } from "@/lib/validations/campaign";
import type { FrameJudgement } from "./live-stt";
import { AudioPlayer, type Heard } from "./player";

// The VAD's thresholds: speech starts (or resumes) at SPEECH; a frame under QUIET counts
// towards the end of speech.
const SPEECH = 0.5;
const QUIET = 0.35;

export type MicResult = "ok" | "denied" | "missing" | "unsupported" | "failed";

export interface VoiceIoEvents {
  /** The caller started speaking (barge-in point). */
  onSpeechStart(): void;
  /** An utterance ended: 16 kHz mono float samples; `endedAt` is performance.now(). */
  onSpeechEnd(samples: Float32Array, endedAt: number): void;
  /** What onSpeechStart began was too short to be speech (the VAD's misfire). */
  onMisfire?(): void;
  /**
   * Each 16 kHz frame the VAD judged (32 ms), in order and before that frame's speech events:
   * the same audio the utterance's WAV is cut from, for streaming transcription, with how the
   * VAD judged it (quiet frames are what count towards the end of speech).
   */
  onFrame?(frame: Float32Array, judged: FrameJudgement): void;
  /** The agent's audio has finished playing out. */
  onPlaybackDrained(): void;
}

export interface VoiceIo {
  startMic(): Promise<MicResult>;
  hasMic(): boolean;
  setMuted(muted: boolean): void;
  /** 0..1, the microphone's current loudness. */
  level(): number;
  beginAgentTurn(): void;
  addAgentText(pieceId: number, text: string): void;
  playPcm(pieceId: number, sampleOffset: number, sampleRate: number, pcm: Int16Array): void;
  isPlaying(): boolean;
  stopPlayback(): Heard;
  firstSoundAt(): number | null;
  stats(): { scheduledSamples: number; playedSamples: number; vadFrames: number };
  /** The microphone's track once it is open (muting silences it too). */
  micTrack(): MediaStreamTrack | null;
  /** The agent's voice as a track, as the caller hears it. */
  agentTrack(): MediaStreamTrack;
  close(): Promise<void>;
}

/** Where scripts/copy-vad-assets.mjs puts the model, worklet and WASM. */
const ASSETS = "/vad/";

/** Warms the VAD's code while the caller reads the consent notice. */
export function preloadVoice() {
  void import("@ricky0123/vad-web").catch(() => {});
}

/** Must be called from a click (or key) handler: browsers only start audio on a gesture. */
export function createVoiceIo(turnTaking: TurnTaking, events: VoiceIoEvents): VoiceIo {
  const ctx = new AudioContext({ latencyHint: "interactive" });
  void ctx.resume();
  const player = new AudioPlayer(ctx);
  player.onDrained = () => events.onPlaybackDrained();
  let stream: MediaStream | null = null;
  let analyser: AnalyserNode | null = null;
  let vad: { destroy(): Promise<void>; pause(): Promise<void>; start(): Promise<void> } | null =
    null;
  let muted = false;
  let agentOut: MediaStreamAudioDestinationNode | null = null;
  const levelBuffer = new Float32Array(512);
  const counters = { vadFrames: 0 };

  /** The mic opens only once the VAD's model is loaded, so no speech is lost to loading. */
  async function openStream(): Promise<MediaStream> {
    stream = await navigator.mediaDevices.getUserMedia({
      audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true },
    });
    analyser = ctx.createAnalyser();
    analyser.fftSize = 512;
    ctx.createMediaStreamSource(stream).connect(analyser);
    return stream;
  }

  async function startMic(): Promise<MicResult> {
    if (!navigator.mediaDevices?.getUserMedia) return "unsupported";
    try {
      vad = await startVad(ctx, openStream, turnTaking, events, () => muted, counters);
      return "ok";
    } catch (error) {
      const name = (error as DOMException)?.name;
      if (name === "NotAllowedError" || name === "SecurityError") return "denied";
      if (name === "NotFoundError" || name === "OverconstrainedError") return "missing";
      console.error("the microphone or voice detection failed to start", error);
      return "failed";
    }
  }

  return {
    startMic,
    hasMic: () => vad !== null,
    setMuted(value) {
      muted = value;
      for (const track of stream?.getAudioTracks() ?? []) track.enabled = !value;
    },
    level() {
      if (!analyser || muted) return 0;
      analyser.getFloatTimeDomainData(levelBuffer);
      let sum = 0;
      for (const v of levelBuffer) sum += v * v;
      return Math.min(1, Math.sqrt(sum / levelBuffer.length) * 6);
    },
    beginAgentTurn: () => player.beginTurn(),
    addAgentText: (pieceId, text) => player.addText(pieceId, text),
    playPcm: (pieceId, offset, rate, pcm) => player.enqueue(pieceId, offset, rate, pcm),
    isPlaying: () => player.playing,
    stopPlayback: () => player.stop(),
    firstSoundAt: () => player.firstSoundAt,
    stats: () => ({
      scheduledSamples: player.scheduledSamples,
      playedSamples: player.playedSamples(),
      vadFrames: counters.vadFrames,
    }),
    micTrack: () => stream?.getAudioTracks()[0] ?? null,
    agentTrack() {
      if (!agentOut) {
        agentOut = ctx.createMediaStreamDestination();
        player.output.connect(agentOut);
      }
      return agentOut.stream.getAudioTracks()[0]!;
    },
    async close() {
      await vad?.destroy().catch(() => {});
      for (const track of stream?.getTracks() ?? []) track.stop();
      await ctx.close().catch(() => {});
    },
  };
}

async function startVad(
  ctx: AudioContext,
  openStream: () => Promise<MediaStream>,
  turnTaking: TurnTaking,
  events: VoiceIoEvents,
  isMuted: () => boolean,
  counters: { vadFrames: number },
) {
  // Loaded on Start only: the model runtime is large and the consent screen does not need it.
  const { MicVAD } = await import("@ricky0123/vad-web");
  const preset = TURN_TAKING_PRESETS[turnTaking];
  const vad = await MicVAD.new({
    model: "v5",
    baseAssetPath: ASSETS,
    onnxWASMBasePath: ASSETS,
    audioContext: ctx,
    getStream: openStream,
    pauseStream: async () => {},
    resumeStream: async (stream) => stream,
    // v5 frames are 32 ms: a barge-in is noticed within ~2 frames.
    positiveSpeechThreshold: SPEECH,
    negativeSpeechThreshold: QUIET,
    redemptionMs: preset.endSilenceMs,
    minSpeechMs: preset.minSpeechMs,
    preSpeechPadMs: 200,
    startOnLoad: true,
    onSpeechStart: () => {
      if (!isMuted()) events.onSpeechStart();
    },
    onSpeechEnd: (audio) => {
      if (!isMuted()) events.onSpeechEnd(audio, performance.now());
    },
    onVADMisfire: () => {
      if (!isMuted()) events.onMisfire?.();
    },
    onSpeechRealStart: () => {},
    onFrameProcessed: ({ isSpeech }, frame) => {
      counters.vadFrames++;
      const judged = isSpeech >= SPEECH ? "speech" : isSpeech < QUIET ? "quiet" : "unsure";
      if (!isMuted()) events.onFrame?.(frame, judged);
    },
  });
  return vad;
}
