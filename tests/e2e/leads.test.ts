// In Chromium, on a fresh embedded-default server: three callers make calls on a campaign's
// link (over the call API, as the call page does), their analysed leads show on the Leads
// page; the owner searches, opens a lead, moves it to contacted, assigns it, filters by
// status and downloads the CSV of that filter. Screenshots at desktop and phone sizes.
import { mkdir, readFile } from "node:fs/promises";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type NextServer, startNextDev } from "../helpers/next-server";
import { LeadsPage } from "./pages/leads-page";
import { CHROMIUM, DESKTOP, hasChromium, launchChromium, PHONE } from "./support/chromium";
import { Owner } from "./support/owner";

const OUT = "test-results/e2e/leads";
if (process.env.CI && !hasChromium)
  throw new Error(`${CHROMIUM} is missing: apt-get install chromium`);

const CALLERS = [
  { name: "Ada Lovelace", email: "ada@example.com", phone: "+44 20 7946 0001" },
  { name: "Grace Hopper", email: "grace@navy.example", phone: "+1 202 555 0142" },
  { name: "Katherine Johnson", email: "kj@nasa.example", phone: "+1 757 555 0199" },
];

/** One call on the campaign's public link, over the call API: start, two turns, end. */
async function makeCall(base: string, slug: string, caller: (typeof CALLERS)[number]) {
  const post = (path: string, body: unknown, token?: string) =>
    fetch(`${base}${path}`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        origin: base,
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify(body),
    });
  const started = await post("/api/calls", { campaignSlug: slug, caller });
  if (started.status !== 201) throw new Error(`start: ${started.status} ${await started.text()}`);
  const { conversationId, callToken } = (await started.json()) as {
    conversationId: string;
    callToken: string;
  };
  for (const text of [
    `Hi, this is ${caller.name}. We want to remodel our kitchen this month.`,
    "Our budget is about forty thousand dollars and I own the house.",
  ]) {
    const turn = await post("/api/voice/turn", { text }, callToken);
    if (!turn.ok) throw new Error(`turn: ${turn.status} ${await turn.text()}`);
    await turn.text();
  }
  const ended = await post(`/api/calls/${conversationId}/end`, {}, callToken);
  if (!ended.ok) throw new Error(`end: ${ended.status} ${await ended.text()}`);
  return conversationId;
}

describe.skipIf(!hasChromium)("leads in Chromium", { timeout: 900_000 }, () => {
  let server: NextServer;
  let browser: Browser;
  let page: Page;
  let leads: LeadsPage;
  let owner: Owner;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startNextDev(), launchChromium()]);
    await mkdir(OUT, { recursive: true });
    owner = await Owner.signUp(server.url, "leads-owner@example.com");
    const { slug } = await owner.campaign("Kitchen remodel", "active");
    const ids: string[] = [];
    for (const caller of CALLERS) ids.push(await makeCall(server.url, slug, caller));
    // Each call's analysis (its lead) is a job that runs after the end is answered.
    for (const id of ids) {
      // expect.poll only works inside a test: a plain wait, bounded.
      for (let i = 0; (await owner.conversation(id)).lead === null; i++) {
        if (i >= 240) throw new Error(`no lead for conversation ${id}`);
        await new Promise((r) => setTimeout(r, 500));
      }
    }
    const context = await browser.newContext({
      baseURL: server.url,
      viewport: DESKTOP,
      acceptDownloads: true,
    });
    await context.addCookies(
      owner.cookie.split("; ").map((pair) => {
        const [name, ...value] = pair.split("=");
        return { name: name!, value: value.join("="), url: server.url };
      }),
    );
    page = await context.newPage();
    page.setDefaultTimeout(300_000); // the dev server compiles each page on first visit
    leads = new LeadsPage(page);
  }, 900_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("lists the analysed leads, and a search narrows them", async () => {
    await leads.open();
    await expect.poll(() => leads.rows().count()).toBe(3);
    for (const c of CALLERS) await leads.rows().filter({ hasText: c.name }).waitFor();
    await page.screenshot({ path: `${OUT}/leads-desktop.png`, fullPage: true });
    await leads.search("grace h");
    await expect.poll(() => leads.rows().count()).toBe(1);
    await leads.rows().filter({ hasText: "Grace Hopper" }).waitFor();
  });

  it("moves a lead to contacted, assigns it, and the status filter finds it", async () => {
    await leads.open();
    await leads.openLead("Ada Lovelace");
    await leads.changeStatus("Mark contacted", "Contacted");
    await page.getByTestId("lead-status").first().filter({ hasText: "Contacted" }).waitFor();
    // An address outside the workspace is refused on the field; the owner's own is not.
    await leads.assign("stranger@example.com");
    await page.getByText("Not a member of this workspace").waitFor();
    await leads.assign("leads-owner@example.com");
    await page.getByRole("status").getByText("Saved.").waitFor();
    await page.screenshot({ path: `${OUT}/lead-detail-desktop.png`, fullPage: true });
    await page.setViewportSize(PHONE);
    await page.screenshot({ path: `${OUT}/lead-detail-phone.png`, fullPage: true });
    await page.setViewportSize(DESKTOP);

    await leads.open();
    await leads.filterStatus("Contacted");
    await expect.poll(() => leads.rows().count()).toBe(1);
    const row = leads.rows().first();
    await row.getByText("Ada Lovelace").waitFor();
    await row.getByText("leads-owner@example.com").waitFor();
  });

  it("downloads the CSV of the current filter", async () => {
    await leads.open("?status=contacted");
    const download = await leads.exportCsv();
    expect(download.suggestedFilename()).toMatch(/^leads-\d{4}-\d\d-\d\d\.csv$/);
    const bytes = await readFile((await download.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString("utf8").trimEnd().split("\r\n");
    expect(lines[0]).toMatch(/^Name,Email,Phone,Company,Campaign,Score,/);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^Ada Lovelace,/);
    expect(lines[1]).toContain("Contacted,leads-owner@example.com");

    await leads.open();
    await leads.exportCsv().then(async (all) => {
      const text = (await readFile((await all.path())!)).toString("utf8");
      expect(text.trimEnd().split("\r\n")).toHaveLength(4);
    });
  });

  it("lays the list out as cards on a phone", async () => {
    await page.setViewportSize(PHONE);
    await leads.open();
    await expect.poll(() => leads.cards().count()).toBe(3);
    expect(await page.getByTestId("lead-table").isVisible()).toBe(false);
    await page.screenshot({ path: `${OUT}/leads-phone.png`, fullPage: true });
    await page.setViewportSize(DESKTOP);
  });
});
