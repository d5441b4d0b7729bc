// The caller's page with LiveKit configured to the RoomService stand-in (no SFU behind it):
// the server creates the call's room and hands the page a token, the page tries to join,
// fails cleanly (nothing answers the room's websocket), and the call goes on over HTTP; ending
// it deletes the room. The owner, on the Live page, asks to listen in and, after taking the
// call over, to talk: each gets its token, fails to join the same way and says so. What a real
// SFU would carry (the published tracks, a human's voice) is not exercised here (see README,
// LiveKit).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type NextServer, startNextDev } from "../helpers/next-server";
import { type LiveKitStandIn, startLiveKitStandIn } from "../stand-ins/livekit";
import { openContext, shootBoth } from "./pages/call-harness";
import { LivePage } from "./pages/live-page";
import { DESKTOP, hasChromium, launchChromium } from "./support/chromium";
import { Owner } from "./support/owner";

const OUT = "test-results/e2e/livekit";
if (process.env.CI && !hasChromium) throw new Error("/usr/bin/chromium is missing");

describe.skipIf(!hasChromium)(
  "the caller's page with LiveKit configured",
  { timeout: 300_000 },
  () => {
    let lk: LiveKitStandIn;
    let server: NextServer;
    let owner: Owner;
    let slug: string;

    beforeAll(async () => {
      lk = await startLiveKitStandIn();
      server = await startNextDev({ ...lk.env(), LLM_PROVIDER: "scripted", TTS_PROVIDER: "local" });
      owner = await Owner.signUp(server.url, "owner@example.com");
      slug = (await owner.campaign("Kitchen LiveKit", "active")).slug;
    }, 600_000);

    afterAll(async () => {
      await server?.stop();
      await lk?.close();
    });

    it("starts the call, tries the room, goes on without it when the join fails, deletes it at the end", async () => {
      const b = await launchChromium();
      try {
        const call = await openContext(b, server.url, DESKTOP);
        const warnings: string[] = [];
        call.page.on("console", (m) => {
          if (m.type() === "warning") warnings.push(m.text());
        });
        const started = call.page.waitForResponse(
          (r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/api/calls",
        );
        await call.open(slug);
        await call.start();
        const body = await (await started).json();
        expect(body.livekit).toMatchObject({ url: lk.url, room: `call_${body.conversationId}` });
        // Created before the response or just after it (a busy LiveKit finishes in the background).
        await expect.poll(() => lk.rooms.has(`call_${body.conversationId}`)).toBe(true);

        // The join fails (no SFU): logged, and the call carries on.
        await expect
          .poll(() => warnings.some((w) => w.includes("LiveKit room could not be joined")), {
            timeout: 60_000,
          })
          .toBe(true);
        await call.waitForPhase("listening");
        await call.say("My name is Grace Hopper");
        await expect.poll(() => call.captions("agent"), { timeout: 60_000 }).toHaveLength(2);
        await call.waitForPhase("listening");
        // The LiveKit origin is allowed by the CSP: nothing was blocked.
        expect(await call.page.evaluate("window.__csp")).toEqual([]);
        await shootBoth(call, OUT, "in-call");

        // The owner listens in, then takes the call over and talks: tokens granted, the
        // join fails without an SFU, and the card says so instead of hanging.
        const live = new LivePage((await openContext(b, server.url, DESKTOP, owner.cookie)).page);
        await live.page.goto("/live", { timeout: 300_000 });
        const card = live.call(body.conversationId);
        for (const [button, mode] of [
          ["Listen in", "listen"],
          ["Talk to the caller", "takeover"],
        ] as const) {
          if (mode === "takeover") await live.takeOver(body.conversationId);
          const granted = live.page.waitForResponse(
            (r) => new URL(r.url()).pathname === "/api/livekit/token",
          );
          await card.getByRole("button", { name: button }).click();
          const token = await granted;
          expect(token.status()).toBe(200);
          expect(JSON.parse(token.request().postData() ?? "{}").mode).toBe(mode);
          await card
            .getByRole("alert")
            .filter({ hasText: "Couldn't connect to the call's audio" })
            .waitFor();
        }
        await live.shoot(OUT, "live-room-audio-desktop");
        await live.handBack(body.conversationId);

        await call.end();
        await expect.poll(() => lk.rooms.has(`call_${body.conversationId}`)).toBe(false);
        const stored = await owner.conversation(body.conversationId);
        expect(stored.conversation.status).toBe("ended");
        expect(
          stored.turns.some((t) => t.role === "caller" && t.text === "My name is Grace Hopper"),
        ).toBe(true);
      } finally {
        await b.close();
      }
    });
  },
);
