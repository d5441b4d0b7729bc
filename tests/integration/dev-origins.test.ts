// In Chromium, against `next dev` opened as http://127.0.0.1:<port> (not localhost), as a new
// user would: the page's JavaScript runs (allowedDevOrigins), sign-up and sign-out work
// through the same-origin check, and a form submitted without JavaScript posts: the
// password never lands in a URL.
import type { Browser, Request } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasChromium, launchChromium } from "../e2e/support/chromium";
import { type NextServer, startNextDev } from "../helpers/next-server";

const PASSWORD = "a long enough password";

describe.skipIf(!hasChromium)("the dev server opened as 127.0.0.1", { timeout: 240_000 }, () => {
  let server: NextServer;
  let browser: Browser;
  let origin = "";

  beforeAll(async () => {
    [server, browser] = await Promise.all([startNextDev(), launchChromium()]);
    origin = server.url.replace("//localhost:", "//127.0.0.1:");
  }, 300_000); // next dev's first compile is slow on a busy machine

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("runs the page's JavaScript: signs up, lands on campaigns, signs out", async () => {
    const page = await browser.newPage();
    page.setDefaultTimeout(90_000); // the dev server compiles each page on first visit
    const requests: Request[] = [];
    page.on("request", (r) => requests.push(r));
    await page.goto(`${origin}/sign-up`);
    await page.getByLabel("Email").fill("dev-origin@example.com");
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Create account" }).click();
    await page.waitForURL(`${origin}/campaigns`);
    await page.getByText("No campaigns yet").waitFor();

    const signUp = requests.find((r) => r.url().endsWith("/api/auth/sign-up"))!;
    expect(signUp.method()).toBe("POST");
    expect(await signUp.headerValue("origin")).toBe(origin);
    expect(requests.every((r) => !r.url().includes(encodeURIComponent(PASSWORD)))).toBe(true);

    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(`${origin}/sign-in`);
    const out = requests.find((r) => r.url().endsWith("/api/auth/sign-out"))!;
    expect((await out.response())?.status()).toBe(200);
    await page.goto(`${origin}/campaigns`);
    await page.waitForURL(/\/sign-in/);
    await page.close();
  });

  it("posts the sign-in form when JavaScript is off, never a GET with the password", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    page.setDefaultTimeout(90_000);
    await page.goto(`${origin}/sign-in`);
    await page.getByLabel("Email").fill("dev-origin@example.com");
    await page.getByLabel("Password").fill(PASSWORD);
    const [submitted] = await Promise.all([
      page.waitForRequest((r) => r.isNavigationRequest() && r.frame() === page.mainFrame()),
      page.getByRole("button", { name: "Sign in" }).click(),
    ]);
    expect(submitted.method()).toBe("POST");
    expect(submitted.url()).not.toContain("password");
    expect(submitted.url()).not.toContain(encodeURIComponent(PASSWORD));
    await context.close();
  });
});
