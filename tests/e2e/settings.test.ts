// In Chromium, on a fresh embedded-default server: an owner opens Settings (profile with
// email, workspace and role), creates an API key whose secret is shown once, uses it with
// fetch against /api/v1, sees its last use, revokes it after a confirmation, and the API
// answers 401. Screenshots at desktop and phone size in test-results/e2e/settings.
import { mkdir } from "node:fs/promises";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultCampaignInput } from "@/lib/validations/campaign";
import { type NextServer, startNextDev } from "../helpers/next-server";
import { AuthPage } from "./pages/auth-page";
import { SettingsPage } from "./pages/settings-page";
import { CHROMIUM, DESKTOP, hasChromium, launchChromium, PHONE } from "./support/chromium";

const OUT = "test-results/e2e/settings";
const EMAIL = "owner@example.com";
if (process.env.CI && !hasChromium)
  throw new Error(`${CHROMIUM} is missing: apt-get install chromium`);

describe.skipIf(!hasChromium)("settings and API keys in Chromium", { timeout: 600_000 }, () => {
  let server: NextServer;
  let browser: Browser;
  let page: Page;
  let settings: SettingsPage;
  let secret: string;

  const shoot = async (name: string) => {
    await page.screenshot({ path: `${OUT}/${name}-desktop.png`, fullPage: true });
    await page.setViewportSize(PHONE);
    await page.screenshot({ path: `${OUT}/${name}-phone.png`, fullPage: true });
    await page.setViewportSize(DESKTOP);
  };
  const api = (path: string, key = secret) =>
    fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${key}` } });

  beforeAll(async () => {
    [server, browser] = await Promise.all([startNextDev(), launchChromium()]);
    const context = await browser.newContext({ baseURL: server.url, viewport: DESKTOP });
    page = await context.newPage();
    page.setDefaultTimeout(180_000); // next dev compiles each page on its first visit
    settings = new SettingsPage(page);
    await mkdir(OUT, { recursive: true });
  }, 420_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("shows the profile: email, workspace and role, with sign-out", async () => {
    await new AuthPage(page).signUp(EMAIL, "a long enough password");
    await page.waitForURL("**/campaigns");
    const created = await page.request.post("/api/campaigns", {
      data: { ...defaultCampaignInput(), name: "Spring roofing leads" },
      headers: { origin: server.url },
      timeout: 240_000,
    });
    expect(created.status()).toBe(201);
    await settings.openProfile();
    expect(await page.getByTestId("profile-email").textContent()).toBe(EMAIL);
    expect(await page.getByTestId("profile-workspace").textContent()).toBe("Personal");
    await page.getByTestId("role-badge").filter({ hasText: "owner" }).first().waitFor();
    await page.getByRole("main").getByRole("button", { name: "Sign out" }).waitFor();
    await shoot("profile");
  });

  it("creates a key and shows its secret once", async () => {
    await settings.openApiKeys();
    await settings.emptyState().waitFor();
    await shoot("api-keys-empty");
    secret = await settings.createKey("CRM sync");
    expect(secret).toMatch(/^vx_[A-Za-z0-9_-]{43}$/);
    await settings.newKeyPanel().getByText("it will not be shown again").waitFor();
    await settings.row("CRM sync").getByText("Never").waitFor();
    await shoot("api-keys-created");
    await page.reload();
    await settings.row("CRM sync").waitFor();
    expect(await page.content()).not.toContain(secret);
    expect(await settings.row("CRM sync").textContent()).toContain(secret.slice(0, 11));
  });

  it("reads the workspace's data with the key, and shows when it was last used", async () => {
    const campaigns = await api("/api/v1/campaigns");
    expect(campaigns.status).toBe(200);
    const body = await campaigns.json();
    expect(body.data.map((c: { name: string }) => c.name)).toEqual(["Spring roofing leads"]);
    expect(body.next_cursor).toBeNull();
    const conversations = await api("/api/v1/conversations?limit=10");
    expect(conversations.status).toBe(200);
    expect(await conversations.json()).toEqual({ data: [], next_cursor: null });
    await page.reload();
    const lastUsed = settings.row("CRM sync").getByTestId("api-key-last-used");
    expect(await lastUsed.textContent()).toMatch(/UTC$/);
    await shoot("api-keys-used");
  });

  it("revokes the key after a confirmation; the API answers 401", async () => {
    const row = settings.row("CRM sync");
    await row.getByRole("button", { name: "Revoke", exact: true }).click();
    await row.getByRole("alertdialog").waitFor();
    await page.screenshot({ path: `${OUT}/api-keys-confirm-desktop.png`, fullPage: true });
    await row.getByRole("button", { name: "Cancel" }).click();
    await settings.revoke("CRM sync");
    const res = await api("/api/v1/campaigns");
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe("unauthorized");
    await shoot("api-keys-revoked");
  });
});
