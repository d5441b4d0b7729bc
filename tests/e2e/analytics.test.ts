// In Chromium, on an embedded-default server whose data directory `npm run db:seed` filled
// first: the analytics page with its tiles, charts and tables, the range and campaign filter,
// the empty state, and screenshots at desktop and phone sizes.
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type NextServer, startNextDev } from "../helpers/next-server";
import { runScript } from "../helpers/scripts";
import { AnalyticsPage } from "./pages/analytics-page";
import { CHROMIUM, DESKTOP, hasChromium, launchChromium, PHONE } from "./support/chromium";

const OUT = "test-results/e2e/analytics";
const EMAIL = "analytics-owner@example.com";
const PASSWORD = "a long enough password";
if (process.env.CI && !hasChromium)
  throw new Error(`${CHROMIUM} is missing: apt-get install chromium`);

describe.skipIf(!hasChromium)("analytics in Chromium", { timeout: 900_000 }, () => {
  let dataDir: string;
  let server: NextServer;
  let browser: Browser;
  let page: Page;
  let analytics: AnalyticsPage;

  beforeAll(async () => {
    // The dev server holds the PGlite directory once started: seed it before.
    dataDir = await mkdtemp(path.join(tmpdir(), "voxline-e2e-analytics-"));
    const seeded = await runScript(
      "seed",
      ["--email", EMAIL, "--password", PASSWORD, "--conversations", "1500"],
      { VOXLINE_DATA_DIR: dataDir },
    );
    if (seeded.code !== 0) throw new Error(`db:seed failed:\n${seeded.output}`);
    [server, browser] = await Promise.all([
      startNextDev({ VOXLINE_DATA_DIR: dataDir }),
      launchChromium(),
    ]);
    const context = await browser.newContext({ baseURL: server.url, viewport: DESKTOP });
    page = await context.newPage();
    page.setDefaultTimeout(300_000); // the dev server compiles each page on first visit
    await mkdir(OUT, { recursive: true });
    const signIn = await context.request.post("/api/auth/sign-in", {
      data: { email: EMAIL, password: PASSWORD },
      headers: { origin: server.url },
      timeout: 240_000,
    });
    expect(signIn.status()).toBe(200);
    analytics = new AnalyticsPage(page);
  }, 900_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it("shows the seeded calls as tiles, charts and tables, filtered by range and campaign", async () => {
    await analytics.open();
    expect(await analytics.chartsDrawn()).toBe(2);
    const calls = Number((await analytics.tileValue("Calls")).replaceAll(",", ""));
    expect(calls).toBeGreaterThan(100);
    expect(await analytics.tileValue("Completion rate")).toMatch(/^\d+(\.\d)?%$/);
    expect(await analytics.tileValue("Time to first audio")).toMatch(/^[\d,]+ ms$/);
    // The webinar campaign stopped calling two months ago: three campaigns in 30 days.
    expect(await analytics.campaignRows().count()).toBe(3);
    await page.screenshot({ path: `${OUT}/analytics-desktop.png`, fullPage: true });

    await analytics.quickRange(180);
    expect(await analytics.campaignRows().count()).toBe(4);
    await analytics.filterByCampaign("Solar consultation");
    expect(await analytics.campaignRows().count()).toBe(1);
    await expect.poll(() => page.getByText("Solar consultation,").count()).toBe(1);

    await page.setViewportSize(PHONE);
    await analytics.open();
    await analytics.chartsDrawn();
    await page.screenshot({ path: `${OUT}/analytics-phone.png`, fullPage: true });
  });

  it("says so when the range has no calls", async () => {
    await page.setViewportSize(DESKTOP);
    await analytics.open("?from=2020-01-01&to=2020-01-31");
    await analytics.empty().getByText("No calls in this range").waitFor();
    await page.screenshot({ path: `${OUT}/analytics-empty.png`, fullPage: true });
  });
});
