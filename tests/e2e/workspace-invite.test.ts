// In Chromium, on a fresh embedded-default server (local auth: the inviter copies the link):
// the owner invites a viewer from the Members page; the viewer signs up through the link,
// accepts, lands in the owner's workspace, sees its campaigns with no edit controls, and the
// server refuses a direct change too. Screenshots of the Members page and the switcher.
import { mkdir } from "node:fs/promises";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultCampaignInput } from "@/lib/validations/campaign";
import { type NextServer, startNextDev } from "../helpers/next-server";
import { CHROMIUM, DESKTOP, hasChromium, launchChromium, PHONE } from "./support/chromium";

const OUT = "test-results/e2e";
const PASSWORD = "a long enough password";
if (process.env.CI && !hasChromium)
  throw new Error(`${CHROMIUM} is missing: apt-get install chromium`);

/** The Members page, as the owner drives it. */
class MembersPage {
  constructor(private readonly page: Page) {}

  async open() {
    await this.page.goto("/members");
    await this.page.getByRole("heading", { name: "Members" }).waitFor();
  }

  async invite(email: string, role: "Admin" | "Member" | "Viewer") {
    await this.page.getByLabel("Email").fill(email);
    await this.page.getByLabel("Role", { exact: true }).selectOption({ label: role });
    await this.page.getByRole("button", { name: "Send invite" }).click();
    const link = this.page.getByTestId("invite-link");
    await link.waitFor();
    return link.inputValue();
  }
}

async function signUpAt(page: Page, email: string) {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
}

