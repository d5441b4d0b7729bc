// In Chromium, on a dev server over a scratch Postgres database: calls made with the
// factories show up in the conversations list (filters, keyset pages forwards and back) and
// on a call's page (timeline with a human agent and an interrupted reply, latency bars,
// totals, the lead's evidence linked to its lines); another owner's call is not found; an
// owner without calls gets the empty state. Screenshots at desktop and phone size.
import { mkdir } from "node:fs/promises";
import { type Kysely, sql } from "kysely";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectPostgres, type Database } from "@/lib/db/client";
import { migrateUp } from "@/lib/db/migrator";
import type { DB } from "@/lib/db/schema.gen";
import { withServiceRole } from "@/lib/db/scoped";
import { createScratchPostgres } from "../helpers/db";
import { createConversation, createLead, createTurn } from "../helpers/factories";
import { type NextServer, startNextDev } from "../helpers/next-server";
import { ConversationsPage } from "./pages/conversations-page";
import { CHROMIUM, DESKTOP, hasChromium, launchChromium, PHONE } from "./support/chromium";
import { Owner } from "./support/owner";

const OUT = "test-results/e2e/conversations";
if (process.env.CI && !hasChromium)
  throw new Error(`${CHROMIUM} is missing: apt-get install chromium`);

const HOUR = 3_600_000;
const ago = (hours: number) => new Date(Date.now() - hours * HOUR);

async function userId(db: Kysely<DB>, email: string) {
  const { rows } = await withServiceRole(
    "e2e finds the signed-up user",
    (trx) => sql<{ id: string }>`select id from auth.users where email = ${email}`.execute(trx),
    db,
  );
  return rows[0]!.id;
}

/** Keeps the dev server's own badge ("Rendering…", the N button) out of the screenshots. */
const hideDevBadge = (ctx: BrowserContext) =>
  ctx.addInitScript(() =>
    document.addEventListener("DOMContentLoaded", () => {
      const style = document.createElement("style");
      style.textContent = "nextjs-portal { display: none !important; }";
      document.head.append(style);
    }),
  );

/** A realistic call: greeting, answers, an interrupted reply, a human agent, a scored lead. */
async function richCall(db: Kysely<DB>, workspace: { id: string }, campaignId: string) {
  const call = await createConversation(db, workspace, campaignId, ago(0.5), {
    status: "ended",
    channel: "phone",
    caller_name: "Ann Lee",
    caller_phone: "+14155550123",
    duration_seconds: 154,
    turn_count: 8,
    end_reason: "completed",
    stt_cost_usd: "0.004100",
    llm_cost_usd: "0.006300",
    tts_cost_usd: "0.021500",
    total_cost_usd: "0.031900",
    phone_status: "completed",
    transfer_target: "+14155550100",
    summary:
      "Ann Lee wants a full kitchen remodel this month, budget around $40k. Qualified on 2 of 3 questions.",
  });
  const lines: [string, string, Record<string, unknown>][] = [
    [
      "agent",
      "Hi! Thanks for calling Acme Kitchens. What can we help you with?",
      { cost_usd: "0.002100" },
    ],
    [
      "caller",
      "We need a whole new kitchen, cabinets, counters, everything.",
      { stt_ms: 210, cost_usd: "0.000600" },
    ],
    [
      "agent",
      "That sounds like a great project. When would you like to start?",
      {
        llm_first_token_ms: 380,
        tts_first_byte_ms: 190,
        total_ms: 1120,
        first_audio_ms: 780,
        cost_usd: "0.003900",
      },
    ],
    [
      "caller",
      "As soon as possible, this month if you can.",
      { stt_ms: 160, cost_usd: "0.000500" },
    ],
    [
      "agent",
      "Perfect. And roughly what budget do you have in mind for the whole remodel, including appliances?",
      {
        llm_first_token_ms: 520,
        tts_first_byte_ms: 240,
        total_ms: 1480,
        interrupted: true,
        heard_text: "Perfect. And roughly what budget",
        heard_ms: 1900,
        cost_usd: "0.004600",
      },
    ],
    [
      "caller",
      "Around forty thousand. Can I talk to a person about financing?",
      { stt_ms: 240, cost_usd: "0.000700" },
    ],
    [
      "human_agent",
      "Hi Ann, this is Sam from Acme. We offer 0% financing for 12 months, I'll email the details.",
      {},
    ],
    [
      "agent",
      "Thanks Ann, we'll be in touch at ann.lee@example.com. Goodbye!",
      {
        llm_first_token_ms: 300,
        tts_first_byte_ms: 150,
        total_ms: 860,
        cost_usd: "0.003100",
        tool_calls: JSON.stringify([{ name: "end_call", arguments: { reason: "completed" } }]),
      },
    ],
  ];
  for (const [seq, [role, text, values]] of lines.entries())
    await createTurn(db, call, seq, { role, text, ...values });
  await createLead(db, call, {
    name: "Ann Lee",
    email: "ann.lee@example.com",
    phone: "+14155550123",
    qualification_score: "66.67",
    urgency_level: "high",
    fields: JSON.stringify({ budget: "$40k" }),
    evidence: JSON.stringify([
      {
        questionId: "need",
        question: "What do you need done?",
        weight: 5,
        answered: true,
        qualifies: true,
        verdict: "qualifies",
        points: 5,
        turnSeq: 1,
        quote: "We need a whole new kitchen",
      },
      {
        questionId: "timeline",
        question: "When would you like to start?",
        weight: 5,
        answered: true,
        qualifies: true,
        verdict: "qualifies",
        points: 5,
        turnSeq: 3,
        quote: "this month if you can",
      },
      {
        questionId: "budget",
        question: "What is your budget?",
        weight: 5,
        answered: true,
        qualifies: false,
        verdict: "unclear",
        points: 0,
        turnSeq: 5,
        quote: "Around forty thousand",
      },
    ]),
  });
  return call;
}

