// One call, framework-free: starts it, turns the caller's speech or text into turns, plays
// the agent, handles barge-in, idle and hang-up, and publishes a CallState snapshot.
import { type CallSettings, TURN_TAKING_PRESETS } from "@/lib/validations/campaign";
import * as api from "./api";
import { browserSttAvailable, startBrowserStt } from "./browser-stt";
import { CallerSpeech, type SttMode } from "./caller-speech";
import { followFeed } from "./feed";
import { type CallRoom, joinCallRoom } from "./livekit-room";
import { type CallState, initialState, NEEDS_STT } from "./state";
import { CallStore } from "./store";
import {
  type CallProbe,
  interruptRun,
  newRun,
  playGreeting,
  streamTurn,
  type TurnRun,
  type TurnView,
} from "./turn-events";
import { createVoiceIo, type VoiceIo } from "./voice-io";
import type { WireEvent } from "./wire";

export interface SessionOptions {
  slug: string;
  preview: boolean;
  /** The consent notice the caller was shown says the call is recorded. */
  toldRecorded: boolean;
  settings: CallSettings;
  /**
   * How speech becomes words: streamed to Deepgram from the browser (falling back to an upload
   * per turn), uploaded for the server's STT, or none (typed text or the browser's service).
   */
  stt: SttMode;
  lang: string;
}

export type { CallProbe };

export class CallSession extends CallStore {
  private io: VoiceIo | null = null;
  private room: CallRoom | null = null;
  private token = "";
  private run: TurnRun | null = null;
  private lastTurn: { body: api.TurnBody; key: string; caption: number | null } | null = null;
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  private idleCount = 0;
  private stopBrowserStt: (() => void) | null = null;
  private hintedStt = false;
  private readonly speech: CallerSpeech;
  private lastStats = { scheduledSamples: 0, playedSamples: 0, vadFrames: 0 };
  private feed: AbortController | null = null;
  readonly probe: CallProbe;

  constructor(private readonly opts: SessionOptions) {
    super(initialState(browserSttAvailable() ? "off" : "unavailable"));
    this.speech = new CallerSpeech(opts.stt, {
      conversationId: () => this.state.conversationId,
      callToken: () => this.token,
      endSilenceMs: TURN_TAKING_PRESETS[opts.settings.turnTaking].endSilenceMs,
    });
    this.probe = {
      state: () => this.state,
      level: () => this.level(),
      stats: () => this.io?.stats() ?? this.lastStats,
      turns: [],
      interrupts: [],
      sttFallbacks: [],
    };
  }

  /** What a turn's events may change (see turn-events.ts). */
  private readonly view: TurnView = {
    io: () => this.io,
    caption: (who, text) => this.caption(who, text),
    editCaption: (id, edit) => this.editCaption(id, edit),
    speaking: () => this.setPhase("speaking"),
    notice: (notice) => this.set({ notice }),
    token: (token) => {
      this.token = token;
    },
    held: () => this.set({ heldByHuman: true }),
  };

  level = () => this.io?.level() ?? 0;

  /** Runs in the Start click: the audio context and the mic prompt need the gesture. */
  async start() {
    if (this.state.phase !== "ready" && this.state.phase !== "ended") return;
    this.reset();
    this.set({ phase: "connecting" });
    const io = createVoiceIo(this.opts.settings.turnTaking, {
      onSpeechStart: () => this.onSpeechStart(),
      onSpeechEnd: (samples, endedAt) => void this.onSpeechEnd(samples, endedAt),
      onMisfire: () => this.speech.misfire(),
      onFrame: (frame, judged) => this.speech.frame(frame, judged),
      onPlaybackDrained: () => this.onDrained(),
    });
    this.io = io;
    const [mic, call] = await Promise.all([
      io.startMic(),
      api
        .startCall(this.opts.slug, this.opts.preview, this.opts.toldRecorded)
        .catch((e: unknown) => e as Error),
    ]);
    this.set({ mic });
    if (call instanceof Error) {
      await this.close();
      const retry = call instanceof api.CallApiError ? call.retryable : false;
      this.set({ phase: "ready", error: { message: call.message, retry } });
      return;
    }
    this.token = call.callToken;
    this.set({ conversationId: call.conversationId, startedAt: Date.now(), error: null });
    this.speech.prefetch();
    if (call.livekit) void this.joinRoom(call.livekit, io);
    this.follow(call.conversationId);
    this.caption("agent", call.firstMessage.text);
    if (this.state.phase !== "ended" && playGreeting(io, call.firstMessage))
      this.setPhase("speaking");
    else this.listen();
  }

