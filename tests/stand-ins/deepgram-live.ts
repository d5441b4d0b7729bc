// Deepgram's live transcription websocket (GET /v1/listen, upgraded), attached to the Deepgram
// stand-in's HTTP server so one base URL serves REST and live, as api.deepgram.com does.
//
// Auth as Deepgram takes it: a temporary token from POST /v1/auth/grant in the browser's
// subprotocol (`new WebSocket(url, ["bearer", token])`), or the API key (`["token", key]`, or
// an Authorization header from a server). Binary frames are linear16 audio at the query's
// sample_rate. Text frames: Finalize, CloseStream, KeepAlive. The stand-in answers with
// Results (interim every `interimEveryMs` of audio; the final `finalMs` after Finalize or
// CloseStream, i.e. after the caller's audio ended) and Metadata when the stream closes.
//
// The words come from the same `transcribe(wav)` the REST stand-in uses, called once per
// finalized segment with that segment's audio as a 16-bit WAV, so a test's utterances are
// recognised the same way whichever path carries them. Interims carry no words: the
// transcript of a segment is decided only when it is final (a socket dropped before that
// consumes no answer, so a test's fallback to the REST path hears the same utterance).
//
// Faults (route "live", taken per connection): "500" / "429" refuse the upgrade; "hang"
// accepts audio and never answers; "reset" drops the connection at the first audio frame;
// "empty-result" finalizes with no words; "malformed" answers the final with a non-JSON
// frame; "slow" sends the final `slowMs` late.
import { randomBytes, randomUUID } from "node:crypto";
import type { IncomingMessage, Server } from "node:http";
import type { Duplex } from "node:stream";
import { type WebSocket, WebSocketServer } from "ws";
import type { Fault } from "./faults";
import { clock } from "./http";

export interface LiveOptions {
  /** Results with is_final false, every this much audio (BENCH.md: 100 ms). */
  interimEveryMs: number;
  /** The final after Finalize / CloseStream (BENCH.md: 50 ms after the audio ends). */
  finalMs: number;
  /** Deepgram closes a stream with no audio and no KeepAlive for this long (1011). */
  idleTimeoutMs: number;
}

export const LIVE_DEFAULTS: LiveOptions = {
  interimEveryMs: 100,
  finalMs: 50,
  idleTimeoutMs: 10_000,
};

/** What one live connection saw, for tests and the browser benchmark (epoch ms, see clock()). */
export interface LiveSession {
  id: string;
  query: Record<string, string>;
  auth: "bearer" | "token";
  openedAt: number;
  audioBytes: number;
  firstAudioAt: number | null;
  finalizeAt: number | null;
  finals: { text: string; sentAt: number; audioMs: number }[];
  interims: number;
  closedAt: number | null;
  fault: Fault | null;
}

/** Temporary tokens handed out by POST /v1/auth/grant, checked on the upgrade. */
export function tokenStore(now = () => Date.now()) {
  const tokens = new Map<string, number>();
  return {
    grant(ttlSeconds: number) {
      // Shaped like Deepgram's (a JWT); only this stand-in reads it.
      const payload = Buffer.from(
        JSON.stringify({ exp: Math.floor((now() + ttlSeconds * 1000) / 1000), jti: randomUUID() }),
      ).toString("base64url");
      const token = `eyJhbGciOiJIUzI1NiJ9.${payload}.${randomBytes(16).toString("base64url")}`;
      tokens.set(token, now() + ttlSeconds * 1000);
      return { access_token: token, expires_in: ttlSeconds };
    },
    valid(token: string) {
      const until = tokens.get(token);
      return until !== undefined && until > now();
    },
  };
}
export type TokenStore = ReturnType<typeof tokenStore>;

interface Deps {
  apiKey: string;
  tokens: TokenStore;
  options: () => LiveOptions & { slowMs: number };
  transcribe: (wav: Buffer) => string;
  takeFault: () => Fault | null;
}

/** A 16-bit mono PCM WAV around `pcm` (what the REST stand-in's transcribe receives). */
function wav(pcm: Buffer, sampleRate: number): Buffer {
  const h = Buffer.alloc(44);
  h.write("RIFF", 0);
  h.writeUInt32LE(36 + pcm.length, 4);
  h.write("WAVEfmt ", 8);
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20);
  h.writeUInt16LE(1, 22);
  h.writeUInt32LE(sampleRate, 24);
  h.writeUInt32LE(sampleRate * 2, 28);
  h.writeUInt16LE(2, 32);
  h.writeUInt16LE(16, 34);
  h.write("data", 36);
  h.writeUInt32LE(pcm.length, 40);
  return Buffer.concat([h, pcm]);
}

/** Who is connecting: "bearer" (temporary token), "token" (API key), or null. */
function authOf(req: IncomingMessage, deps: Deps): "bearer" | "token" | null {
  const header = req.headers.authorization ?? "";
  const protocols = (req.headers["sec-websocket-protocol"] ?? "")
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean);
  const [scheme, credential] =
    protocols.length === 2 ? protocols : (header.split(/\s+/, 2) as [string?, string?]);
  const kind = scheme?.toLowerCase();
  if (kind === "token" && credential === deps.apiKey) return "token";
  if (kind === "bearer" && credential && deps.tokens.valid(credential)) return "bearer";
  return null;
}

function refuse(socket: Duplex, status: number, body: unknown) {
  const text = JSON.stringify(body);
  socket.end(
    `HTTP/1.1 ${status} ${status === 401 ? "Unauthorized" : "Error"}\r\n` +
      `content-type: application/json\r\ncontent-length: ${Buffer.byteLength(text)}\r\n` +
      `connection: close\r\n\r\n${text}`,
  );
}

