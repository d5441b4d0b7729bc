// In Chromium, on a fresh embedded-default server: the campaign's "Recordings & retention"
// card refuses a bad retention, saves recording on with 30 days, shows both again after a
// reload, and the caller's page then says the call is recorded. Screenshots of the card at
// desktop and phone sizes in test-results/e2e/recordings.
import { mkdir } from "node:fs/promises";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RECORDING_NOTICE } from "@/lib/validations/recordings";
import { type NextServer, startNextDev } from "../helpers/next-server";
import { RecordingSettingsCard } from "./pages/recording-settings-card";
import { CHROMIUM, DESKTOP, hasChromium, launchChromium, PHONE } from "./support/chromium";

const OUT = "test-results/e2e/recordings";
if (process.env.CI && !hasChromium)
  throw new Error(`${CHROMIUM} is missing: apt-get install chromium`);

describe.skipIf(!hasChromium)("recordings & retention in Chromium", { timeout: 900_000 }, () => {
  let server: NextServer;
  let browser: Browser;
  let page: Page;
  let campaignPath = "";
  let slug = "";

  beforeAll(async () => {
    [server, browser] = await Promise.all([startNextDev(), launchChromium()]);
    const context = await browser.newContext({ baseURL: server.url, viewport: DESKTOP });
    page = await context.newPage();
    page.setDefaultTimeout(300_000); // the dev server compiles each page on first visit
    await mkdir(OUT, { recursive: true });
    const signUp = await context.request.post("/api/auth/sign-up", {
      data: { email: "recording-owner@example.com", password: "a long enough password" },
      headers: { origin: server.url },
      timeout: 240_000,
    });
    expect(signUp.status()).toBe(201);
    const created = await context.request.post("/api/campaigns", {
      data: {
        name: "Recorded leads",
        voiceSettings: { voice: "nova", language: "en-US", speed: 1 },
        flowConfig: {
          persona: "You are a friendly assistant for a kitchen company.",
          firstMessage: "Hi! Thanks for calling.",
          questions: [{ id: "need", text: "What do you need?", weight: 5 }],
          requiredFields: ["name"],
          closingMessage: "Thanks, goodbye!",
        },
      },
      headers: { origin: server.url },
      timeout: 240_000,
    });
    expect(created.status()).toBe(201);
    const { campaign } = await created.json();
    campaignPath = `/campaigns/${campaign.id}`;
    slug = campaign.publicSlug;
    const activated = await context.request.post(`/api/campaigns/${campaign.id}/status`, {
      data: { status: "active" },
      headers: { origin: server.url },
      timeout: 240_000,
    });
    expect(activated.status()).toBe(200);
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("saves recording and retention, and the caller's page says the call is recorded", async () => {
    const card = new RecordingSettingsCard(page);
    await page.goto(`/call/${slug}`);
    await page.getByText("You're about to talk with an AI voice agent").waitFor();
    expect(await page.getByText(RECORDING_NOTICE).count()).toBe(0);

    await page.goto(campaignPath);
    await card.heading().waitFor();
    expect(await card.recordCalls().isChecked()).toBe(false);
    expect(await card.retentionDays().inputValue()).toBe("");

    await card.retentionDays().fill("0");
    await card.save();
    await page.getByText("Retention must be between 1 and 3650 days").waitFor();

    await card.recordCalls().check();
    await card.retentionDays().fill("30");
    await card.save();
    await card.saved().waitFor();

    await page.reload();
    await card.heading().waitFor();
    await expect.poll(() => card.retentionDays().inputValue()).toBe("30");
    expect(await card.recordCalls().isChecked()).toBe(true);
    await card.heading().scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${OUT}/campaign-card-desktop.png`, fullPage: true });
    await page.setViewportSize(PHONE);
    await card.heading().scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${OUT}/campaign-card-phone.png` });
    await page.setViewportSize(DESKTOP);

    await page.goto(`/call/${slug}`);
    await page.getByText(RECORDING_NOTICE).waitFor();
    await page.screenshot({ path: `${OUT}/call-page-consent.png` });
  });
});