  /** In the background: the call never waits for its room, nor fails with it. */
  private async joinRoom(info: { url: string; token: string }, io: VoiceIo) {
    const room = await joinCallRoom(info, io).catch(() => null);
    if (this.io === io) this.room = room;
    else await room?.leave(); // the call ended while the room was joining
  }

  /** The call's event feed: a person taking over, and their replies in the agent's voice. */
  private follow(id: string) {
    this.feed?.abort();
    const feed = new AbortController();
    this.feed = feed;
    void followFeed(
      id,
      () => this.token,
      (event) => this.onFeedEvent(event),
      feed.signal,
    );
  }

  private onFeedEvent(event: WireEvent) {
    if (this.state.phase === "ended") return;
    if (event.type === "takeover") this.set({ heldByHuman: event.held });
    else if (event.type === "human_reply" && event.spoken) {
      // Said into the call's room: the caller heard the person's own voice.
      this.caption("agent", event.text, { human: true });
    } else if (event.type === "human_reply") {
      // A finished agent turn is no longer what a barge-in would cut off.
      if (this.run?.done) this.run = null;
      this.io?.beginAgentTurn();
      this.io?.addAgentText(0, event.text);
      this.caption("agent", event.text, { human: true });
    } else if (event.type === "audio") {
      this.io?.playPcm(event.pieceId, event.sampleOffset, event.sampleRate, event.pcm);
      this.clearIdle();
      this.setPhase("speaking");
    }
  }

  private reset() {
    this.state = {
      ...initialState(this.state.browserStt === "unavailable" ? "unavailable" : "off"),
    };
    this.idleCount = 0;
    this.run = null;
    this.lastTurn = null;
    this.hintedStt = false;
  }

  private listen() {
    if (this.state.phase === "ended") return;
    this.setPhase("listening");
    this.armIdle();
    this.speech.prefetch();
  }

  private armIdle() {
    this.clearIdle();
    this.idleTimer = setTimeout(() => this.onIdle(), this.opts.settings.idleSeconds * 1000);
  }
  private clearIdle = () => clearTimeout(this.idleTimer);

  private onIdle() {
    if (this.state.phase !== "listening") return;
    // A person is replying: silence is theirs to handle, not the agent's idle check.
    if (this.state.heldByHuman) return this.armIdle();
    this.idleCount++;
    void this.turn({ idle: true }, null, null);
  }

  private onSpeechStart() {
    this.clearIdle();
    if (this.state.phase === "ended") return;
    if (this.opts.stt === "stream" && this.state.phase !== "connecting") this.speech.start();
    if (this.io?.isPlaying()) this.bargeIn();
  }

  /** The caller spoke over the agent: silence it now, then tell the server what was heard. */
  private bargeIn() {
    interruptRun(this.run, this.io!, this.view, this.token, this.probe);
    this.setPhase("listening");
  }

  private async onSpeechEnd(samples: Float32Array, endedAt: number) {
    if (this.state.phase === "ended" || this.state.phase === "connecting" || this.state.muted)
      return;
    if (this.opts.stt === "none") {
      if (this.state.browserStt !== "on" && !this.hintedStt) {
        this.hintedStt = true;
        this.set({ notice: NEEDS_STT });
      }
      return;
    }
    const caption = this.caption("caller", "…", { pending: true });
    this.setPhase("thinking");
    const { body, via, fallback } = await this.speech.body(samples);
    if (fallback) this.probe.sttFallbacks.push(fallback);
    if (this.snapshot().phase === "ended") return;
    if ("text" in body)
      this.editCaption(caption, (c) => ({ ...c, text: body.text, pending: false }));
    await this.turn(body, caption, endedAt, via);
  }