/** Serves GET /v1/listen upgrades on `server`; returns the sessions seen and a closer. */
export function attachDeepgramLive(server: Server, deps: Deps) {
  const wss = new WebSocketServer({
    noServer: true,
    // Browsers fail the handshake unless one offered subprotocol is echoed back.
    handleProtocols: (protocols) => [...protocols][0] ?? false,
  });
  const sessions: LiveSession[] = [];

  server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? "/", "http://stand-in");
    if (url.pathname !== "/v1/listen") return refuse(socket, 404, { err_msg: "no such route" });
    const auth = authOf(req, deps);
    if (!auth)
      return refuse(socket, 401, { err_code: "INVALID_AUTH", err_msg: "Invalid credentials." });
    const fault = deps.takeFault();
    if (fault === "500" || fault === "429")
      return refuse(socket, Number(fault), { err_code: "STAND_IN", err_msg: `stand-in ${fault}` });
    wss.handleUpgrade(req, socket, head, (ws) => {
      const session: LiveSession = {
        id: randomUUID(),
        query: Object.fromEntries(url.searchParams),
        auth,
        openedAt: clock(),
        audioBytes: 0,
        firstAudioAt: null,
        finalizeAt: null,
        finals: [],
        interims: 0,
        closedAt: null,
        fault,
      };
      sessions.push(session);
      serveStream(ws, session, deps);
    });
  });

  return {
    sessions,
    close: () => {
      for (const ws of wss.clients) ws.terminate();
      wss.close();
    },
  };
}

function serveStream(ws: WebSocket, session: LiveSession, deps: Deps) {
  const rate = Number(session.query.sample_rate ?? 16_000) || 16_000;
  const bytesPerMs = (rate * 2) / 1000;
  const interimOn = session.query.interim_results === "true";
  const requestId = randomUUID();
  let segment: Buffer[] = [];
  let segmentBytes = 0;
  let segmentStartMs = 0; // of the stream, where the current segment began
  let nextInterimMs = deps.options().interimEveryMs;
  let closing = false;
  let idle: ReturnType<typeof setTimeout> | undefined;

  const send = (message: unknown) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
  };
  const armIdle = () => {
    clearTimeout(idle);
    idle = setTimeout(
      () =>
        ws.close(1011, "Deepgram did not receive audio data or a text message within the timeout"),
      deps.options().idleTimeoutMs,
    );
  };
  const results = (
    transcript: string,
    durationMs: number,
    final: boolean,
    fromFinalize: boolean,
  ) => ({
    type: "Results",
    channel_index: [0, 1],
    start: segmentStartMs / 1000,
    duration: durationMs / 1000,
    is_final: final,
    speech_final: final,
    ...(fromFinalize ? { from_finalize: true } : {}),
    channel: {
      alternatives: [{ transcript, confidence: transcript ? 0.98 : 0, words: [] }],
    },
    metadata: {
      request_id: requestId,
      model_info: { name: session.query.model ?? "nova-3", version: "stand-in", arch: "stand-in" },
      model_uuid: "00000000-0000-0000-0000-000000000000",
    },
  });

  /** Finalizes the audio so far (Finalize / CloseStream), `finalMs` later. */
  const finalize = async () => {
    const { finalMs, slowMs } = deps.options();
    const pcm = Buffer.concat(segment);
    const durationMs = segmentBytes / bytesPerMs;
    segment = [];
    segmentBytes = 0;
    await new Promise((r) => setTimeout(r, session.fault === "slow" ? slowMs : finalMs));
    if (session.fault === "hang") return;
    if (session.fault === "malformed") {
      if (ws.readyState === ws.OPEN) ws.send("<html>gateway hiccup</html>");
      return;
    }
    const text =
      pcm.length === 0 || session.fault === "empty-result" ? "" : deps.transcribe(wav(pcm, rate));
    send(results(text, durationMs, true, true));
    session.finals.push({ text, sentAt: clock(), audioMs: durationMs });
    segmentStartMs += durationMs;
    nextInterimMs = deps.options().interimEveryMs;
  };

  armIdle();
  let pending: Promise<void> = Promise.resolve();
  ws.on("message", (data, isBinary) => {
    armIdle();
    if (isBinary) {
      const chunk = Buffer.isBuffer(data) ? data : Buffer.concat(data as Buffer[]);
      if (closing) return;
      session.firstAudioAt ??= clock();
      session.audioBytes += chunk.length;
      if (session.fault === "reset") {
        ws.terminate();
        return;
      }
      segment.push(chunk);
      segmentBytes += chunk.length;
      const ms = segmentBytes / bytesPerMs;
      while (interimOn && ms >= nextInterimMs && session.fault !== "hang") {
        send(results("", nextInterimMs, false, false));
        session.interims++;
        nextInterimMs += deps.options().interimEveryMs;
      }
      return;
    }
    let message: { type?: string };
    try {
      message = JSON.parse(data.toString());
    } catch {
      return;
    }
    if (message.type === "KeepAlive") return;
    if (message.type === "Finalize") {
      session.finalizeAt ??= clock();
      pending = pending.then(finalize);
      return;
    }
    if (message.type === "CloseStream") {
      closing = true;
      pending = pending
        .then(() => (segmentBytes > 0 ? finalize() : undefined))
        .then(() => {
          if (session.fault === "hang") return;
          send({
            type: "Metadata",
            transaction_key: "deprecated",
            request_id: requestId,
            sha256: "",
            created: new Date().toISOString(),
            duration: session.audioBytes / bytesPerMs / 1000,
            channels: 1,
          });
          ws.close(1000);
        });
    }
  });
  ws.on("close", () => {
    clearTimeout(idle);
    session.closedAt = clock();
  });
  ws.on("error", () => {});
}
