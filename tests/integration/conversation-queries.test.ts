// The conversations list and detail query modules, on PGlite and Postgres: filters, keyset
// pages that neither overlap nor skip (ties on started_at and microsecond timestamps
// included), a bad cursor refused, typed values, and isolation: another workspace's member
// sees nothing.
import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import * as conversationRoute from "@/app/api/conversations/[id]/route";
import { encodeCursor, parseCursor, parseTimeCursor } from "@/lib/db/cursor";
import { getConversationDetail } from "@/lib/db/queries/conversation-detail";
import { type ListConversationsInput, listConversations } from "@/lib/db/queries/conversation-list";
import { withServiceRole, withUser } from "@/lib/db/scoped";
import { AppError } from "@/lib/errors";
import { describeEachDatabase } from "../helpers/db";
import {
  createCampaignFor,
  createConversation,
  createLead,
  createTurn,
  createUser,
  type TestUser,
} from "../helpers/factories";
import { call } from "../helpers/http";

const DAY = 86_400_000;
const NOW = Date.now();
const ago = (days: number) => new Date(NOW - days * DAY);
const window = { from: ago(30), to: new Date(NOW + DAY) };

describe("cursor codec", () => {
  it("round-trips and refuses what it did not make", () => {
    const id = "6f1c3c0e-7d1e-4a53-9a53-0d7b8d2e1a10";
    const token = encodeCursor("2026-11-30T10:00:00.123456Z", id);
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(parseCursor(token)).toEqual(["2026-11-30T10:00:00.123456Z", id]);
    expect(parseTimeCursor(token)).toEqual(["2026-11-30T10:00:00.123456Z", id]);
    expect(parseCursor(encodeCursor(42.5, id))).toEqual([42.5, id]);
    for (const bad of [
      "",
      "not a cursor!",
      Buffer.from("[1]").toString("base64url"),
      Buffer.from('["x","not-a-uuid"]').toString("base64url"),
      Buffer.from("{").toString("base64url"),
      "A".repeat(300),
    ])
      expect(parseCursor(bad)).toBeNull();
    expect(parseTimeCursor(encodeCursor(42, id))).toBeNull();
    expect(parseTimeCursor(encodeCursor("yesterday", id))).toBeNull();
  });
});

