// In Chromium, on a fresh embedded-default server: an owner sets a webhook on a campaign,
// a caller's call qualifies with the scripted agent (the call API, as the caller's page
// drives it), the cron drain delivers the signed event to a local receiver, and the delivery
// shows in Settings → Webhooks. Screenshots at desktop and phone sizes.
import { createHmac } from "node:crypto";
import { mkdir } from "node:fs/promises";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type NextServer, startNextDev } from "../helpers/next-server";
import { startWebhookReceiver } from "../stand-ins/webhook-receiver";
import { NotificationsCard, WebhooksPage } from "./pages/webhooks-page";
import { CHROMIUM, DESKTOP, hasChromium, launchChromium, PHONE } from "./support/chromium";
import { Owner } from "./support/owner";

const OUT = "test-results/e2e/notifications";
const CRON_SECRET = "cron-secret-for-the-notifications-e2e";
if (process.env.CI && !hasChromium)
  throw new Error(`${CHROMIUM} is missing: apt-get install chromium`);

describe.skipIf(!hasChromium)("notifications in Chromium", { timeout: 900_000 }, () => {
  let server: NextServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let owner: Owner;
  let campaign: { id: string; slug: string };

  const post = async (path: string, body: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${server.url}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: server.url, ...headers },
      body: JSON.stringify(body),
    });
    return { status: res.status, text: await res.text() };
  };

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    [server, browser] = await Promise.all([startNextDev({ CRON_SECRET }), launchChromium()]);
    await mkdir(OUT, { recursive: true });
    owner = await Owner.signUp(server.url, "hooks-owner@example.com");
    const created = await owner.api("/api/campaigns", {
      body: {
        name: "Kitchen remodel leads",
        voiceSettings: { voice: "nova", language: "en-US", speed: 1 },
        flowConfig: {
          persona: "You are a friendly assistant for a kitchen remodeler.",
          firstMessage: "Hi! How can we reach you?",
          questions: [],
          requiredFields: ["email"],
          closingMessage: "Thanks, goodbye!",
          qualifyThreshold: 50,
        },
      },
    });
    expect(created.status).toBe(201);
    campaign = { id: created.body.campaign.id, slug: created.body.campaign.publicSlug };
    expect(
      (await owner.api(`/api/campaigns/${campaign.id}/status`, { body: { status: "active" } }))
        .status,
    ).toBe(200);
    context = await browser.newContext({ baseURL: server.url, viewport: DESKTOP });
    await context.addCookies(
      owner.cookie.split("; ").map((c) => {
        const i = c.indexOf("=");
        return { name: c.slice(0, i), value: c.slice(i + 1), url: server.url };
      }),
    );
    page = await context.newPage();
    page.setDefaultTimeout(300_000); // the dev server compiles each page on first visit
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await receiver?.close();
  });

  it("delivers a qualified lead's signed webhook and shows it in the delivery log", async () => {
    // The owner sets the webhook on the campaign's page.
    await page.goto(`/campaigns/${campaign.id}`);
    const card = new NotificationsCard(page);
    await card.setWebhook(receiver.url("/voxline"));
    const secret = await card.secret();
    expect(secret).toMatch(/^whsec_/);
    await card.root.scrollIntoViewIfNeeded();
    await card.root.screenshot({ path: `${OUT}/campaign-card-desktop.png` });

    // A caller gives their email: the scripted agent records it, the analysis scores 100.
    const started = await post("/api/calls", { campaignSlug: campaign.slug });
    expect(started.status).toBe(201);
    const { conversationId, callToken } = JSON.parse(started.text);
    const turn = await post(
      "/api/voice/turn",
      { text: "Hi, I'm Ann Lee and my email is ann@example.com" },
      { authorization: `Bearer ${callToken}` },
    );
    expect(turn.status).toBe(200);
    const ended = await post(
      `/api/calls/${conversationId}/end`,
      {},
      { authorization: `Bearer ${callToken}` },
    );
    expect(ended.status).toBe(200);

    // Vercel Cron's drain runs the analysis (if the call's own after-work has not) and then
    // the notification.
    await expect
      .poll(
        async () => {
          await post("/api/jobs/drain", {}, { authorization: `Bearer ${CRON_SECRET}` });
          return receiver.requests.length;
        },
        { timeout: 240_000, interval: 2_000 },
      )
      .toBe(1);
    const [hook] = receiver.requests;
    const eventId = String(hook!.headers["x-voxline-event-id"]);
    const [t, v1] = String(hook!.headers["x-voxline-signature"])
      .split(",")
      .map((p) => p.split("=")[1]);
    expect(v1).toBe(createHmac("sha256", secret).update(`${t}.${hook!.body}`).digest("hex"));
    expect(JSON.parse(hook!.body)).toMatchObject({
      type: "lead.qualified",
      lead: { email: "ann@example.com", score: 100 },
      conversation: { id: conversationId },
    });

    // Another drain sends nothing more.
    await post("/api/jobs/drain", {}, { authorization: `Bearer ${CRON_SECRET}` });
    expect(receiver.requests).toHaveLength(1);

    const webhooks = new WebhooksPage(page);
    await webhooks.open();
    const entry = webhooks.entries(eventId);
    await entry.getByText("Delivered 200").waitFor();
    expect(await entry.count()).toBe(1);
    await page.getByText(receiver.url("/voxline")).first().waitFor();
    await page.screenshot({ path: `${OUT}/webhooks-desktop.png`, fullPage: true });

    await page.setViewportSize(PHONE);
    await webhooks.open();
    await webhooks.entries(eventId).getByText("Delivered 200").waitFor();
    await page.screenshot({ path: `${OUT}/webhooks-phone.png`, fullPage: true });
    await page.goto(`/campaigns/${campaign.id}`);
    await card.root.scrollIntoViewIfNeeded();
    await card.root.screenshot({ path: `${OUT}/campaign-card-phone.png` });
  });
});
