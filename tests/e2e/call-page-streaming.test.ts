// The caller's page with streaming transcription: Chromium's fake microphone speaks two
// utterances, the page streams them to the Deepgram stand-in's live websocket with a token
// from POST /api/calls/:id/stt-token, and posts each turn as text with its audio's length.
// A stream that fails (an armed fault) falls back to uploading that turn's WAV, unseen.
// The WAV-upload run of the same call is in call-page.test.ts.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { shootBoth, startVoiceStack, type VoiceStack, warmCallRoutes } from "./pages/call-harness";
import { hasChromium } from "./support/chromium";
import { Owner } from "./support/owner";

const OUT = "test-results/e2e/call";
if (process.env.CI && !hasChromium) throw new Error("/usr/bin/chromium is missing");

const t0 = Date.now();
const log = (what: string) => console.log(`[call-streaming e2e] +${Date.now() - t0} ms ${what}`);

const ANSWERS = ["My name is Ada Lovelace.", "We need a new kitchen within a month."];
/** The caller's captions as shown, without the screen reader's "You: " label. */
const spoken = (lines: string[]) => lines.map((l) => l.replace(/^You: /, ""));

type StoredTurn = { role: string; text: string; stt_seconds: number };

describe.skipIf(!hasChromium)(
  "the caller's page, streaming transcription",
  { timeout: 300_000 },
  () => {
    let stack: VoiceStack;
    let owner: Owner;
    let slug: string;

    beforeAll(async () => {
      // 10 s before the first words: a call start that is slow on next dev (seen past 5 s in
      // CI) must not have the caller speaking while the call still connects, which uploads
      // that utterance instead of streaming it (what the fallback test counts on).
      stack = await startVoiceStack({ voice: [10, ANSWERS[0]!, 9, ANSWERS[1]!, 14] }, log);
      owner = await Owner.signUp(stack.server.url, "owner@example.com");
      slug = (await owner.campaign("Kitchen streaming", "active")).slug;
      await warmCallRoutes(stack.server.url, slug);
      log("warmed up");
    }, 600_000);

    afterEach(() => stack?.closeBrowsers());
    afterAll(() => stack?.close());

    const uploads = () => stack.deepgram.requests.filter((r) => r.path === "/v1/listen").length;

    it("streams two utterances live: captions, the agent heard, turns stored and priced", async () => {
      const { deepgram } = stack;
      const sessionsBefore = deepgram.liveSessions.length;
      const uploadsBefore = uploads();
      const call = await stack.callPage(await stack.browser(stack.mics.voice));
      await call.open(slug);
      await call.start();
      await call.waitForCallerCaptions(2);
      await call.waitForPhase("listening", 60_000);
      await shootBoth(call, OUT, "in-call-streaming");
      expect(spoken(await call.captions("caller"))).toEqual(ANSWERS);
      expect((await call.captions("agent")).length).toBeGreaterThanOrEqual(3);
      // The agent was heard: the greeting and both replies, 900 ms each at 24 kHz.
      const stats = await call.stats();
      expect(stats.playedSamples).toBeGreaterThan(3 * 0.8 * 24_000);
      expect(await call.page.evaluate("window.__csp")).toEqual([]);
      const turns = await call.probe((p) => p.turns);
      log(`paths ${JSON.stringify(await call.probe((p) => [p.turns, p.sttFallbacks]))}`);
      log(`live ${JSON.stringify(deepgram.liveSessions.slice(sessionsBefore))}`);
      expect(turns.map((t) => t.via)).toEqual(["stream", "stream"]);
      expect(turns.every((t) => t.speechEndAt && t.firstSoundAt)).toBe(true);

      // Both utterances went over the live socket (temporary token, linear16 at 16 kHz), none
      // as an upload, and each socket was finalized once with the words the page posted.
      expect(uploads()).toBe(uploadsBefore);
      const sessions = deepgram.liveSessions.slice(sessionsBefore).filter((s) => s.finals.length);
      expect(sessions.map((s) => s.finals.map((f) => f.text).join(" "))).toEqual(ANSWERS);
      for (const s of sessions) {
        expect(s.auth).toBe("bearer");
        expect(s.query).toMatchObject({
          encoding: "linear16",
          sample_rate: "16000",
          channels: "1",
        });
        expect(s.interims).toBeGreaterThan(3);
        expect(s.finalizeAt).not.toBeNull();
      }

      const id = (await call.conversationId())!;
      await call.end();
      const stored = await owner.conversation(id);
      expect(stored.conversation.status).toBe("ended");
      const callerTurns = (stored.turns as StoredTurn[]).filter((t) => t.role === "caller");
      expect(callerTurns.map((t) => t.text)).toEqual(ANSWERS);
      // Priced as Deepgram STT seconds: the utterance's length, as streamed.
      callerTurns.forEach((t, i) => {
        const streamedMs = sessions[i]!.audioBytes / 32;
        expect(t.stt_seconds * 1000).toBeGreaterThan(500);
        expect(Math.abs(t.stt_seconds * 1000 - streamedMs)).toBeLessThan(150);
      });
      expect(stored.lead).not.toBeNull();
    });

    it("a stream that hangs falls back to the upload for that turn, and the call completes", async () => {
      const { deepgram } = stack;
      const uploadsBefore = uploads();
      deepgram.arm("live", "hang"); // the first utterance's socket never answers
      const call = await stack.callPage(await stack.browser(stack.mics.voice));
      try {
        await call.open(slug);
        await call.start();
        await call.waitForCallerCaptions(2);
        await call.waitForPhase("listening", 60_000);
      } finally {
        deepgram.faults.clear();
      }
      expect(spoken(await call.captions("caller"))).toEqual(ANSWERS);
      const turns = await call.probe((p) => p.turns);
      log(`paths ${JSON.stringify(await call.probe((p) => [p.turns, p.sttFallbacks]))}`);
      // The utterance whose socket hung went up as a WAV after the page's 700 ms bound. It is
      // the first, unless that one began while the call was still connecting (a slow start
      // under load: no stream at all, also uploaded) and the hang met the second instead.
      const fallbacks = await call.probe((p) => p.sttFallbacks);
      expect(fallbacks.some((why) => why.startsWith("timeout"))).toBe(true);
      expect(fallbacks.every((why) => why.startsWith("timeout") || why === "no-stream")).toBe(true);
      const uploaded = turns.filter((t) => t.via === "upload").length;
      expect(uploaded).toBe(fallbacks.length);
      expect(uploads()).toBe(uploadsBefore + uploaded);
      // Nothing told the caller: no notice, no error.
      expect(await call.probe((p) => [p.state().notice, p.state().error])).toEqual([null, null]);
      const id = (await call.conversationId())!;
      await call.end();
      const stored = await owner.conversation(id);
      const callerTurns = (stored.turns as StoredTurn[]).filter((t) => t.role === "caller");
      expect(callerTurns.map((t) => t.text)).toEqual(ANSWERS);
      expect(callerTurns.every((t) => t.stt_seconds > 0.5)).toBe(true);
    });

    it("?stt=upload uploads every utterance (no token, no socket)", async () => {
      const sessionsBefore = stack.deepgram.liveSessions.length;
      const grants = () =>
        stack.deepgram.requests.filter((r) => r.path === "/v1/auth/grant").length;
      const grantsBefore = grants();
      const call = await stack.callPage(await stack.browser(stack.mics.voice));
      await call.open(slug, false, "upload");
      await call.start();
      await expect
        .poll(() => call.probe((p) => p.turns.map((t) => t.via)), { timeout: 60_000 })
        .toEqual(["upload", "upload"]);
      expect(stack.deepgram.liveSessions.length).toBe(sessionsBefore);
      expect(grants()).toBe(grantsBefore);
      await call.end();
    });
  },
);