  sendText(text: string) {
    const words = text.trim();
    if (!words || this.state.phase === "ended" || !this.token) return;
    if (this.io?.isPlaying()) this.bargeIn();
    void this.turn({ text: words }, this.caption("caller", words), null, "text");
  }

  retry() {
    const last = this.lastTurn;
    if (!last || this.state.phase === "ended") return;
    void this.turn(last.body, last.caption, null, "text", last.key);
  }

  private async turn(
    body: api.TurnBody,
    caption: number | null,
    speechEndAt: number | null,
    via: CallProbe["turns"][number]["via"] = "text",
    key = crypto.randomUUID(),
  ) {
    this.clearIdle();
    if (!("idle" in body)) this.idleCount = 0;
    this.run?.abort.abort();
    const run = newRun("idle" in body, speechEndAt);
    this.run = run;
    this.lastTurn = { body, key, caption };
    this.set({ error: null });
    this.setPhase("thinking");
    try {
      await streamTurn(run, body, key, this.token, caption, this.view);
    } catch (error) {
      if (run.abort.signal.aborted) return;
      this.onTurnFailed(error, body);
      return;
    }
    this.probe.turns.push({ speechEndAt, firstSoundAt: this.io?.firstSoundAt() ?? null, via });
    if (this.run === run && !this.io?.isPlaying()) this.afterReply(run);
  }

  private onTurnFailed(error: unknown, body: api.TurnBody) {
    const e =
      error instanceof api.CallApiError
        ? error
        : new api.CallApiError("Something went wrong. Try again.", 0, "error", true);
    if (e.status === 401 || (e.status === 409 && e.code === "conflict")) {
      void this.finish("error", e.message);
      return;
    }
    // A failed idle turn is no error to show the caller: the call still ends after the
    // second silence.
    if ("idle" in body) {
      if (this.idleCount >= 2) void this.end("idle_timeout");
      else this.listen();
      return;
    }
    this.set({ error: { message: e.message, retry: e.retryable } });
    this.listen();
  }

  private onDrained() {
    if (this.state.phase !== "speaking") return;
    if (!this.run)
      this.listen(); // the greeting
    else if (this.run.done) this.afterReply(this.run);
  }

  private afterReply(run: TurnRun) {
    if (run.endCall) void this.finish(this.idleCount > 0 ? "idle" : "agent");
    else this.listen();
  }

  toggleMute() {
    const muted = !this.state.muted;
    if (muted) this.speech.misfire(); // an utterance cut by the mute is not sent
    this.io?.setMuted(muted);
    this.set({ muted });
  }

  setBrowserStt(on: boolean) {
    if (this.state.browserStt === "unavailable") return;
    this.stopBrowserStt?.();
    this.stopBrowserStt = null;
    if (on)
      this.stopBrowserStt = startBrowserStt(
        this.opts.lang,
        (text) => this.sendText(text),
        (message) => this.set({ browserStt: "off", notice: message }),
      );
    this.set({ browserStt: on ? "on" : "off" });
  }

  /** The caller pressed End (or stayed silent too long). */
  async end(reason: api.EndReason = "caller_hung_up") {
    const id = this.state.conversationId;
    const token = this.token;
    await this.finish(reason === "idle_timeout" ? "idle" : "caller");
    if (id && token) await api.endCall(id, token, reason).catch(() => {});
  }

  /** The tab is going away mid-call: a beacon is the only request that survives it. */
  onPageHide() {
    const id = this.state.conversationId;
    if (!id || this.state.phase === "ended" || this.state.phase === "ready") return;
    api.beaconEnd(id, this.token);
  }

  private async finish(by: CallState["endedBy"], message?: string) {
    if (this.state.phase === "ended") return;
    this.run?.abort.abort();
    this.clearIdle();
    this.setBrowserStt(false);
    this.set({
      phase: "ended",
      endedAt: Date.now(),
      endedBy: by,
      error: message ? { message, retry: false } : null,
    });
    await this.close();
  }

  private async close() {
    this.feed?.abort();
    this.feed = null;
    this.speech.close();
    const room = this.room;
    this.room = null;
    await room?.leave();
    const io = this.io;
    this.io = null;
    if (io) {
      this.lastStats = io.stats(); // keep the counters readable after the call
      await io.close();
    }
  }
}
