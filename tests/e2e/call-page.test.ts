// The caller's page in Chromium against `next dev`, with Deepgram (STT and TTS) pointed at
// the local stand-in and the scripted agent: a spoken call through the fake microphone with
// WAV upload (the streaming-transcription run is call-page-streaming.test.ts), the typed
// fallback with the microphone refused, barge-in, preview, tab close and the pages of
// unavailable links. Screenshots of every state at desktop and phone size go to OUT.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  SHORT_REPLY,
  shootBoth as shootBothIn,
  startVoiceStack,
  type VoiceStack,
  warmCallRoutes,
} from "./pages/call-harness";
import type { CallPage } from "./pages/call-page";
import { DESKTOP, hasChromium, PHONE } from "./support/chromium";
import { Owner } from "./support/owner";

const OUT = "test-results/e2e/call";
if (process.env.CI && !hasChromium) throw new Error("/usr/bin/chromium is missing");

const t0 = Date.now();
const log = (what: string) => console.log(`[call-page e2e] +${Date.now() - t0} ms ${what}`);

describe.skipIf(!hasChromium)("the caller's page in Chromium", { timeout: 300_000 }, () => {
  let stack: VoiceStack;
  let deepgram: VoiceStack["deepgram"];
  let server: VoiceStack["server"];
  let owner: Owner;
  let stranger: Owner;
  let mics: Record<string, string>;
  const slugs: Record<string, { id: string; slug: string }> = {};

  const browser = (micFile?: string) => stack.browser(micFile);
  const callPage: VoiceStack["callPage"] = (b, viewport, cookie) =>
    stack.callPage(b, viewport, cookie);
  const shootBoth = (call: CallPage, name: string) => shootBothIn(call, OUT, name);

  beforeAll(async () => {
    stack = await startVoiceStack(
      {
        voice: [5, "My name is Ada Lovelace.", 9, "We need a new kitchen within a month.", 14],
        // The gap must outlast the end-of-speech wait plus the first reply's latency on a busy
        // CI machine (seconds there), so the second utterance lands inside the 16 s reply.
        bargeIn: [5, "Hello there, I would like a quote.", 14, "Wait, stop please.", 12],
      },
      log,
    );
    ({ deepgram, server, mics } = stack);
    owner = await Owner.signUp(server.url, "owner@example.com");
    stranger = await Owner.signUp(server.url, "stranger@example.com");
    for (const status of ["active", "paused", "draft", "archived"])
      slugs[status] = await owner.campaign(`Kitchen ${status}`, status);
    slugs.idle = await owner.campaign("Kitchen quick idle", "active", { idleSeconds: 5 });
    await warmCallRoutes(server.url, slugs.active!.slug);
    log("warmed up");
  }, 600_000);

  afterAll(() => stack?.close());

  it("answers unknown, draft and archived links with 404 and paused ones with their page", async () => {
    const b = await browser();
    const call = await callPage(b);
    const unknown = await call.open("no-such-campaign-zzzzzz");
    expect(unknown?.status()).toBe(404);
    await call.page.getByText("This call link isn't available").waitFor();
    await shootBoth(call, "unknown");
    for (const status of ["draft", "archived"]) {
      const res = await call.open(slugs[status]!.slug);
      expect(res?.status(), status).toBe(404);
    }
    const paused = await call.open(slugs.paused!.slug);
    expect(paused?.status()).toBe(200);
    await call.page.getByText("isn't taking calls right now").waitFor();
    expect(await call.page.getByRole("button", { name: "Start the call" }).count()).toBe(0);
    await shootBoth(call, "paused");
  });

  it("takes a spoken call: two utterances uploaded, the agent heard, captions and records stored", async () => {
    const b = await browser(mics.voice);
    const call = await callPage(b);
    // Server STT: every utterance goes up as a WAV (no streaming transcription).
    const res = await call.open(slugs.active!.slug, false, "upload");
    expect(res?.status()).toBe(200);
    await call.page.getByTestId("consent-notice").waitFor();
    // Nothing but the caller's fields reaches the page: not the persona, not the questions.
    const html = await call.page.content();
    expect(html).not.toContain("friendly, concise assistant");
    expect(html).not.toContain("How soon do you need it");
    await shootBoth(call, "consent");
    await call.start();
    await call.waitForCallerCaptions(2);
    await shootBoth(call, "in-call");
    await call.waitForPhase("listening");
    const callerLines = await call.captions("caller");
    expect(callerLines.join(" ")).toContain("Ada Lovelace");
    expect(callerLines.join(" ")).toContain("kitchen within a month");
    const agentLines = await call.captions("agent");
    expect(agentLines.length).toBeGreaterThanOrEqual(3); // greeting + two replies
    // Audio really played: the greeting and both replies are 900 ms each at 24 kHz.
    const stats = await call.stats();
    expect(stats.playedSamples).toBeGreaterThan(3 * 0.8 * 24_000);
    expect(stats.playedSamples).toBeLessThanOrEqual(stats.scheduledSamples);
    expect(await call.page.evaluate("window.__csp")).toEqual([]);
    expect((await call.stats()).vadFrames).toBeGreaterThan(100);
    const turns = await call.probe((p) => p.turns);
    expect(turns.filter((t) => t.speechEndAt && t.firstSoundAt)).toHaveLength(2);
    expect(turns.map((t) => t.via)).toEqual(["upload", "upload"]);
    const id = (await call.conversationId())!;
    await call.end();
    await shootBoth(call, "ended");
    const stored = await owner.conversation(id);
    expect(stored.conversation.status).toBe("ended");
    const callerTurns = stored.turns.filter((t) => t.role === "caller").map((t) => t.text);
    expect(callerTurns).toEqual([
      "My name is Ada Lovelace.",
      "We need a new kitchen within a month.",
    ]);
    expect(stored.turns.filter((t) => t.role === "agent").length).toBeGreaterThanOrEqual(3);
    expect(stored.lead).not.toBeNull();
  });

  it("falls back to typed mode when the microphone is refused, and completes the call", async () => {
    const b = await browser();
    const call = await callPage(b, PHONE);
    await call.open(slugs.active!.slug);
    // The call start and the turn are held in the browser until their states are shot.
    const startHeld = holdRequests(call, "**/api/calls");
    const turnHeld = holdRequests(call, "**/api/voice/turn");
    await call.start();
    await call.waitForPhase("connecting");
    await shootBoth(call, "connecting");
    (await startHeld)();
    await call.page.getByText("Microphone access was blocked").waitFor();
    expect(await call.probe((p) => p.state().mic)).toBe("denied");
    await call.waitForPhase("listening");
    await call.say("My name is Grace Hopper");
    await call.waitForPhase("thinking");
    await shootBoth(call, "thinking");
    (await turnHeld)();
    await call.waitForPhase("speaking");
    await shootBoth(call, "speaking");
    await expect.poll(() => call.captions("agent"), { timeout: 30_000 }).toHaveLength(2);
    await call.waitForPhase("listening");
    await shootBoth(call, "typed-mode");
    const id = (await call.conversationId())!;
    await call.end();
    await call.page.getByRole("button", { name: "Call again" }).waitFor();
    const stored = await owner.conversation(id);
    expect(
      stored.turns.some((t) => t.role === "caller" && t.text === "My name is Grace Hopper"),
    ).toBe(true);
    expect(stored.conversation.status).toBe("ended");
  });

  it("lets the owner preview a draft and refuses anyone else", async () => {
    const draft = slugs.draft!.slug;
    const b = await browser();
    const call = await callPage(b, DESKTOP, owner.cookie);
    // The dashboard offers "Try it" and the call settings in the campaign form.
    await call.page.goto(`/campaigns/${slugs.draft!.id}`);
    const tryIt = call.page.getByRole("link", { name: "Try it" });
    expect(await tryIt.getAttribute("href")).toBe(`/call/${draft}?preview=1`);
    expect(await call.page.getByLabel("Turn-taking").inputValue()).toBe("balanced");
    await call.page.getByLabel("Consent notice").waitFor();
    await call.shoot(OUT, "dashboard-campaign-desktop");
    expect((await call.open(draft, true))?.status()).toBe(200);
    await call.page.getByText("Preview · stored as a test call").waitFor();
    await shootBoth(call, "preview");
    await call.start();
    await call.say("Just testing my campaign");
    await expect.poll(() => call.captions("agent"), { timeout: 30_000 }).toHaveLength(2);
    await call.end();

    const other = await callPage(b, DESKTOP, stranger.cookie);
    expect((await other.open(draft, true))?.status()).toBe(404);
    const refused = await stranger.api("/api/calls", {
      body: { campaignSlug: draft, preview: true },
    });
    // Not theirs: under RLS it does not exist for them, as the page's 404 says too.
    expect(refused.status).toBe(404);
    const anonymous = await fetch(`${server.url}/api/calls`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ campaignSlug: draft, preview: true }),
    });
    expect(anonymous.status).toBe(401);
    const notPreview = await owner.api("/api/calls", { body: { campaignSlug: draft } });
    expect(notPreview.status).toBe(409);
  });

  it("barge-in stops playback at once and reports what was heard", async () => {
    // Long replies, so the second utterance lands while the agent is still talking: it comes
    // 14 s after the first, so the first reply may take up to ~13 s to start (a busy machine
    // running next dev) and still be playing then.
    deepgram.set({ speech: { ...SHORT_REPLY, totalAudioMs: 30_000 } });
    const b = await browser(mics.bargeIn);
    const call = await callPage(b);
    await call.open(slugs.active!.slug);
    await call.start();
    await expect
      .poll(() => call.probe((p) => p.interrupts.length), { timeout: 90_000 })
      .toBe(1)
      .catch(async (error) => {
        // Say what the call did instead: its turns, captions and phase.
        const seen = await call.probe((p) => ({ turns: p.turns, phase: p.state().phase }));
        const captions = await call.captions("agent");
        throw new Error(`No barge-in: ${JSON.stringify({ ...seen, captions })}`, { cause: error });
      });
    const interrupt = (await call.probe((p) => p.interrupts[0]))!;
    // Stopped well before the 30 s reply ended, and the played counter stopped with it.
    expect(interrupt.heardMs).toBeGreaterThan(0);
    expect(interrupt.heardMs).toBeLessThan(28_000);
    const a = await call.stats();
    await call.page.waitForTimeout(300);
    const later = await call.stats();
    expect(later.playedSamples - a.playedSamples).toBeLessThan(0.1 * 24_000);
    deepgram.set({ speech: SHORT_REPLY });
    await shootBoth(call, "barge-in");
    const id = (await call.conversationId())!;
    await call.end();
    const stored = await owner.conversation(id);
    const turn = stored.turns.find((t) => t.seq === interrupt.seq);
    expect(turn?.interrupted).toBe(true);
    expect(turn!.heard_text ?? "").toBe(interrupt.heardText);
    expect(Math.abs((turn!.heard_ms ?? 0) - interrupt.heardMs)).toBeLessThan(50);
  });

  it("closing the tab mid-call ends the conversation and analyses it once", async () => {
    const b = await browser();
    const call = await callPage(b);
    await call.open(slugs.active!.slug);
    await call.start();
    await call.say("My name is Alan Turing");
    await expect.poll(() => call.captions("agent"), { timeout: 30_000 }).toHaveLength(2);
    const id = (await call.conversationId())!;
    await call.page.close({ runBeforeUnload: true });
    // The beacon ends the call; its analysis (the lead) is a job that runs after the answer.
    let stored = await owner.conversation(id);
    for (let i = 0; i < 60 && !stored.lead; i++) {
      await new Promise((r) => setTimeout(r, 250));
      stored = await owner.conversation(id);
    }
    expect(stored.conversation.status).toBe("ended");
    expect(stored.conversation.end_reason).toBe("tab_closed");
    expect(stored.lead).not.toBeNull();
  });

  it("ends a silent call after the campaign's idle time, asking first", async () => {
    const b = await browser();
    const call = await callPage(b);
    await call.open(slugs.idle!.slug);
    await call.start();
    await call.waitForPhase("listening");
    const id = (await call.conversationId())!;
    // Two idle periods of 5 s (plus the greeting and the idle turn itself).
    await call.page.getByTestId("call-ended").waitFor({ timeout: 45_000 });
    await call.page.getByText("The call ended after a long silence.").waitFor();
    await shootBoth(call, "ended-idle");
    let stored = await owner.conversation(id);
    for (let i = 0; i < 20 && stored.conversation.status !== "ended"; i++) {
      await new Promise((r) => setTimeout(r, 250));
      stored = await owner.conversation(id);
    }
    expect(stored.conversation.status).toBe("ended");
  });

  it("puts provider trouble and a lost network in plain words, with a working Retry", async () => {
    deepgram.arm("speak", "500", 1000); // the agent's voice (Deepgram TTS) fails
    const b = await browser();
    const call = await callPage(b);
    try {
      await call.open(slugs.active!.slug);
      await call.start();
      await call.waitForPhase("listening"); // greeting as text only: its audio failed
      await call.say("My name is Linus");
      await call.page.getByText("The agent's voice is unavailable").waitFor();
      await expect.poll(() => call.captions("agent"), { timeout: 30_000 }).toHaveLength(2);
    } finally {
      deepgram.faults.clear();
    }
    await call.page.route("**/api/voice/turn", (route) => route.abort("internetdisconnected"));
    await call.say("My email is linus@example.com");
    await call.page.getByText("The connection was lost").waitFor();
    await shootBoth(call, "network-lost");
    await call.page.unroute("**/api/voice/turn");
    await call.page.getByRole("button", { name: "Retry" }).click();
    await expect.poll(() => call.captions("agent"), { timeout: 30_000 }).toHaveLength(3);
    expect(await call.page.getByText("The connection was lost").count()).toBe(0);
    await call.end();
  });
});

/** Holds the page's requests matching `pattern` until the returned release is called. */
async function holdRequests(call: CallPage, pattern: string) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  await call.page.route(pattern, async (route) => {
    await released;
    await route.continue();
  });
  return release;
}
