// One call on the caller's page in Chromium, timed the way the caller hears it: the fake
// microphone plays a WAV of utterances and silences, the page's VAD ends each utterance, and
// its test probe (window.__voxline, lib/call-client) records, per turn, the VAD's end-of-speech
// time and when the first agent frame starts to sound (both performance.now() in the page).
// Each turn's NDJSON answer is read from the browser's network log (DevTools protocol; nothing
// in the page is changed), so the server's marks of the same turn (its done event) sit beside
// the browser's figure, and when its first audio line arrived splits the difference up.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { CallPage } from "../../tests/e2e/pages/call-page";
import { launchChromium } from "../../tests/e2e/support/chromium";
import { sleep } from "../stats";
import { type BrowserTurn, type PathName, readTurnAnswer, type TurnAnswer } from "./report";

export interface CallOptions {
  baseUrl: string;
  slug: string;
  micFile: string;
  /** Utterances in the mic file: the call waits for this many spoken turns. */
  utterances: number;
  /** How long the mic file plays, ms: the call gives up this long (+ a margin) after Start. */
  micMs: number;
  path: PathName;
  call: number;
  /** A client address of its own per call (the server trusts X-Forwarded-For in the bench). */
  ip: string;
  log: (line: string) => void;
}

/** A turn as the page's probe records it (lib/call-client). */
interface ProbeTurn {
  speechEndAt: number | null;
  firstSoundAt: number | null;
  via?: "stream" | "upload" | "text";
}

/** One POST /api/voice/turn as the DevTools protocol saw it: its start (epoch ms, to match it
 * to a turn; monotonic seconds for durations), its answer's chunks as they came, and the
 * answer read once it has ended. */
interface TurnRequest {
  wallMs: number;
  sentAt: number;
  idle: boolean;
  /** The utterance went up as a WAV (multipart), not as a transcript. */
  upload: boolean;
  chunks: { at: number; bytes: number }[];
  body: Buffer[];
  finished: () => void;
  answer: Promise<(TurnAnswer & { audioAt: number | null }) | null>;
}

export async function runBrowserCall(opts: CallOptions): Promise<BrowserTurn[]> {
  const browser: Browser = await launchChromium(opts.micFile);
  try {
    const context = await browser.newContext({
      baseURL: opts.baseUrl,
      extraHTTPHeaders: { "x-forwarded-for": opts.ip },
    });
    const page = await context.newPage();
    page.setDefaultTimeout(60_000);
    page.on("console", (m) => {
      if (m.type() === "error") opts.log(`[browser] ${m.text()}`);
    });
    page.on("pageerror", (e) => opts.log(`[browser] ${e.message}`));
    const requests = await recordTurns(context, page, opts.log);
    const call = new CallPage(page);
    // `?stt=upload`: the page posts every utterance as a WAV even where it could stream it.
    const res = await page.goto(`/call/${opts.slug}${opts.path === "wav" ? "?stt=upload" : ""}`);
    if (res?.status() !== 200) throw new Error(`call page answered ${res?.status()}`);
    await call.start();
    const deadline = Date.now() + opts.micMs + 20_000;
    let spoken = 0;
    while (Date.now() < deadline) {
      spoken = await call.probe((p) => p.turns.filter((t) => t.speechEndAt !== null).length);
      if (spoken >= opts.utterances) break;
      if ((await call.phase()) === "ended") break;
      await sleep(250);
    }
    if (spoken < opts.utterances)
      opts.log(`call ${opts.call}: ${spoken} of ${opts.utterances} spoken turns answered`);
    // Let the last reply play out, then hang up as a caller would.
    await call.waitForPhase("listening", 15_000).catch(() => {});
    // `via` (stream / upload / text) and `sttFallbacks` where the page has streaming.
    const turns = (await page.evaluate("window.__voxline.turns")) as ProbeTurn[];
    const fallbacks = (await page.evaluate("window.__voxline.sttFallbacks ?? []")) as string[];
    for (const f of fallbacks)
      opts.log(`call ${opts.call}: the stream fell back to the upload: ${f}`);
    const requestStarts = (await page.evaluate(
      `performance.getEntriesByType("resource")
        .filter((e) => new URL(e.name).pathname === "/api/voice/turn")
        .map((e) => e.startTime)`,
    )) as number[];
    const timeOrigin = (await page.evaluate("performance.timeOrigin")) as number;
    if ((await call.phase()) !== "ended") await call.end().catch(() => {});
    const sent = [...requests.values()].filter((r) => !r.idle);
    const answers = await Promise.all(sent.map((r) => r.answer));
    await context.close();
    return turns.flatMap((t) => {
      if (t.speechEndAt === null) return []; // typed or idle: no end of speech
      if (t.firstSoundAt === null) {
        opts.log(`call ${opts.call}: a turn played no audio`);
        return [];
      }
      const endAt = t.speechEndAt;
      // The first request sent after this end of speech is the turn's: resource timing on the
      // page's clock, the network log on the wall clock (a few ms of slack).
      const start = requestStarts.filter((s) => s >= endAt).sort((a, b) => a - b)[0];
      const i = sent.findIndex((r) => r.wallMs >= timeOrigin + endAt - 5);
      const request = sent[i];
      const answer = answers[i] ?? null;
      const audioAt = answer?.audioAt ?? null;
      return [
        {
          path: opts.path,
          call: opts.call,
          speechEndToSoundMs: round(t.firstSoundAt - endAt),
          speechEndToRequestMs: start === undefined ? null : round(start - endAt),
          requestToAudioBytesMs:
            request && audioAt !== null ? round((audioAt - request.sentAt) * 1000) : null,
          holdingFirst: answer?.holdingFirst ?? false,
          upload: t.via ? t.via === "upload" : (request?.upload ?? null),
          marks: answer?.marks ?? null,
        },
      ];
    });
  } finally {
    await browser.close().catch(() => {});
  }
}