describeEachDatabase("conversation queries", ({ db }) => {
  let owner: TestUser;
  let stranger: TestUser;
  let kitchen: { id: string };
  let roofing: { id: string };
  /** Every call in the window, newest first, as the list orders them. */
  let expected: { id: string; startedAt: Date }[];
  let rich: { id: string; workspace_id: string; campaign_id: string; started_at: Date };

  const list = (who: TestUser, input: Partial<ListConversationsInput> = {}) =>
    withUser(who.claims, (trx) =>
      listConversations(trx, { workspaceId: owner.id, ...window, limit: 50, ...input }),
    );

  beforeAll(async () => {
    [owner, stranger] = await Promise.all([createUser(db()), createUser(db())]);
    kitchen = await createCampaignFor(owner, { name: "Kitchen remodel" });
    roofing = await createCampaignFor(owner, { name: "Roof repair" });
    const rows: { id: string; started_at: Date }[] = [];
    for (let i = 0; i < 9; i++) {
      rows.push(
        await createConversation(db(), owner, i % 3 === 0 ? roofing.id : kitchen.id, ago(i + 1), {
          status: i % 4 === 0 ? "failed" : "ended",
          channel: i % 2 === 0 ? "phone" : "web",
        }),
      );
    }
    // Three calls in the same microsecond: the id breaks the tie.
    const tie = new Date(ago(12).getTime());
    for (let i = 0; i < 3; i++) rows.push(await createConversation(db(), owner, kitchen.id, tie));
    // Two calls microseconds apart (a JS Date would round them together).
    await withServiceRole(
      "tests create calls microseconds apart",
      (trx) =>
        sql`insert into public.conversations (workspace_id, campaign_id, started_at)
          select ${owner.id}::uuid, ${kitchen.id}::uuid,
            ${ago(14).toISOString()}::timestamptz + make_interval(secs => n / 1000000.0)
          from generate_series(1, 2) as n`.execute(trx),
      db(),
    );
    // Outside the default window.
    await createConversation(db(), owner, kitchen.id, ago(45));
    rich = await createConversation(db(), owner, kitchen.id, ago(0.5), {
      status: "ended",
      channel: "phone",
      is_test: true,
      caller_phone: "+14155550123",
      duration_seconds: 95,
      turn_count: 3,
      stt_cost_usd: "0.001500",
      llm_cost_usd: "0.002250",
      tts_cost_usd: "0.010000",
      total_cost_usd: "0.013750",
      summary: "Ann wants a new kitchen this month.",
      transfer_target: "+14155550100",
    });
    await createTurn(db(), rich, 0, { role: "agent", text: "Hi! What do you need?" });
    await createTurn(db(), rich, 1, {
      role: "caller",
      text: "A new kitchen, this month.",
      stt_seconds: "1.250",
      cost_usd: "0.000300",
      stt_ms: 120,
    });
    await createTurn(db(), rich, 2, {
      role: "agent",
      text: "Great, and what is your name and budget?",
      heard_text: "Great, and what",
      interrupted: true,
      llm_first_token_ms: 300,
      tts_first_byte_ms: 150,
      total_ms: 900,
      cost_usd: "0.004100",
      tool_calls: JSON.stringify([
        { name: "update_lead", arguments: { name: "Ann" } },
        { bogus: true },
      ]),
    });
    await createLead(db(), rich, {
      qualification_score: "82.50",
      urgency_level: "high",
      fields: JSON.stringify({ budget: "20k" }),
      evidence: JSON.stringify([
        {
          questionId: "need",
          question: "What do you need?",
          weight: 50,
          answered: true,
          qualifies: true,
          verdict: "qualifies",
          points: 50,
          turnSeq: 1,
          quote: "A new kitchen",
        },
        { questionId: "broken" },
      ]),
    });
    const all = await withServiceRole(
      "tests read the expected order",
      (trx) =>
        trx
          .selectFrom("conversations")
          .select(["id", "started_at"])
          .where("workspace_id", "=", owner.id)
          .where("started_at", ">=", window.from)
          .orderBy("started_at", "desc")
          .orderBy("id", "desc")
          .execute(),
      db(),
    );
    expected = all.map((r) => ({ id: r.id, startedAt: r.started_at }));
    expect(expected).toHaveLength(15);
  });

  it("lists the window newest first with typed values", async () => {
    const page = await list(owner);
    expect(page.items.map((i) => i.id)).toEqual(expected.map((e) => e.id));
    expect(page.nextCursor).toBeNull();
    expect(page.prevCursor).toBeNull();
    const first = page.items[0]!;
    expect(first).toMatchObject({
      id: rich.id,
      campaignName: "Kitchen remodel",
      channel: "phone",
      isTest: true,
      durationSeconds: 95,
      turnCount: 3,
      totalCostUsd: 0.01375,
      leadScore: 82.5,
      leadStatus: "new",
    });
    expect(first.startedAt).toBeInstanceOf(Date);
    expect(page.items[1]!.leadScore).toBeNull();
  });

  it("filters by campaign, status, channel and date range", async () => {
    const byCampaign = await list(owner, { campaignId: roofing.id });
    expect(byCampaign.items).toHaveLength(3);
    expect(byCampaign.items.every((i) => i.campaignId === roofing.id)).toBe(true);
    const failed = await list(owner, { status: "failed" });
    expect(failed.items.map((i) => i.status)).toEqual(["failed", "failed", "failed"]);
    const phone = await list(owner, { channel: "phone" });
    expect(phone.items).toHaveLength(6);
    expect(phone.items.every((i) => i.channel === "phone")).toBe(true);
    const both = await list(owner, { channel: "phone", status: "failed", campaignId: kitchen.id });
    expect(both.items).toHaveLength(2);
    const range = await list(owner, { from: ago(5.5), to: ago(2.5) });
    expect(range.items).toHaveLength(3);
    const older = await list(owner, { from: ago(60), to: ago(30) });
    expect(older.items).toHaveLength(1);
  });

  it("pages with a cursor: no overlap, no gap, and back again", async () => {
    const seen: string[] = [];
    const pages: { ids: string[]; prev: string | null; next: string | null }[] = [];
    let cursor: string | null = null;
    do {
      const page = await list(owner, { limit: 4, cursor });
      pages.push({
        ids: page.items.map((i) => i.id),
        prev: page.prevCursor,
        next: page.nextCursor,
      });
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(expected.map((e) => e.id));
    expect(pages).toHaveLength(4);
    expect(pages[0]!.prev).toBeNull();
    expect(pages.at(-1)!.next).toBeNull();
    // "Newer" from each page returns exactly the page before it.
    for (let i = 1; i < pages.length; i++) {
      const back = await list(owner, { limit: 4, cursor: pages[i]!.prev, direction: "newer" });
      expect(back.items.map((x) => x.id)).toEqual(pages[i - 1]!.ids);
      expect(back.prevCursor === null).toBe(i === 1);
      expect(back.nextCursor).not.toBeNull();
    }
  });

  it("refuses a cursor it did not make, and an empty range", async () => {
    await expect(list(owner, { cursor: "garbage" })).rejects.toMatchObject({
      status: 400,
      code: "invalid_input",
    });
    await expect(list(owner, { cursor: encodeCursor(5, rich.id) })).rejects.toBeInstanceOf(
      AppError,
    );
    await expect(list(owner, { from: ago(1), to: ago(2) })).rejects.toMatchObject({
      status: 400,
    });
  });

  it("reads a detail with typed values, parsed JSON and the campaign name", async () => {
    const detail = await withUser(owner.claims, (trx) => getConversationDetail(trx, rich.id));
    expect(detail).not.toBeNull();
    const { conversation, turns, lead } = detail!;
    expect(conversation).toMatchObject({
      campaign_name: "Kitchen remodel",
      stt_cost_usd: 0.0015,
      llm_cost_usd: 0.00225,
      tts_cost_usd: 0.01,
      total_cost_usd: 0.01375,
      is_test: true,
      transfer_target: "+14155550100",
    });
    expect(conversation.started_at).toBeInstanceOf(Date);
    expect(turns.map((t) => [t.seq, t.role])).toEqual([
      [0, "agent"],
      [1, "caller"],
      [2, "agent"],
    ]);
    expect(turns[1]).toMatchObject({ stt_seconds: 1.25, cost_usd: 0.0003 });
    expect(turns[2]).toMatchObject({ interrupted: true, heard_text: "Great, and what" });
    expect(turns[2]!.tool_calls).toEqual([{ name: "update_lead", arguments: { name: "Ann" } }]);
    expect(turns[0]!.tool_calls).toBeNull();
    expect(lead).toMatchObject({
      qualification_score: 82.5,
      urgency_level: "high",
      fields: { budget: "20k" },
    });
    // The malformed evidence item is dropped; the valid one is kept.
    expect(lead!.evidence).toEqual([expect.objectContaining({ questionId: "need", turnSeq: 1 })]);
  });

  it("shows another workspace's member nothing", async () => {
    const page = await list(stranger);
    expect(page.items).toEqual([]);
    const mine = await withUser(stranger.claims, (trx) =>
      listConversations(trx, { workspaceId: stranger.id, ...window, limit: 50 }),
    );
    expect(mine.items).toEqual([]);
    expect(
      await withUser(stranger.claims, (trx) => getConversationDetail(trx, rich.id)),
    ).toBeNull();
    const res = await call(conversationRoute.GET, `/api/conversations/${rich.id}`, {
      cookie: stranger.cookie,
      params: { id: rich.id },
    });
    expect(res.status).toBe(404);
    const own = await call(conversationRoute.GET, `/api/conversations/${rich.id}`, {
      cookie: owner.cookie,
      params: { id: rich.id },
    });
    expect(own.status).toBe(200);
    expect(own.body.conversation.total_cost_usd).toBe(0.01375);
    expect(own.body.lead.qualification_score).toBe(82.5);
    expect(own.body.turns[2].tool_calls).toEqual([
      { name: "update_lead", arguments: { name: "Ann" } },
    ]);
  });
});
