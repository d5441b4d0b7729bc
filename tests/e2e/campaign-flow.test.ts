// In Chromium, on a fresh embedded-default server: sign up, create a campaign, see it listed.
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type NextServer, startNextDev } from "../helpers/next-server";
import { AuthPage } from "./pages/auth-page";
import { CampaignsPage } from "./pages/campaigns-page";

const CHROMIUM = "/usr/bin/chromium";
const OUT = "test-results/e2e";
if (process.env.CI && !existsSync(CHROMIUM))
  throw new Error(`${CHROMIUM} is missing: apt-get install chromium`);

describe.skipIf(!existsSync(CHROMIUM))("campaign flow in Chromium", { timeout: 180_000 }, () => {
  let server: NextServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    [server, browser] = await Promise.all([
      startNextDev(),
      chromium.launch({
        executablePath: CHROMIUM,
        args: [
          "--no-sandbox",
          "--disable-gpu",
          "--disable-quic",
          "--no-first-run",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
        ],
      }),
    ]);
    page = await browser.newPage({ baseURL: server.url, viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(60_000); // the dev server compiles each page on first visit
    await mkdir(OUT, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("redirects a signed-out visitor to sign-in", async () => {
    await page.goto("/campaigns");
    await page.waitForURL("**/sign-in?next=%2Fcampaigns");
  });

  it("shows field errors, then signs up and lands on the empty campaign list", async () => {
    const auth = new AuthPage(page);
    await auth.signUp("owner@example.com", "short");
    await auth.fieldError("Use at least 8 characters").waitFor();
    await auth.signUp("owner@example.com", "a long enough password");
    await page.waitForURL("**/campaigns");
    await page.getByText("No campaigns yet").waitFor();
    expect(await page.getByTestId("user-email").textContent()).toBe("owner@example.com");
  });

  it("creates a campaign and lists it with its call link", async () => {
    const campaigns = new CampaignsPage(page);
    await campaigns.create("Kitchen remodel leads", "What is your budget?");
    await expect
      .poll(() => page.getByTestId("call-link").textContent())
      .toMatch(/\/call\/kitchen-remodel-leads-[a-z2-9]{6}$/);
    await page.getByRole("button", { name: "Activate" }).click();
    await page.getByText("Active", { exact: true }).waitFor();

    await page.getByRole("link", { name: "Campaigns", exact: true }).click();
    await page.waitForURL("**/campaigns");
    const list = campaigns.list();
    await list.getByText("Kitchen remodel leads").waitFor();
    expect(await list.textContent()).toContain("3 questions");
    expect(await list.textContent()).toContain("Active");
    await page.screenshot({ path: `${OUT}/campaign-list.png`, fullPage: true });
  });
});