describe.skipIf(!hasChromium)("workspace invitation in Chromium", { timeout: 600_000 }, () => {
  let server: NextServer;
  let browser: Browser;
  let ownerContext: BrowserContext;
  let viewerContext: BrowserContext;
  let owner: Page;
  let viewer: Page;
  let inviteUrl: string;
  let campaignId: string;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startNextDev(), launchChromium()]);
    ownerContext = await browser.newContext({ baseURL: server.url, viewport: DESKTOP });
    viewerContext = await browser.newContext({ baseURL: server.url, viewport: DESKTOP });
    owner = await ownerContext.newPage();
    viewer = await viewerContext.newPage();
    owner.setDefaultTimeout(180_000); // next dev compiles each page on its first visit
    viewer.setDefaultTimeout(180_000);
    await mkdir(OUT, { recursive: true });
  }, 420_000); // next dev's first compile is slow on a loaded machine

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("the owner signs up, has a campaign, and invites a viewer from the Members page", async () => {
    await owner.goto("/sign-up");
    await signUpAt(owner, "owner@example.com");
    await owner.waitForURL("**/campaigns");
    const created = await owner.request.post("/api/campaigns", {
      data: { ...defaultCampaignInput(), name: "Spring roofing leads" },
      headers: { origin: server.url },
      timeout: 240_000,
    });
    expect(created.status()).toBe(201);
    campaignId = (await created.json()).campaign.id;

    const members = new MembersPage(owner);
    await members.open();
    inviteUrl = await members.invite("viewer@example.com", "Viewer");
    expect(inviteUrl).toMatch(new RegExp(`^${server.url}/invite/[A-Za-z0-9_-]{43}$`));
    await owner.getByTestId("invitation-list").getByText("viewer@example.com").waitFor();
    await owner.screenshot({ path: `${OUT}/members-desktop.png`, fullPage: true });
    await owner.setViewportSize(PHONE);
    await owner.screenshot({ path: `${OUT}/members-phone.png`, fullPage: true });
    await owner.setViewportSize(DESKTOP);
  });

  it("the viewer opens the link signed out, signs up through it and comes back to accept", async () => {
    await viewer.goto(inviteUrl);
    await viewer
      .getByRole("heading", { name: "Join owner@example.com's workspace on Voxline" })
      .waitFor();
    await viewer.getByText("invited viewer@example.com as viewer").waitFor();
    await viewer.screenshot({ path: `${OUT}/invite-signed-out.png`, fullPage: true });
    await viewer.getByRole("link", { name: "Create an account" }).click();
    await viewer.waitForURL("**/sign-up?next=*");
    await signUpAt(viewer, "viewer@example.com");
    await viewer.waitForURL(inviteUrl);
    await viewer.getByRole("button", { name: /Accept and join/ }).click();
    await viewer.waitForURL("**/campaigns");
  });

  it("the viewer sees the owner's campaigns, with no edit controls", async () => {
    await viewer.getByText("Spring roofing leads").waitFor();
    expect(await viewer.getByRole("link", { name: "New campaign" }).count()).toBe(0);
    await viewer.screenshot({ path: `${OUT}/viewer-campaigns.png`, fullPage: true });
    await viewer.getByText("Spring roofing leads").click();
    await viewer.waitForURL(`**/campaigns/${campaignId}`);
    await viewer.getByRole("heading", { name: "Spring roofing leads" }).waitFor();
    await viewer.getByTestId("read-only-notice").waitFor();
    for (const name of ["Activate", "Archive", "Save changes", "Delete"]) {
      expect(await viewer.getByRole("button", { name }).count(), name).toBe(0);
    }
    expect(await viewer.locator("main form input, main form textarea").count()).toBe(0);
  });

  it("the server refuses the viewer's direct changes", async () => {
    // Long timeouts: next dev compiles each route on its first request.
    const headers = { origin: server.url };
    const timeout = 240_000;
    const status = await viewer.request.post(`/api/campaigns/${campaignId}/status`, {
      data: { status: "active" },
      headers,
      timeout,
    });
    expect([403, 404]).toContain(status.status());
    const edit = await viewer.request.patch(`/api/campaigns/${campaignId}`, {
      data: { ...defaultCampaignInput(), name: "Hijacked" },
      headers,
      timeout,
    });
    expect([403, 404]).toContain(edit.status());
    const create = await viewer.request.post("/api/campaigns", {
      data: { ...defaultCampaignInput(), name: "Viewer's own" },
      headers,
      timeout,
    });
    expect(create.status()).not.toBe(201);
    const after = await owner.request.get(`/api/campaigns/${campaignId}`, { timeout });
    expect((await after.json()).campaign).toMatchObject({
      name: "Spring roofing leads",
      status: "draft",
    });
  });

  it("the viewer's Members page lists the team read-only; the switcher shows both workspaces", async () => {
    await viewer.goto("/members");
    await viewer.getByTestId("member-list").getByText("owner@example.com").waitFor();
    await viewer.getByText("Who can work in owner@example.com's workspace").waitFor();
    expect(await viewer.getByRole("button", { name: "Send invite" }).count()).toBe(0);
    expect(await viewer.getByRole("button", { name: "Remove" }).count()).toBe(0);
    expect(await viewer.getByRole("combobox").count()).toBe(0);
    await viewer.screenshot({ path: `${OUT}/members-viewer.png`, fullPage: true });

    // Two workspaces now: the viewer's own personal one and the owner's they joined.
    const switcher = viewer.getByTestId("workspace-switcher");
    expect(await switcher.locator('input[name="workspaceId"]').count()).toBe(2);
    await switcher.evaluate((menu) => menu.setAttribute("open", ""));
    await switcher.getByText("Workspaces").waitFor();
    await viewer.screenshot({
      path: `${OUT}/switcher.png`,
      clip: { x: 0, y: 0, width: 1280, height: 360 },
    });
    await viewer.setViewportSize(PHONE);
    await viewer.screenshot({ path: `${OUT}/switcher-phone.png` });
    await switcher.evaluate((menu) => menu.removeAttribute("open"));
    await viewer.screenshot({ path: `${OUT}/members-viewer-phone.png`, fullPage: true });
  });
});
