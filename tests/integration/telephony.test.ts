// Phone calls through Twilio's webhooks, on each database: the Twilio stand-in places a call
// by posting signed form bodies to the app's URLs, reads the TwiML as XML, fetches <Play>
// audio, and sends status callbacks. The agent is the embedded one (scripted LLM, eSpeak
// TTS), so the audio is real synthesised speech.
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { settleBackground } from "@/lib/jobs/background";
import { parseWav, rmsLevel } from "@/lib/voice/audio";
import { describeEachDatabase } from "../helpers/db";
import { createUser, type TestUser } from "../helpers/factories";
import { resetToEmbedded } from "../helpers/providers";
import { phoneCampaign, startTelephonyRig, type TelephonyRig } from "../helpers/telephony";
import { flatVerbs, type TwimlAnswer } from "../stand-ins/twilio";

// Each step synthesises speech; on a loaded machine a whole call takes a while.
vi.setConfig({ testTimeout: 120_000 });

const names = (a: TwimlAnswer) => a.verbs.map((v) => v.name);
const gatherOf = (a: TwimlAnswer) => a.verbs.find((v) => v.name === "Gather");
const playUrls = (a: TwimlAnswer) =>
  flatVerbs(a.verbs)
    .filter((v) => v.name === "Play")
    .map((v) => v.text.trim());

describeEachDatabase("telephony: a phone call on the agent", ({ db }) => {
  let rig: TelephonyRig;
  let owner: TestUser;

  const conversationOf = (callSid: string) =>
    db().selectFrom("conversations").selectAll().where("call_sid", "=", callSid).executeTakeFirst();

  beforeAll(async () => {
    resetToEmbedded();
    rig = await startTelephonyRig();
    owner = await createUser(db());
  });
  afterAll(async () => {
    await rig?.stop();
  });

  it("answers with consent, runs three spoken turns, hangs up on end_call, and stores the call and its lead once", async () => {
    const { campaign, number } = await phoneCampaign(owner, {
      consentMessage: "This call is recorded for quality.",
    });
    const call = rig.twilio.call("+14155550142", number);

    const opening = await call.incoming();
    expect(opening.status).toBe(200);
    expect(names(opening)).toEqual(["Say", "Gather"]);
    expect(opening.verbs[0]!.text).toBe("This call is recorded for quality.");
    const g0 = gatherOf(opening)!;
    expect(g0.attrs).toMatchObject({ input: "speech", language: "en-US", method: "POST" });

    const turn1 = await call.gather(opening, { speech: "I need a new kitchen" });
    expect(turn1.status).toBe(200);
    const [url1] = playUrls(turn1);
    expect(url1).toMatch(new RegExp(`^${rig.server.url}/api/telephony/audio/`));
    const media = await rig.twilio.fetchMedia(url1!);
    expect(media.status).toBe(200);
    expect(media.type).toBe("audio/wav");
    const wav = parseWav(media.bytes);
    expect(wav.channels).toBe(1);
    expect(wav.durationMs).toBeGreaterThan(500);
    expect(rmsLevel(wav.data)).toBeGreaterThan(0);
    const stored = await db()
      .selectFrom("phone_audio")
      .select(["duration_ms"])
      .where("call_sid", "=", call.sid)
      .where("step", "=", 1)
      .executeTakeFirstOrThrow();
    expect(Math.abs(stored.duration_ms - wav.durationMs)).toBeLessThanOrEqual(1);

    const turn2 = await call.gather(turn1, { speech: "Within two months" });
    expect(gatherOf(turn2)).toBeDefined();
    const turn3 = await call.gather(turn2, {
      speech: "My name is Dana and my email is dana at example dot com",
    });
    // end_call: the goodbye plays, then the call hangs up; no further Gather.
    expect(names(turn3)).toEqual(["Play", "Hangup"]);

    const done = await call.status("completed", 47);
    expect(done.status).toBe(200);
    await settleBackground();
    const again = await call.status("completed", 47); // Twilio retries the callback
    expect(again.status).toBe(200);
    await settleBackground();

    const conversation = (await conversationOf(call.sid))!;
    expect(conversation).toMatchObject({
      channel: "phone",
      status: "ended",
      phone_status: "completed",
      duration_seconds: 47,
      caller_phone: "+14155550142",
      campaign_id: campaign.id,
    });
    const turns = await db()
      .selectFrom("turns")
      .select(["seq", "role", "text", "total_ms", "cost_usd"])
      .where("conversation_id", "=", conversation.id)
      .orderBy("seq")
      .execute();
    expect(turns.map((t) => t.role)).toEqual([
      "agent",
      "caller",
      "agent",
      "caller",
      "agent",
      "caller",
      "agent",
    ]);
    expect(turns[1]!.text).toBe("I need a new kitchen");
    expect(
      turns.filter((t) => t.role === "agent" && t.seq > 0).every((t) => t.total_ms !== null),
    ).toBe(true);
    const jobs = await db()
      .selectFrom("jobs")
      .select(["status", "attempts"])
      .where("conversation_id", "=", conversation.id)
      .execute();
    expect(jobs).toEqual([{ status: "done", attempts: 1 }]);
    const leads = await db()
      .selectFrom("leads")
      .selectAll()
      .where("conversation_id", "=", conversation.id)
      .execute();
    expect(leads).toHaveLength(1);
    expect(leads[0]!.email).toBe("dana@example.com");
    expect(leads[0]!.phone).toBe("+14155550142");
  }, 120_000);
});
