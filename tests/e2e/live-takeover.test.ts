// The live monitor and human takeover in two Chromium contexts against `next dev` on the
// embedded default (Deepgram TTS on the stand-in, the scripted agent): the owner on /live sees
// the caller's typed turn appear, takes the call over, and types a reply; the caller reads it
// in the captions and hears it (the page's audio probe counts played samples) while the agent
// stays silent; after the hand-back the agent answers again. Screenshots of the Live page and
// of the caller's page during the takeover, at desktop and phone size, go to OUT.
import { mkdir } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { shootBoth, startVoiceStack, type VoiceStack, warmCallRoutes } from "./pages/call-harness";
import { LivePage } from "./pages/live-page";
import { DESKTOP, hasChromium, PHONE } from "./support/chromium";
import { Owner } from "./support/owner";

const OUT = "test-results/e2e/live";
if (process.env.CI && !hasChromium) throw new Error("/usr/bin/chromium is missing");

const t0 = Date.now();
const log = (what: string) => console.log(`[live e2e] +${Date.now() - t0} ms ${what}`);

describe.skipIf(!hasChromium)("live calls in Chromium", { timeout: 600_000 }, () => {
  let stack: VoiceStack;
  let owner: Owner;
  let slug: string;

  beforeAll(async () => {
    stack = await startVoiceStack({}, log);
    owner = await Owner.signUp(stack.server.url, "live-owner@example.com");
    slug = (await owner.campaign("Roof repair line", "active")).slug;
    await warmCallRoutes(stack.server.url, slug);
    await mkdir(OUT, { recursive: true });
    log("warmed up");
  }, 1_500_000);

  afterAll(() => stack?.close());

  it("shows the call live, hands it to a person who replies by voice, and back to the agent", async () => {
    const b = await stack.browser();
    const live = new LivePage((await stack.callPage(b, DESKTOP, owner.cookie)).page);
    // The first visit compiles the page (minutes on a busy machine).
    await live.page.goto("/live", { timeout: 600_000 });
    await live.page.getByText("No calls right now").waitFor();
    await live.page.locator("[data-testid=live-status][data-status=live]").waitFor();
    await live.shoot(OUT, "live-empty-desktop");
    await live.page.setViewportSize(PHONE);
    await live.shoot(OUT, "live-empty-phone");
    await live.page.setViewportSize(DESKTOP);

    // The caller types (the microphone is refused in this context).
    const caller = await stack.callPage(b);
    await caller.open(slug);
    await caller.start();
    await caller.waitForPhase("listening");
    const id = (await caller.conversationId())!;
    const agentLines = () =>
      caller.page.locator("[data-testid=captions] li[data-who=agent]:not([data-human])").count();

    await live.call(id).waitFor();
    await live.waitForTurn(id, "agent", "Hi"); // the greeting
    await caller.say("My name is Grace Hopper");
    await live.waitForTurn(id, "caller", "My name is Grace Hopper");
    log("the caller's turn showed on the Live page");
    await expect.poll(agentLines, { timeout: 30_000 }).toBe(2);
    await caller.waitForPhase("listening");
    await expect.poll(() => live.turns(id, "agent"), { timeout: 10_000 }).toBe(2);
    const agentTurns = 2;

    await live.takeOver(id);
    await caller.page.getByTestId("human-replying").waitFor();
    await caller.say("Is anyone there?");
    await live.waitForTurn(id, "caller", "Is anyone there?");
    await caller.waitForPhase("listening");

    const before = (await caller.stats()).playedSamples;
    const words = "Hi Grace, this is Sam from the team. I can help with that.";
    await live.reply(id, words);
    await caller.page
      .locator("[data-testid=captions] li[data-who=agent][data-human=true]", { hasText: words })
      .waitFor();
    // Heard: Deepgram's stand-in speaks 900 ms at 24 kHz for it.
    await expect
      .poll(async () => (await caller.stats()).playedSamples - before, { timeout: 30_000 })
      .toBeGreaterThan(0.8 * 24_000);
    await caller.waitForPhase("listening");
    // The agent said nothing while the person held the call.
    expect(await agentLines()).toBe(2);
    expect(await live.turns(id, "agent")).toBe(agentTurns);
    await live.shoot(OUT, "live-takeover-desktop");
    await live.page.setViewportSize(PHONE);
    await live.shoot(OUT, "live-takeover-phone");
    await live.page.setViewportSize(DESKTOP);
    await shootBoth(caller, OUT, "caller-takeover");

    await live.handBack(id);
    await expect.poll(() => caller.page.getByTestId("human-replying").count()).toBe(0);
    await caller.say("My email is grace@example.com");
    await expect.poll(agentLines, { timeout: 30_000 }).toBe(3);
    await live.waitForTurn(id, "caller", "My email is grace@example.com");
    await live.shoot(OUT, "live-handed-back-desktop");
    // The scripted agent may close the call once it has what it needs; else the caller hangs up.
    if ((await caller.phase()) !== "ended") await caller.end();
    await live.page.getByText("No calls right now").waitFor();
    const stored = await owner.conversation(id);
    expect(stored.turns.map((t) => [t.role, t.text])).toEqual([
      ["agent", expect.any(String)],
      ["caller", "My name is Grace Hopper"],
      ["agent", expect.any(String)],
      ["caller", "Is anyone there?"],
      ["human_agent", words],
      ["caller", "My email is grace@example.com"],
      ["agent", expect.any(String)],
    ]);
  });
});