const round = (x: number) => Math.round(x * 10) / 10;

/** Every turn request of the page and its answer, chunk by chunk as it arrived, through the
 * DevTools protocol's Network domain (passive: the page is not changed). A streamed fetch's
 * body is not kept for Network.getResponseBody, so the answer is streamed to the bench as it
 * comes (Network.streamResourceContent). */
async function recordTurns(context: BrowserContext, page: Page, log: (line: string) => void) {
  const cdp = await context.newCDPSession(page);
  const send = cdp.send.bind(cdp) as (method: string, params?: object) => Promise<any>;
  await send("Network.enable");
  const requests = new Map<string, TurnRequest>();
  cdp.on("Network.requestWillBeSent", (e) => {
    if (e.request.method !== "POST" || new URL(e.request.url).pathname !== "/api/voice/turn")
      return;
    let finished = () => {};
    const ended = new Promise<void>((r) => {
      finished = r;
    });
    const request: TurnRequest = {
      wallMs: e.wallTime * 1000,
      sentAt: e.timestamp,
      idle: /"idle"\s*:\s*true/.test(e.request.postData ?? ""),
      upload: /multipart/i.test(
        Object.entries(e.request.headers).find(([k]) => k.toLowerCase() === "content-type")?.[1] ??
          "",
      ),
      chunks: [],
      body: [],
      finished,
      answer: ended.then(() => {
        const answer = readTurnAnswer(Buffer.concat(request.body).toString("utf8"));
        if (!answer.marks) log("a turn's answer had no done event");
        return { ...answer, audioAt: arrivalOf(request.chunks, answer.firstAudioLineEnd) };
      }),
    };
    requests.set(e.requestId, request);
  });
  cdp.on("Network.responseReceived", (e) => {
    const request = requests.get(e.requestId);
    if (!request) return;
    send("Network.streamResourceContent", { requestId: e.requestId })
      .then(({ bufferedData }: { bufferedData: string }) =>
        request.body.unshift(Buffer.from(bufferedData, "base64")),
      )
      .catch((error: unknown) => log(`a turn's answer cannot be streamed: ${error}`));
  });
  cdp.on("Network.dataReceived", (e) => {
    const request = requests.get(e.requestId);
    if (!request) return;
    request.chunks.push({ at: e.timestamp, bytes: e.dataLength });
    const data = (e as { data?: string }).data;
    if (data) request.body.push(Buffer.from(data, "base64"));
  });
  const end = (e: { requestId: string }) => requests.get(e.requestId)?.finished();
  cdp.on("Network.loadingFinished", end);
  cdp.on("Network.loadingFailed", end);
  return requests;
}

/** When the chunk holding byte `offset` of the answer arrived (monotonic seconds). */
function arrivalOf(chunks: { at: number; bytes: number }[], offset: number | null) {
  if (offset === null) return null;
  let seen = 0;
  for (const c of chunks) {
    seen += c.bytes;
    if (seen >= offset) return c.at;
  }
  return null;
}
