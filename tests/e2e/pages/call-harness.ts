// What the caller's-page suites share: the Deepgram stand-in answering the fake microphone's
// utterances in order, `next dev` pointed at it, fake microphone files, a browser context
// that records CSP violations, and screenshots at desktop and phone size.
import { mkdir, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser } from "playwright-core";
import { synthesizeWav } from "@/lib/voice/providers/tts/local";
import { copyVadAssets } from "../../../scripts/copy-vad-assets.mjs";
import { type NextServer, startNextDev } from "../../helpers/next-server";
import { startDeepgramStandIn } from "../../stand-ins/deepgram";
import { DESKTOP, launchChromium } from "../support/chromium";
import { writeFakeMic } from "../support/fake-mic";
import { CallPage } from "./call-page";

/** From the first to the last sample above a whisper, in ms (16-bit mono PCM). */
function voicedMs(pcm: Buffer, sampleRate: number): number {
  let first = -1;
  let last = -1;
  for (let i = 0; i + 1 < pcm.length; i += 2) {
    if (Math.abs(pcm.readInt16LE(i)) < 600) continue;
    if (first < 0) first = i;
    last = i;
  }
  return first < 0 ? 0 : ((last - first) / 2 / sampleRate) * 1000;
}

/** The agent's replies: 900 ms of audio each at 24 kHz. */
export const SHORT_REPLY = {
  firstByteMs: 0,
  chunkAudioMs: 100,
  chunkEveryMs: 0,
  totalAudioMs: 900,
};

export type DeepgramStandIn = Awaited<ReturnType<typeof startDeepgramStandIn>>;

export interface VoiceStack {
  server: NextServer;
  deepgram: DeepgramStandIn;
  /** What the stand-in "heard", in order, through either path (upload or live). */
  heard: string[];
  mics: Record<string, string>;
  browser(micFile?: string): Promise<Browser>;
  /** Closes every browser opened so far (a failed test's call must not run into the next). */
  closeBrowsers(): Promise<void>;
  /** A page at `viewport`, signed in with `cookie` when given. */
  callPage(
    b: Browser,
    viewport?: { width: number; height: number },
    cookie?: string,
  ): Promise<CallPage>;
  close(): Promise<void>;
}

/**
 * Deepgram (STT and TTS) on the stand-in, the scripted agent, and the fake microphones: each
 * script alternates speech (strings) and seconds of silence (numbers). The stand-in
 * "recognises" an utterance as the scripted phrase whose spoken length is nearest the audio's
 * voiced length, the same way whichever path (WAV upload or live socket) carries it, so a
 * turn that is transcribed twice (a stream that timed out after its final, then the upload)
 * or a retried turn cannot shift the words of the next one.
 */
export async function startVoiceStack(
  scripts: Record<string, (string | number)[]>,
  log: (what: string) => void = () => {},
): Promise<VoiceStack> {
  const dir = await mkdtemp(path.join(tmpdir(), "voxline-mic-"));
  const heard: string[] = [];
  const phrases = [...new Set(Object.values(scripts).flat())].filter(
    (p): p is string => typeof p === "string",
  );
  const lengths = await Promise.all(
    phrases.map(async (text) => {
      const wav = await synthesizeWav(text);
      return { text, ms: voicedMs(Buffer.from(wav.data), wav.sampleRate) };
    }),
  );
  const [deepgram, mics] = await Promise.all([
    startDeepgramStandIn({
      speech: SHORT_REPLY,
      transcribe: (wav) => {
        const ms = voicedMs(wav.subarray(44), wav.readUInt32LE(24));
        const text = lengths.reduce((a, b) =>
          Math.abs(b.ms - ms) < Math.abs(a.ms - ms) ? b : a,
        ).text;
        heard.push(text);
        return text;
      },
    }),
    (async () => {
      const files: Record<string, string> = {};
      for (const [name, script] of Object.entries(scripts))
        files[name] = await writeFakeMic(path.join(dir, `${name}.wav`), script);
      return files;
    })(),
    copyVadAssets(),
  ]);
  log("stand-in and fake microphones ready");
  const server = await startNextDev({
    DEEPGRAM_API_KEY: deepgram.apiKey,
    DEEPGRAM_BASE_URL: deepgram.url,
    STT_PROVIDER: "deepgram",
    TTS_PROVIDER: "deepgram",
    LLM_PROVIDER: "scripted",
  });
  log("next dev up");
  const browsers: Browser[] = [];
  const closeBrowsers = async () => {
    for (const b of browsers.splice(0)) await b.close().catch(() => {});
  };
  return {
    server,
    deepgram,
    heard,
    mics,
    async browser(micFile) {
      const b = await launchChromium(micFile);
      browsers.push(b);
      return b;
    },
    closeBrowsers,
    callPage: (b, viewport = DESKTOP, cookie) => openContext(b, server.url, viewport, cookie),
    async close() {
      await closeBrowsers();
      await server?.stop();
      await deepgram?.close();
    },
  };
}

/** Compiles the routes a call uses, so the first spoken turn is not waiting on the compiler. */
export async function warmCallRoutes(base: string, slug: string) {
  await Promise.all(
    [
      "/api/calls",
      "/api/voice/turn",
      "/api/voice/turn/interrupt",
      "/api/calls/x/end",
      "/api/calls/x/stt-token",
    ].map((p) => fetch(`${base}${p}`, { method: "POST" }).catch(() => null)),
  );
  await fetch(`${base}/call/${slug}`);
  // One real call through the API: the first turn loads the engine and the provider SDKs,
  // which on a cold dev server takes seconds (long enough to overlap the fake microphone's
  // next utterance and read as a barge-in).
  const post = (path: string, body: unknown, token?: string) =>
    fetch(`${base}${path}`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify(body),
    });
  const started = (await (await post("/api/calls", { campaignSlug: slug })).json()) as {
    conversationId: string;
    callToken: string;
  };
  await (
    await post(`/api/calls/${started.conversationId}/stt-token`, {}, started.callToken)
  ).text();
  const turn = await post("/api/voice/turn", { text: "Hello there." }, started.callToken);
  await turn.text();
  const token = turn.headers.get("x-call-token") ?? started.callToken;
  await (await post(`/api/calls/${started.conversationId}/end`, {}, token)).text();
}

export async function openContext(
  b: Browser,
  baseURL: string,
  viewport: { width: number; height: number },
  cookie?: string,
) {
  const context = await b.newContext({ baseURL, viewport });
  if (cookie) {
    const cookies = cookie.split("; ").map((c) => {
      const [name, ...rest] = c.split("=");
      return { name: name!, value: rest.join("="), url: baseURL };
    });
    await context.addCookies(cookies);
  }
  // Anything the CSP blocks (the VAD's worklet, model or WASM, a websocket) is recorded.
  await context.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __csp: string[] }).__csp = seen;
    document.addEventListener("securitypolicyviolation", (e) =>
      seen.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  const page = await context.newPage();
  page.setDefaultTimeout(60_000);
  page.on("console", (m) => {
    if (m.type() === "error") console.log(`[browser] ${m.text()}`);
  });
  return new CallPage(page);
}

/** The same state at desktop and phone size. */
export async function shootBoth(call: CallPage, dir: string, name: string) {
  await mkdir(dir, { recursive: true });
  const size = call.page.viewportSize() ?? DESKTOP;
  await call.page.setViewportSize(DESKTOP);
  await call.shoot(dir, `${name}-desktop`);
  await call.page.setViewportSize({ width: 390, height: 844 });
  await call.shoot(dir, `${name}-phone`);
  await call.page.setViewportSize(size);
}
