// Twilio's status callbacks and the monitoring views, on each database. A call moves through
// ringing and in-progress (never back), and ends once: completed runs the post-call analysis;
// busy, failed, no-answer and canceled (the call never connected, nobody spoke) end it with
// that status and Twilio's duration, without one. The views phone_call_stats (its success
// rate) and phone_recent_errors show a workspace its own calls, and another workspace nothing.
import { afterAll, beforeAll, beforeEach, expect, it, vi } from "vitest";
import { withUser } from "@/lib/db/scoped";
import { settleBackground } from "@/lib/jobs/background";
import { describeEachDatabase } from "../helpers/db";
import { createUser, type TestUser } from "../helpers/factories";
import { resetToEmbedded, standInAgent, useProviders } from "../helpers/providers";
import { phoneCampaign, startTelephonyRig, type TelephonyRig } from "../helpers/telephony";
import { startOpenAiStandIn } from "../stand-ins/openai";

// Each answered call synthesises its greeting; on a loaded machine that takes a while.
vi.setConfig({ testTimeout: 120_000 });

describeEachDatabase("telephony: status callbacks and monitoring", ({ db }) => {
  let rig: TelephonyRig;
  let owner: TestUser;
  let stranger: TestUser;
  let openai: Awaited<ReturnType<typeof startOpenAiStandIn>>;

  const conversationOf = async (callSid: string) =>
    (await db()
      .selectFrom("conversations")
      .select(["id", "status", "phone_status", "end_reason", "duration_seconds", "ended_at"])
      .where("call_sid", "=", callSid)
      .executeTakeFirst())!;
  const jobsOf = (conversationId: string) =>
    db()
      .selectFrom("jobs")
      .select(["kind", "status"])
      .where("conversation_id", "=", conversationId)
      .execute();

  beforeAll(async () => {
    openai = await startOpenAiStandIn({ reply: standInAgent });
    resetToEmbedded();
    rig = await startTelephonyRig();
    owner = await createUser(db());
    stranger = await createUser(db());
  });
  beforeEach(() => {
    resetToEmbedded();
    openai.faults.clear();
  });
  afterAll(async () => {
    resetToEmbedded();
    await rig?.stop();
    await openai?.close();
  });

  it("keeps a ringing or in-progress call active, and a late ringing never moves it back", async () => {
    const { number } = await phoneCampaign(owner);
    const call = rig.twilio.call("+14155550160", number);
    await call.incoming();
    const { id } = await conversationOf(call.sid);
    const active = { status: "active", end_reason: null, duration_seconds: null, ended_at: null };

    expect((await call.status("ringing")).status).toBe(200);
    expect(await conversationOf(call.sid)).toMatchObject({ ...active, phone_status: "ringing" });
    await call.status("in-progress");
    expect(await conversationOf(call.sid)).toMatchObject({
      ...active,
      phone_status: "in-progress",
    });
    await call.status("ringing"); // Twilio's callbacks may arrive out of order
    expect(await conversationOf(call.sid)).toMatchObject({
      ...active,
      phone_status: "in-progress",
    });
    await settleBackground();
    expect(await jobsOf(id)).toEqual([]);
  });

  it("ends a call that never connected with its status and duration, without analysing it", async () => {
    const { number } = await phoneCampaign(owner);
    for (const status of ["busy", "failed", "no-answer", "canceled"]) {
      const call = rig.twilio.call("+14155550161", number);
      await call.incoming();
      expect((await call.status(status, 0)).status).toBe(200);
      await settleBackground();
      const conversation = await conversationOf(call.sid);
      expect(conversation, status).toMatchObject({
        status: "ended",
        phone_status: status,
        end_reason: `phone_${status}`,
        duration_seconds: 0,
      });
      expect(conversation.ended_at).not.toBeNull();
      // Retried, or followed by a late "completed": the first end stays, still no analysis.
      await call.status(status, 0);
      await call.status("completed", 5);
      await settleBackground();
      expect(await conversationOf(call.sid)).toMatchObject({
        phone_status: status,
        end_reason: `phone_${status}`,
        duration_seconds: 0,
      });
      expect(await jobsOf(conversation.id)).toEqual([]);
    }
  });

  it("still analyses a call the caller spoke on, whatever status ends it", async () => {
    const { number } = await phoneCampaign(owner);
    const call = rig.twilio.call("+14155550162", number);
    const opening = await call.incoming();
    expect((await call.gather(opening, { speech: "I need a new kitchen" })).status).toBe(200);
    await call.status("failed", 9);
    await settleBackground();
    const conversation = await conversationOf(call.sid);
    expect(conversation).toMatchObject({
      status: "ended",
      phone_status: "failed",
      end_reason: "phone_failed",
      duration_seconds: 9,
    });
    expect(await jobsOf(conversation.id)).toEqual([{ kind: "analyze_call", status: "done" }]);
  });

  it("reports the success rate (completed / answered) to the workspace only", async () => {
    const { campaign, number } = await phoneCampaign(owner);
    const ends: (readonly [string, number] | null)[] = [
      ["completed", 31],
      ["completed", 12],
      ["busy", 0],
      ["failed", 0],
      null, // still in progress
    ];
    for (const [i, end] of ends.entries()) {
      const call = rig.twilio.call(`+1415555017${i}`, number);
      await call.incoming();
      if (end) await call.status(...end);
    }
    await settleBackground();
    const stats = (who: TestUser) =>
      withUser(
        who.claims,
        (trx) =>
          trx
            .selectFrom("phone_call_stats")
            .select(["campaign_id", "calls", "answered", "completed", "failed", "success_rate"])
            .execute(),
        db(),
      );
    const mine = (await stats(owner)).filter((r) => r.campaign_id === campaign.id);
    expect(mine).toHaveLength(1);
    expect({ ...mine[0], success_rate: Number(mine[0]!.success_rate) }).toEqual({
      campaign_id: campaign.id,
      calls: 5,
      answered: 5,
      completed: 2,
      failed: 2,
      success_rate: 0.4,
    });
    expect(await stats(stranger)).toEqual([]);
  });

  it("lists a phone turn's stage error in phone_recent_errors for the workspace only", async () => {
    const { campaign, number } = await phoneCampaign(owner);
    useProviders(
      { stt: "none", llm: "scripted", tts: "openai" },
      { openai, deepgram: undefined as never },
    );
    const call = rig.twilio.call("+14155550163", number);
    const opening = await call.incoming();
    openai.arm("speech", "500", 50);
    expect((await call.gather(opening, { speech: "I need a new kitchen" })).status).toBe(200);
    await settleBackground();
    const { id } = await conversationOf(call.sid);
    const errors = (who: TestUser) =>
      withUser(
        who.claims,
        (trx) =>
          trx
            .selectFrom("phone_recent_errors")
            .select(["campaign_id", "conversation_id", "seq", "role", "error_code"])
            .execute(),
        db(),
      );
    const mine = (await errors(owner)).filter((r) => r.conversation_id === id);
    expect(mine).toEqual([
      {
        campaign_id: campaign.id,
        conversation_id: id,
        seq: 2,
        role: "agent",
        error_code: expect.stringMatching(/^tts_/),
      },
    ]);
    expect(await errors(stranger)).toEqual([]);
  });
});
