// In Chromium, on a fresh embedded-default server: sign up, create a campaign, see it listed,
// then edit it: the saved state, a failed save, a phone, the keyboard, and no JavaScript.
import { randomUUID } from "node:crypto";
import { mkdir } from "node:fs/promises";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type NextServer, startNextDev } from "../helpers/next-server";
import { AuthPage } from "./pages/auth-page";
import { CampaignFormPage } from "./pages/campaign-form-page";
import { CampaignsPage } from "./pages/campaigns-page";
import { CHROMIUM, DESKTOP, hasChromium, launchChromium, PHONE } from "./support/chromium";

const OUT = "test-results/e2e";
if (process.env.CI && !hasChromium)
  throw new Error(`${CHROMIUM} is missing: apt-get install chromium`);

/** The whole page, scrolled to the end first so the sticky save bar sits at the bottom. */
async function shootWholePage(page: Page, name: string) {
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await page.screenshot({ path: `${OUT}/${name}.png`, fullPage: true });
}

/** Polls long enough for the dev server to compile a server action on its first call. */
const until = <T>(fn: () => Promise<T>) => expect.poll(fn, { timeout: 60_000, interval: 200 });

describe.skipIf(!hasChromium)("campaign flow in Chromium", { timeout: 300_000 }, () => {
  let server: NextServer;
  let browser: Browser;
  let page: Page;
  let campaignUrl: string;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startNextDev(), launchChromium()]);
    page = await browser.newPage({ baseURL: server.url, viewport: { width: 1280, height: 900 } });
    // The dev server compiles each page on first visit, which takes minutes on a loaded machine:
    // compile the form's pages before the first test's clock starts.
    page.setDefaultTimeout(120_000);
    // Keep the dev server's own badge ("Rendering…", the N button) out of the screenshots.
    await page.addInitScript(() =>
      document.addEventListener("DOMContentLoaded", () => {
        const style = document.createElement("style");
        style.textContent = "nextjs-portal { display: none !important; }";
        document.head.append(style);
      }),
    );
    for (const path of ["/sign-up", "/campaigns", "/campaigns/new", `/campaigns/${randomUUID()}`])
      await fetch(`${server.url}${path}`, { redirect: "manual" }).catch(() => {});
    await mkdir(OUT, { recursive: true });
  }, 600_000);

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
    campaignUrl = page.url();
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
    await page.goto("/campaigns/new");
    await page.getByLabel("Campaign name").waitFor();
    await shootWholePage(page, "form-desktop-new");
  });

  it("shows a saved state that stays until the form is edited again", async () => {
    const form = new CampaignFormPage(page);
    await page.goto(campaignUrl);
    await until(() => form.status().textContent()).toMatch(/Saved at \d{1,2}:\d{2}/);
    await form.name().fill("Kitchen remodel leads (spring)");
    await until(() => form.status().textContent()).toBe("Unsaved changes");
    await form.save();
    await until(() => form.status().textContent()).toMatch(/Saved at \d{1,2}:\d{2}/);
    await page.getByRole("heading", { name: /Kitchen remodel leads \(spring\)/ }).waitFor();
    // Still there after the page refreshed its data, and focus stayed on the button.
    await page.waitForTimeout(2000);
    expect(await form.status().textContent()).toMatch(/Saved at/);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Save changes");
    await page.screenshot({ path: `${OUT}/form-desktop-saved.png` });
  });

  it("moves focus and scroll to the first error of a failed save", async () => {
    const form = new CampaignFormPage(page);
    await form.name().fill("");
    await form.question(2).weight.fill("11"); // scrolls the page down to the questions
    await form.save();
    await until(() => form.focusedId()).toBe("name");
    expect(await form.inViewport(form.name())).toBe(true);
    await page.getByRole("alert").filter({ hasText: "Name is required" }).waitFor();
    await page.getByRole("alert").filter({ hasText: "Weight must be between 1 and 10" }).waitFor();
    await page.getByRole("alert").filter({ hasText: "2 fields need attention." }).waitFor();
    await page.screenshot({ path: `${OUT}/form-desktop-errors.png` });

    // Fixing a field clears its error as you type; an error far down the page is scrolled to.
    await form.name().fill("Kitchen remodel leads");
    await form.question(2).weight.fill("4");
    await page.getByLabel("Idle time (seconds)").fill("500");
    await page.evaluate(() => window.scrollTo(0, 0));
    await form.save();
    await until(() => form.focusedId()).toBe("voiceSettings-idleSeconds");
    expect(await form.inViewport(page.getByLabel("Idle time (seconds)"))).toBe(true);
    await page.getByRole("alert").filter({ hasText: "1 field needs attention." }).waitFor();
    await page.getByLabel("Idle time (seconds)").fill("25");
    await form.save();
    await until(() => form.status().textContent()).toMatch(/Saved at/);
  });

  it("adds and removes questions and lead fields from the keyboard", async () => {
    const form = new CampaignFormPage(page);
    await page.getByRole("button", { name: "Add question" }).focus();
    await page.keyboard.press("Enter");
    await until(() => form.focusedId()).toBe("flowConfig-questions-3-text");
    await page.keyboard.type("Do you own the home?");
    // Text, weight, what qualifies, keywords, then the question's Remove button.
    for (let i = 0; i < 4; i++) await page.keyboard.press("Tab");
    const focusedLabel = () => page.evaluate(() => document.activeElement?.ariaLabel);
    expect(await focusedLabel()).toBe("Remove question 4");
    await page.keyboard.press("Enter");
    await until(() => form.focusedId()).toBe("flowConfig-questions-2-text");
    expect(await page.getByRole("group", { name: /^Question \d+$/ }).count()).toBe(3);

    await form.question(3).remove.focus();
    await page.keyboard.press("Enter");
    await until(() => form.focusedId()).toBe("flowConfig-questions-1-text");
    const phone = page.getByRole("checkbox", { name: "Phone" });
    await phone.focus();
    await page.keyboard.press("Space");
    expect(await phone.isChecked()).toBe(true);
    await form.save();
    await until(() => form.status().textContent()).toMatch(/Saved at/);
    await page.reload();
    // The reloaded page can still be streaming under a busy `next dev`: wait for the form, and
    // say what the page showed if it never comes.
    await page
      .getByRole("checkbox", { name: "Phone" })
      .waitFor({ timeout: 60_000 })
      .catch(async (error) => {
        throw new Error(
          `after the reload ${page.url()} showed: ${await page.textContent("body")}`,
          {
            cause: error,
          },
        );
      });
    await until(() => page.getByRole("group", { name: /^Question \d+$/ }).count()).toBe(2);
    expect(await page.getByRole("checkbox", { name: "Phone" }).isChecked()).toBe(true);
  });

  it("edits a question on a phone, with the question's fields stacked", async () => {
    const form = new CampaignFormPage(page);
    await page.setViewportSize(PHONE);
    await page.goto("/campaigns/new");
    await form.name().waitFor();
    await shootWholePage(page, "form-phone-new");
    await page.goto(campaignUrl);
    const q = form.question(2);
    const [text, weight, keywords] = await Promise.all(
      [q.text, q.weight, q.keywords].map((l) => l.boundingBox()),
    );
    expect(text!.width).toBeGreaterThan(250);
    expect(keywords!.width).toBeGreaterThan(250);
    expect(weight!.y).toBeGreaterThan(text!.y + text!.height); // beneath the text, not beside it
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      PHONE.width,
    );

    await q.text.fill("Hi");
    await form.save();
    await until(() => form.focusedId()).toBe("flowConfig-questions-1-text");
    expect(await form.inViewport(q.text)).toBe(true);
    await page.screenshot({ path: `${OUT}/form-phone-errors.png` });

    await q.text.fill("How soon do you need the kitchen done?");
    await q.weight.fill("4");
    await q.qualifies.selectOption("yes");
    await q.keywords.fill("weeks, this month");
    await form.save();
    await until(() => form.status().textContent()).toMatch(/Saved at/);
    await page.screenshot({ path: `${OUT}/form-phone-saved.png` });
    await page.reload();
    expect(await q.keywords.inputValue()).toBe("weeks, this month");
    expect(await q.weight.inputValue()).toBe("4");
    expect(await q.qualifies.inputValue()).toBe("yes");
    await page.setViewportSize(DESKTOP);
  });

  it("saves, and puts server errors on their fields, before JavaScript loads", async () => {
    // The app's JavaScript never arrives (blocked, a bad network): React does not hydrate and
    // the form is posted by the browser. (Disabling JavaScript altogether would also stop the
    // inline scripts that reveal streamed content, so the page would stay blank.)
    const context = await browser.newContext({
      baseURL: server.url,
      viewport: DESKTOP,
      storageState: await page.context().storageState(),
    });
    await context.route(/\/_next\/static\/.*\.js(\?|$)/, (route) => route.abort());
    const nojs = await context.newPage();
    nojs.setDefaultTimeout(120_000);
    const form = new CampaignFormPage(nojs);
    await nojs.goto(campaignUrl);
    expect(await nojs.locator("form:has(#name)").getAttribute("method")).toBe("POST");
    await form.name().fill("");
    await nojs.getByLabel("Speed").fill("3");
    await form.save();
    await nojs.getByText("Name is required").waitFor();
    await nojs.getByText("Speed must be between 0.5 and 2").waitFor();
    // The server's first error is focused on load; what was typed is still there.
    expect(await nojs.locator(":focus").getAttribute("id")).toBe("name");
    expect(await nojs.getByLabel("Speed").inputValue()).toBe("3");

    await form.name().fill("Kitchen remodel leads");
    await nojs.getByLabel("Speed").fill("1.1");
    await form.save();
    await nojs.getByTestId("save-status").getByText("Saved").waitFor();
    await nojs.goto(campaignUrl);
    expect(await nojs.getByLabel("Speed").inputValue()).toBe("1.1");
    await context.close();
  });
});