describe.skipIf(!hasChromium || !process.env.DATABASE_URL)(
  "conversations pages in Chromium",
  { timeout: 900_000 },
  () => {
    let scratch: Awaited<ReturnType<typeof createScratchPostgres>>;
    let database: Database;
    let server: NextServer;
    let browser: Browser;
    let context: BrowserContext;
    let page: Page;
    let conversations: ConversationsPage;
    let rich: { id: string };
    let strangersCall: { id: string };
    let emptyOwner: Owner;

    const signIn = async (ctx: BrowserContext, owner: Owner) =>
      ctx.addCookies(
        owner.cookie.split("; ").map((pair) => {
          const [name, ...value] = pair.split("=");
          return { name: name!, value: value.join("="), url: server.url };
        }),
      );

    beforeAll(async () => {
      scratch = await createScratchPostgres();
      database = connectPostgres(scratch.url);
      await migrateUp(database.db);
      const db = database.db;
      [server, browser] = await Promise.all([
        startNextDev({ DATABASE_URL: scratch.url }),
        launchChromium(),
      ]);
      await mkdir(OUT, { recursive: true });
      // Owners sign up through the app; their calls are written with the factories.
      const owner = await Owner.signUp(server.url, "conv-owner@example.com");
      const stranger = await Owner.signUp(server.url, "conv-stranger@example.com");
      emptyOwner = await Owner.signUp(server.url, "conv-empty@example.com");
      const me = { id: await userId(db, "conv-owner@example.com") };
      const kitchen = await owner.campaign("Kitchen remodel leads", "active");
      const roof = await owner.campaign("Roof repair hotline", "active");
      for (let i = 0; i < 30; i++) {
        const call = await createConversation(
          db,
          me,
          i % 3 ? kitchen.id : roof.id,
          ago(2 + i * 11),
          {
            status: i % 7 === 3 ? "failed" : "ended",
            channel: i % 2 ? "web" : "phone",
            is_test: i === 4,
            caller_name: i % 2 ? null : ["Bo Park", "Cy Diaz", "Di Moss", "Ed Wu"][i % 4],
            caller_phone: i % 2 ? null : `+1415555${String(1000 + i).padStart(4, "0")}`,
            duration_seconds: 40 + ((i * 37) % 200),
            turn_count: 4 + (i % 9),
            total_cost_usd: (0.008 + ((i * 13) % 40) / 1000).toFixed(6),
          },
        );
        if (i % 3 !== 2)
          await createLead(db, call, { qualification_score: String((i * 29) % 100), name: null });
      }
      rich = await richCall(db, me, kitchen.id);
      const theirs = await stranger.campaign("Stranger's campaign", "active");
      strangersCall = await createConversation(
        db,
        { id: await userId(db, "conv-stranger@example.com") },
        theirs.id,
        ago(1),
      );
      context = await browser.newContext({ baseURL: server.url, viewport: DESKTOP });
      await signIn(context, owner);
      await hideDevBadge(context);
      page = await context.newPage();
      page.setDefaultTimeout(300_000); // the dev server compiles each page on first visit
      conversations = new ConversationsPage(page);
    }, 900_000);

    afterAll(async () => {
      await browser?.close();
      await server?.stop();
      await database?.close();
      await scratch?.drop();
    });

    it("lists the calls newest first and pages forwards and back by cursor", async () => {
      await conversations.open();
      await expect.poll(() => conversations.rows().count()).toBe(25);
      await expect(conversations.rows().first().textContent()).resolves.toContain("Ann Lee");
      await page.screenshot({ path: `${OUT}/list-desktop.png`, fullPage: true });
      const firstPage = await conversations.rows().allTextContents();
      await conversations.nextPage();
      await expect.poll(() => conversations.rows().count()).toBe(6);
      const secondPage = await conversations.rows().allTextContents();
      expect(secondPage.some((r) => firstPage.includes(r))).toBe(false);
      await expect(page.getByRole("link", { name: "Next page" }).count()).resolves.toBe(0);
      await conversations.newer();
      await expect.poll(() => conversations.rows().allTextContents()).toEqual(firstPage);
    });

    it("filters by channel and campaign with a GET form", async () => {
      await conversations.open();
      await conversations.filter({ channel: "Phone", campaign: "Roof repair hotline" });
      expect(page.url()).toContain("channel=phone");
      // The URL changes before the filtered list has rendered (the loading state shows first).
      await expect.poll(() => conversations.rows().count()).toBe(5);
      const rows = await conversations.rows().allTextContents();
      for (const r of rows) expect(r).toMatch(/Roof repair hotline.*Phone/);
      await conversations.filter({ status: "Failed" });
      await expect.poll(() => conversations.rows().count()).toBeLessThan(rows.length);
    });

    it("fits a phone", async () => {
      await page.setViewportSize(PHONE);
      await conversations.open();
      await expect.poll(() => conversations.rows().count()).toBe(25);
      await page.screenshot({ path: `${OUT}/list-phone.png`, fullPage: true });
      await conversations.openCall(rich.id);
      await page.screenshot({ path: `${OUT}/detail-phone.png`, fullPage: true });
      await page.setViewportSize(DESKTOP);
    });

    it("shows a call: timeline, latency, totals and evidence linked to its lines", async () => {
      await conversations.openCall(rich.id);
      await expect(page.getByRole("heading", { name: "Ann Lee" }).count()).resolves.toBe(1);
      expect(await conversations.transcriptLine(6).getAttribute("data-role")).toBe("human_agent");
      await expect(conversations.transcriptLine(6).textContent()).resolves.toContain("Human agent");
      const cut = await conversations.transcriptLine(4).textContent();
      expect(cut).toContain("Interrupted");
      expect(cut).toContain("HeardPerfect. And roughly what budget");
      expect(await page.getByTestId("latency-bar").count()).toBe(3);
      await expect(page.getByTestId("call-totals").textContent()).resolves.toMatch(
        /2:34.*8.*\$0\.0319/,
      );
      expect(await page.getByText("+1 ••• ••• 0123").count()).toBeGreaterThan(0);
      await page.screenshot({ path: `${OUT}/detail-desktop.png`, fullPage: true });
      const links = conversations.evidenceLinks();
      expect(await links.count()).toBe(3);
      await links.nth(1).click();
      await page.waitForURL(/#turn-3$/);
      await page.screenshot({ path: `${OUT}/detail-evidence-target.png` });
    });

    it("does not show another owner's call", async () => {
      await page.goto(`/conversations/${strangersCall.id}`);
      await page.getByText("Conversation not found").waitFor();
    });

    it("greets an owner with no calls with a hint to share the call link", async () => {
      const fresh = await browser.newContext({ baseURL: server.url, viewport: PHONE });
      await signIn(fresh, emptyOwner);
      await hideDevBadge(fresh);
      const p = await fresh.newPage();
      p.setDefaultTimeout(300_000);
      await p.goto("/conversations");
      await p.getByText("No calls yet").waitFor();
      await p.screenshot({ path: `${OUT}/empty-phone.png`, fullPage: true });
      await fresh.close();
    });
  },
);
