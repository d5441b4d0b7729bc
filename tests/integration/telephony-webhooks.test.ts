// Twilio's webhooks at their edges, on each database: signatures (unsigned, tampered, signed
// for another URL or with another token → 401, nothing written), refusals spoken politely
// (unknown number, paused campaign, the per-caller limit), the keypad menu (transfers, its
// timeout repeating once then voicemail), voicemail becoming a lead, no speech, TTS failure
// spoken with <Say>, and retried webhooks changing nothing.
import { afterAll, beforeAll, beforeEach, expect, it, vi } from "vitest";
import { setCampaignStatus } from "@/lib/campaigns/commands";
import { withUser } from "@/lib/db/scoped";
import { settleBackground } from "@/lib/jobs/background";
import { audioIdOf } from "@/lib/telephony/audio-url";
import type { PhoneMenuInput } from "@/lib/validations/phone";
import { describeEachDatabase } from "../helpers/db";
import { countRows, createUser, type TestUser } from "../helpers/factories";
import { resetToEmbedded, standInAgent, useProviders } from "../helpers/providers";
import { phoneCampaign, startTelephonyRig, type TelephonyRig } from "../helpers/telephony";
import { startOpenAiStandIn } from "../stand-ins/openai";
import { flatVerbs, type TwimlAnswer } from "../stand-ins/twilio";

// Each step synthesises speech; on a loaded machine a whole call takes a while.
vi.setConfig({ testTimeout: 120_000 });

const names = (a: TwimlAnswer) => a.verbs.map((v) => v.name);
const said = (a: TwimlAnswer) =>
  flatVerbs(a.verbs)
    .filter((v) => v.name === "Say")
    .map((v) => v.text)
    .join(" ");

/**
 * The TwiML's verbs with each <Play> URL as the audio row it names (each URL is freshly signed,
 * with its issue time in seconds). A verb that holds others (<Gather>) is compared by its name
 * and attributes: its text is its children's, which are compared one by one.
 */
const comparable = async (a: TwimlAnswer) =>
  Promise.all(
    flatVerbs(a.verbs).map(async (v) => ({
      name: v.name,
      attrs: v.attrs,
      text: v.children.length
        ? null
        : v.name === "Play"
          ? await audioIdOf(new URL(v.text.trim()).pathname.split("/").at(-1)!)
          : v.text,
    })),
  );

const MENU: PhoneMenuInput = {
  options: [
    { digit: "1", action: "agent" },
    { digit: "2", action: "sales" },
    { digit: "3", action: "support" },
    { digit: "9", action: "voicemail" },
  ],
  salesNumber: "+14155550100",
  supportNumber: "+14155550111",
  timeoutSeconds: 4,
};

describeEachDatabase("telephony: webhooks", ({ db }) => {
  let rig: TelephonyRig;
  let owner: TestUser;
  let openai: Awaited<ReturnType<typeof startOpenAiStandIn>>;

  const conversationOf = (callSid: string) =>
    db().selectFrom("conversations").selectAll().where("call_sid", "=", callSid).executeTakeFirst();
  const phoneCalls = () => db().selectFrom("phone_calls").select("call_sid").execute();

  beforeAll(async () => {
    openai = await startOpenAiStandIn({ reply: standInAgent });
    resetToEmbedded();
    rig = await startTelephonyRig();
    owner = await createUser(db());
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

  it("refuses an unsigned, tampered, re-addressed or foreign-signed webhook with 401 and writes nothing", async () => {
    const { number } = await phoneCampaign(owner);
    const call = rig.twilio.call("+14155550123", number);
    const params = call.fields("ringing");
    const before = { rows: await countRows(db()), calls: (await phoneCalls()).length };
    const attempts = [
      rig.twilio.post("/api/telephony/voice", params, { signature: null }),
      rig.twilio.post("/api/telephony/voice", params, { signature: "bm90IGEgc2lnbmF0dXJl" }),
      // Signed for the body Twilio sent, delivered with another caller number.
      rig.twilio.post(
        "/api/telephony/voice",
        { ...params, From: "+14155550999" },
        {
          signature: (await import("twilio")).default.getExpectedTwilioSignature(
            rig.twilio.authToken,
            `${rig.server.url}/api/telephony/voice`,
            params,
          ),
        },
      ),
      // Signed over another host (what a spoofed Host header would make us compute).
      rig.twilio.post("/api/telephony/voice", params, {
        signUrl: "https://attacker.example/api/telephony/voice",
      }),
      rig.twilio.post("/api/telephony/voice", params, { signWith: "another-accounts-token" }),
      rig.twilio.post("/api/telephony/status", call.fields("completed"), { signature: null }),
    ];
    for (const answer of await Promise.all(attempts)) {
      expect(answer.status).toBe(401);
      expect(answer.json.error.code).toBe("unauthorized");
    }
    // Signed correctly, but for another Twilio account.
    const foreign = await rig.twilio.post("/api/telephony/voice", {
      ...params,
      AccountSid: `AC${"0".repeat(32)}`,
    });
    expect(foreign.status).toBe(401);
    expect(await countRows(db())).toEqual(before.rows);
    expect((await phoneCalls()).length).toBe(before.calls);
  });

  it("tells an unknown number and a paused campaign politely, then hangs up", async () => {
    const unknown = await rig.twilio.call("+14155550124", "+19995550100").incoming();
    expect(unknown.status).toBe(200);
    expect(names(unknown)).toEqual(["Say", "Hangup"]);
    expect(said(unknown)).toMatch(/not taking calls/);

    const { campaign, number } = await phoneCampaign(owner);
    await setCampaignStatus(owner.claims, { id: campaign.id, status: "paused" });
    const paused = await rig.twilio.call("+14155550125", number).incoming();
    expect(names(paused)).toEqual(["Say", "Hangup"]);
    const stored = await db()
      .selectFrom("phone_calls")
      .select("outcome")
      .where("to_number", "in", ["+19995550100", number])
      .orderBy("outcome")
      .execute();
    expect(stored.map((r) => r.outcome)).toEqual(["inactive", "unknown_number"]);
  });

  it("answers a retried incoming webhook the same way with one conversation", async () => {
    const { number } = await phoneCampaign(owner);
    const call = rig.twilio.call("+14155550126", number);
    const first = await call.incoming();
    const second = await call.incoming();
    expect(names(second)).toEqual(names(first));
    const conversations = await db()
      .selectFrom("conversations")
      .select("id")
      .where("call_sid", "=", call.sid)
      .execute();
    expect(conversations).toHaveLength(1);
  });

  it("answers two copies of the incoming webhook in flight at once alike, with one conversation", async () => {
    const { number } = await phoneCampaign(owner);
    const call = rig.twilio.call("+14155550134", number);
    // Twilio's retry racing the first request: both must keep the caller on the line.
    const [a, b] = await Promise.all([call.incoming(), call.incoming()]);
    expect(names(a)).toEqual(["Say", "Gather"]);
    expect(await comparable(b)).toEqual(await comparable(a));
    expect(said(b)).not.toMatch(/something went wrong/);
    const calls = await db()
      .selectFrom("phone_calls")
      .select("outcome")
      .where("call_sid", "=", call.sid)
      .execute();
    expect(calls).toEqual([{ outcome: "answered" }]);
    const conversations = await db()
      .selectFrom("conversations")
      .select("id")
      .where("call_sid", "=", call.sid)
      .execute();
    expect(conversations).toHaveLength(1);
  });

  it("replays a retried turn webhook instead of running a second turn", async () => {
    const { number } = await phoneCampaign(owner);
    const call = rig.twilio.call("+14155550127", number);
    const opening = await call.incoming();
    const first = await call.gather(opening, { speech: "I need a new kitchen" });
    const retried = await call.gather(opening, { speech: "I need a new kitchen" });
    expect(names(retried)).toEqual(names(first));
    const play = (a: TwimlAnswer) => flatVerbs(a.verbs).find((v) => v.name === "Play");
    // The same stored audio (the signed URL is fresh, the row it names is the same).
    const media = await rig.twilio.fetchMedia(play(retried)!.text.trim());
    expect(media.status).toBe(200);
    // Twilio retrying while the first request still runs: that one waits and redirects to
    // itself (no SpeechResult on a redirect), then gets the stored turn.
    const [a, b] = await Promise.all([
      call.gather(first, { speech: "Within two months" }),
      call.gather(first, { speech: "Within two months" }),
    ]);
    for (const answer of [a, b]) {
      const final = names(answer).includes("Redirect") ? await call.redirect(answer) : answer;
      expect(names(final)).toEqual(["Gather"]);
      expect(flatVerbs(final.verbs).some((v) => v.name === "Play" || v.name === "Say")).toBe(true);
    }
    const conversation = (await conversationOf(call.sid))!;
    const turns = await db()
      .selectFrom("turns")
      .select(["seq", "role"])
      .where("conversation_id", "=", conversation.id)
      .execute();
    expect(turns).toHaveLength(5); // greeting, then two caller + agent pairs
    expect(conversation.turn_count).toBe(5);
  });

  it("asks again once when it hears nothing, then says goodbye and ends the call", async () => {
    const { number } = await phoneCampaign(owner);
    const call = rig.twilio.call("+14155550128", number);
    const opening = await call.incoming();
    const reprompt = await call.gather(opening, {});
    expect(said(reprompt)).toMatch(/didn't catch that/);
    expect(names(reprompt)).toEqual(["Gather"]);
    const goodbye = await call.gather(reprompt, {});
    expect(names(goodbye)).toEqual(["Say", "Hangup"]);
    await settleBackground();
    expect((await conversationOf(call.sid))!).toMatchObject({
      status: "ended",
      end_reason: "no_speech",
    });
  });

  it("asks again when a retry finds the first request's turn released, never answering '…'", async () => {
    const { number } = await phoneCampaign(owner);
    const call = rig.twilio.call("+14155550130", number);
    const opening = await call.incoming();
    // The redirect a turn_in_progress answer sends, arriving after that turn failed and
    // released its claim: there is no stored answer under the key.
    const g = flatVerbs(opening.verbs).find((v) => v.name === "Gather")!;
    const action = new URL(g.attrs.action ?? "", opening.url);
    const answer = await call.send(`${action.pathname}${action.search}&retry=1`);
    expect(said(answer)).toMatch(/didn't catch that/);
    expect(names(answer)).toEqual(["Gather"]);
    const conversation = (await conversationOf(call.sid))!;
    const callerTurns = await db()
      .selectFrom("turns")
      .select("text")
      .where("conversation_id", "=", conversation.id)
      .where("role", "=", "caller")
      .execute();
    expect(callerTurns).toEqual([]);
  });

  it("speaks the reply with <Say> when text-to-speech fails", async () => {
    useProviders(
      { stt: "none", llm: "scripted", tts: "openai" },
      { openai, deepgram: undefined as never },
    );
    const { number } = await phoneCampaign(owner);
    const call = rig.twilio.call("+14155550129", number);
    const opening = await call.incoming();
    openai.arm("speech", "500", 50);
    const turn = await call.gather(opening, { speech: "I need a new kitchen" });
    expect(turn.status).toBe(200);
    const verbs = flatVerbs(turn.verbs);
    expect(verbs.some((v) => v.name === "Play")).toBe(false);
    expect(said(turn).length).toBeGreaterThan(10);
    expect(names(turn)).toEqual(["Gather"]);
    const conversation = (await conversationOf(call.sid))!;
    const agent = await db()
      .selectFrom("turns")
      .select(["error_code", "text"])
      .where("conversation_id", "=", conversation.id)
      .where("seq", "=", 2)
      .executeTakeFirstOrThrow();
    expect(agent.error_code).toMatch(/^tts_/);
    expect(said(turn)).toContain(agent.text.split(" ")[0]);
  });

  it("transfers to sales and to support with <Dial>, recorded on the conversation", async () => {
    const { number } = await phoneCampaign(owner, { menu: MENU });
    for (const [digit, target] of [
      ["2", MENU.salesNumber!],
      ["3", MENU.supportNumber!],
    ]) {
      const call = rig.twilio.call("+14155550130", number);
      const opening = await call.incoming();
      expect(names(opening)).toEqual(["Say", "Gather"]);
      const gather = opening.verbs[1]!;
      expect(gather.attrs).toMatchObject({ input: "dtmf", numDigits: "1", timeout: "4" });
      const dial = await call.gather(opening, { digits: digit });
      const d = dial.verbs.find((v) => v.name === "Dial")!;
      expect(d.text.trim()).toBe(target);
      expect((await conversationOf(call.sid))!.transfer_target).toBe(target);
    }
  });

  it("goes to the agent on its key, and to voicemail by key and after two silent menus", async () => {
    const { number } = await phoneCampaign(owner, { menu: MENU });
    const toAgent = rig.twilio.call("+14155550131", number);
    const agent = await toAgent.gather(await toAgent.incoming(), { digits: "1" });
    expect(agent.verbs.find((v) => v.name === "Gather")!.attrs.input).toBe("speech");

    const byKey = rig.twilio.call("+14155550132", number);
    const vm = await byKey.gather(await byKey.incoming(), { digits: "9" });
    expect(vm.verbs.find((v) => v.name === "Record")!.attrs).toMatchObject({
      maxLength: "120",
      transcribe: "true",
    });

    const silent = rig.twilio.call("+14155550133", number);
    const opening = await silent.incoming();
    const repeated = await silent.gather(opening, {});
    expect(names(repeated)).toEqual(["Gather"]);
    expect(said(repeated)).toMatch(/Press 1/);
    const voicemail = await silent.gather(repeated, {});
    expect(voicemail.verbs.some((v) => v.name === "Record")).toBe(true);

    const thanks = await silent.recorded(voicemail, {
      url: "https://api.twilio.com/2010-04-01/Accounts/AC/Recordings/RE1",
      seconds: 23,
    });
    expect(names(thanks)).toEqual(["Say", "Hangup"]);
    const retried = await silent.recorded(voicemail, {
      url: "https://api.twilio.com/2010-04-01/Accounts/AC/Recordings/RE1",
      seconds: 23,
    });
    expect(retried.status).toBe(200);
    const transcribed = await silent.transcribed(voicemail, "Please call me back about a quote.");
    expect(transcribed.status).toBe(200);
    await silent.status("completed", 40);
    await settleBackground();

    const conversation = (await conversationOf(silent.sid))!;
    expect(conversation).toMatchObject({
      voicemail_url: "https://api.twilio.com/2010-04-01/Accounts/AC/Recordings/RE1",
      voicemail_duration_seconds: 23,
      voicemail_transcript: "Please call me back about a quote.",
      status: "ended",
    });
    const leads = await db()
      .selectFrom("leads")
      .select(["phone", "fields"])
      .where("conversation_id", "=", conversation.id)
      .execute();
    expect(leads).toHaveLength(1);
    expect(leads[0]!.phone).toBe("+14155550133");
    expect(leads[0]!.fields).toMatchObject({ source: "voicemail" });
    const backlog = await withUser(
      owner.claims,
      (trx) =>
        trx
          .selectFrom("phone_voicemail_backlog")
          .select(["phone", "voicemail_transcript"])
          .where("conversation_id", "=", conversation.id)
          .execute(),
      db(),
    );
    expect(backlog).toEqual([
      { phone: "+14155550133", voicemail_transcript: "Please call me back about a quote." },
    ]);
  });

  it("refuses the eleventh call from one number within a minute, politely", async () => {
    const { campaign, number } = await phoneCampaign(owner);
    const from = "+14155550199";
    for (let i = 0; i < 10; i++) {
      const ok = await rig.twilio.call(from, number).incoming();
      expect(names(ok)).toEqual(["Say", "Gather"]);
    }
    const eleventh = await rig.twilio.call(from, number).incoming();
    expect(names(eleventh)).toEqual(["Say", "Hangup"]);
    expect(said(eleventh)).toMatch(/cannot take another call/);
    const other = await rig.twilio.call("+14155550198", number).incoming();
    expect(names(other)).toEqual(["Say", "Gather"]);

    // Counted in the workspace's monitoring view, and visible to its members only.
    const stats = (who: TestUser) =>
      withUser(
        who.claims,
        (trx) =>
          trx
            .selectFrom("phone_call_stats")
            .select(["calls", "answered", "rate_limited"])
            .where("campaign_id", "=", campaign.id)
            .execute(),
        db(),
      );
    expect(await stats(owner)).toEqual([{ calls: 12, answered: 11, rate_limited: 1 }]);
    expect(await stats(await createUser(db()))).toEqual([]);
    const active = await withUser(
      owner.claims,
      (trx) =>
        trx
          .selectFrom("phone_active_calls")
          .select("conversation_id")
          .where("campaign_id", "=", campaign.id)
          .execute(),
      db(),
    );
    expect(active).toHaveLength(11);
  });
});
