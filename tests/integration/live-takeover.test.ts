// Human takeover by text through the real commands and routes, on each database: who may
// take a call over (members; a viewer is refused by Postgres too; a second hold is refused),
// the agent silent while a person holds the call, the caller's event feed speaking the
// person's reply in the campaign's voice, and the agent answering again after the hand-back
// with the person's words in its history. Takeover by voice (LiveKit configured to its
// stand-in): the holder's utterances are transcribed into human_agent turns that the caller
// sees and does not hear again. Also the live monitor's reads under RLS.
import { sql } from "kysely";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, expect, it } from "vitest";
import * as eventsRoute from "@/app/api/calls/[id]/events/route";
import * as speechRoute from "@/app/api/live/calls/[id]/speech/route";
import { setCampaignStatus } from "@/lib/campaigns/commands";
import type { CallKey } from "@/lib/db/queries/calls";
import { insertHold } from "@/lib/db/queries/takeovers";
import { withUser } from "@/lib/db/scoped";
import { resetEnvCache } from "@/lib/env";
import { liveSnapshot, type MonitorEvent, monitorFeed } from "@/lib/live/monitor";
import { handBack, isHeldByHuman, sendHumanReply, takeOver } from "@/lib/live/takeover";
import { SOCKET_ADDRESS_HEADER } from "@/lib/ratelimit/client-address";
import { synthesizeWav } from "@/lib/voice/providers/tts/local";
import type { Actor } from "@/lib/workspaces/actor";
import { WORKSPACE_COOKIE } from "@/lib/workspaces/current";
import { agentText, done, startCall, textTurn } from "../helpers/calls";
import { describeEachDatabase } from "../helpers/db";
import { createCampaignFor, createUser, type TestUser } from "../helpers/factories";
import { randomTestIp } from "../helpers/http";
// Not a React hook (biome reads "use…" as one): it points the providers at the stand-ins.
import {
  useProviders as pointProviders,
  resetToEmbedded,
  standInAgent,
} from "../helpers/providers";
import { wavFile } from "../helpers/wav";
import { addMember, createTeamWorkspace } from "../helpers/workspaces";
import { startDeepgramStandIn } from "../stand-ins/deepgram";
import { startLiveKitStandIn } from "../stand-ins/livekit";
import { startOpenAiStandIn } from "../stand-ins/openai";

type OpenAi = Awaited<ReturnType<typeof startOpenAiStandIn>>;
type Deepgram = Awaited<ReturnType<typeof startDeepgramStandIn>>;

/** Reads NDJSON lines from the events route until `until` says stop, then cancels it. */
async function readFeed(res: Response, until: (events: any[]) => boolean) {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const events: any[] = [];
  let buffered = "";
  while (!until(events)) {
    const { value, done: end } = await reader.read();
    if (end) break;
    buffered += decoder.decode(value, { stream: true });
    const lines = buffered.split("\n");
    buffered = lines.pop() ?? "";
    for (const line of lines) if (line.trim()) events.push(JSON.parse(line));
  }
  await reader.cancel();
  return events;
}

const openFeed = (id: string, token: string, after?: number) =>
  eventsRoute.GET(
    new NextRequest(
      `http://localhost:3000/api/calls/${id}/events${after === undefined ? "" : `?after=${after}`}`,
      { headers: { authorization: `Bearer ${token}` } },
    ),
    { params: Promise.resolve({ id }) },
  );

describeEachDatabase("human takeover", ({ db }) => {
  let openai: OpenAi;
  let deepgram: Deepgram;
  let owner: TestUser;
  let member: TestUser;
  let viewer: TestUser;
  let stranger: TestUser;
  let workspaceId: string;
  let slug: string;
  const as = (u: TestUser): Actor => ({ claims: u.claims, workspaceId });

  beforeAll(async () => {
    [openai, deepgram] = await Promise.all([
      startOpenAiStandIn({ reply: standInAgent }),
      startDeepgramStandIn({}),
    ]);
    pointProviders({ stt: "none", llm: "openai", tts: "openai" }, { openai, deepgram });
    owner = await createUser(db());
    member = await createUser(db());
    viewer = await createUser(db());
    stranger = await createUser(db());
    workspaceId = await createTeamWorkspace(db(), owner);
    await addMember(db(), workspaceId, member, "member");
    await addMember(db(), workspaceId, viewer, "viewer");
    const campaign = await createCampaignFor(owner, {}, workspaceId);
    await setCampaignStatus(as(owner), { id: campaign.id, status: "active" });
    slug = campaign.publicSlug;
  });

  afterAll(async () => {
    resetToEmbedded();
    await Promise.all([openai?.close(), deepgram?.close()]);
  });

  async function begin() {
    const { conversationId, callToken } = (await startCall(slug)).body;
    const row = await db()
      .selectFrom("conversations")
      .select("started_at")
      .where("id", "=", conversationId)
      .executeTakeFirstOrThrow();
    const key: CallKey = { id: conversationId, startedAt: row.started_at };
    return { id: conversationId as string, token: callToken as string, key };
  }
  const turns = (id: string) =>
    db()
      .selectFrom("turns")
      .select(["seq", "role", "text", "tts_characters"])
      .where("conversation_id", "=", id)
      .orderBy("seq")
      .execute();

  it("lets a member take over once; a second takeover, a viewer and a stranger are refused", async () => {
    const c = await begin();
    const taken = await takeOver(as(member), { conversationId: c.id });
    expect(taken.conversationId).toBe(c.id);
    expect(await withUser(owner.claims, (trx) => isHeldByHuman(trx, c.key))).toBe(true);

    await expect(takeOver(as(owner), { conversationId: c.id })).rejects.toMatchObject({
      status: 409,
      message: expect.stringContaining("already replying"),
    });
    await expect(takeOver(as(member), { conversationId: c.id })).rejects.toMatchObject({
      status: 409,
      message: "You already hold this call",
    });
    await expect(takeOver(as(viewer), { conversationId: c.id })).rejects.toMatchObject({
      status: 403,
    });
    await expect(
      sendHumanReply(as(viewer), { conversationId: c.id, text: "Hi" }),
    ).rejects.toMatchObject({ status: 403 });
    await expect(handBack(as(viewer), { conversationId: c.id })).rejects.toMatchObject({
      status: 403,
    });
    // Not theirs: under RLS the call does not exist for a stranger.
    const alien = { claims: stranger.claims, workspaceId };
    await expect(takeOver(alien, { conversationId: c.id })).rejects.toMatchObject({ status: 404 });

    // Postgres itself refuses: a viewer's hold, a hold in someone else's name, a second hold.
    await handBack(as(member), { conversationId: c.id });
    await expect(
      withUser(viewer.claims, (trx) => insertHold(trx, workspaceId, c.key)),
    ).rejects.toThrow(/row-level security/);
    await expect(
      withUser(member.claims, (trx) =>
        sql`insert into public.conversation_takeovers
              (workspace_id, conversation_id, conversation_started_at, held_by)
            values (${workspaceId}, ${c.id}, ${c.key.startedAt}, ${owner.id})`.execute(trx),
      ),
    ).rejects.toThrow(/row-level security/);
    await withUser(member.claims, (trx) => insertHold(trx, workspaceId, c.key));
    await expect(
      withUser(owner.claims, (trx) => insertHold(trx, workspaceId, c.key)),
    ).rejects.toMatchObject({ code: "23505" });
    // Any member may hand back a teammate's hold.
    await handBack(as(owner), { conversationId: c.id });
    expect(await withUser(owner.claims, (trx) => isHeldByHuman(trx, c.key))).toBe(false);
    await expect(handBack(as(owner), { conversationId: c.id })).rejects.toMatchObject({
      status: 409,
    });
    // A released hold is never re-opened, nor released in someone else's name.
    await expect(
      withUser(member.claims, (trx) =>
        trx
          .updateTable("conversation_takeovers")
          .set({ released_at: null })
          .where("conversation_id", "=", c.id)
          .executeTakeFirst()
          .then((r) => Number(r.numUpdatedRows)),
      ),
    ).resolves.toBe(0);
    await withUser(member.claims, (trx) => insertHold(trx, workspaceId, c.key));
    await expect(
      withUser(member.claims, (trx) =>
        trx
          .updateTable("conversation_takeovers")
          .set({ released_at: sql`now()`, released_by: owner.id })
          .where("conversation_id", "=", c.id)
          .where("released_at", "is", null)
          .execute(),
      ),
    ).rejects.toThrow(/row-level security/);
    await handBack(as(member), { conversationId: c.id });

    // A phone call cannot be held: typed replies never reach a phone caller.
    await db()
      .updateTable("conversations")
      .set({ channel: "phone" })
      .where("id", "=", c.id)
      .execute();
    await expect(takeOver(as(member), { conversationId: c.id })).rejects.toMatchObject({
      status: 409,
      message: expect.stringContaining("Phone calls"),
    });
  });

  it("keeps the agent silent while held, speaks the person's reply to the caller, and resumes after hand-back", async () => {
    const c = await begin();
    const first = await textTurn(c.token, "Hello, I need a quote.");
    expect(agentText(first)).not.toBe("");
    let token = done(first).callToken as string;

    await takeOver(as(owner), { conversationId: c.id });
    // The feed, opened now, reports the hold and then the reply with its audio.
    const feed = openFeed(c.id, token);
    const held = await textTurn(token, "Is anyone there?");
    token = done(held).callToken;
    expect(held.events.map((e) => e.type)).toEqual(["held", "transcript", "done"]);
    expect(done(held).turn.agentSeq).toBeNull();
    await expect(
      sendHumanReply(as(member), { conversationId: c.id, text: "Not the holder" }),
    ).rejects.toMatchObject({ status: 409 });
    const words = "Hi, this is Sam from the team. How can I help?";
    const reply = await sendHumanReply(as(owner), { conversationId: c.id, text: words });
    const events = await readFeed(await feed, (e) =>
      e.some((x) => x.type === "audio" && x.sampleOffset > 0),
    );
    expect(events[0]).toMatchObject({ type: "takeover", held: true });
    const spoken = events.find((e) => e.type === "human_reply");
    expect(spoken).toEqual({
      type: "human_reply",
      seq: reply.seq,
      text: "Hi, this is Sam from the team. How can I help?",
    });
    const audio = events.filter((e) => e.type === "audio");
    expect(audio[0]).toMatchObject({ pieceId: 0, sampleOffset: 0, sampleRate: 24_000 });
    expect(audio[0].format).toBe("pcm_s16le");

    // A reconnect after that reply does not repeat it.
    const again = await readFeed(await openFeed(c.id, token, reply.seq), (e) => e.length >= 1);
    expect(again).toEqual([{ type: "takeover", held: true, after: reply.seq }]);

    await handBack(as(owner), { conversationId: c.id });
    const chats = openai.requests.filter((r) => r.path === "/v1/chat/completions").length;
    const after = await textTurn(token, "Great, my email is kim@example.com");
    expect(agentText(after)).not.toBe("");
    // The agent's history has the person's words, as the assistant's.
    const request = openai.requests.filter((r) => r.path === "/v1/chat/completions")[chats];
    expect(request?.body.messages).toContainEqual({
      role: "assistant",
      content: "Hi, this is Sam from the team. How can I help?",
    });

    const stored = await turns(c.id);
    expect(stored.map((t) => t.role)).toEqual([
      "agent",
      "caller",
      "agent",
      "caller",
      "human_agent",
      "caller",
      "agent",
    ]);
    expect(stored.map((t) => t.seq)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(stored[3]!.text).toBe("Is anyone there?");
    // The reply's voice is priced on its turn.
    expect(stored[4]!.tts_characters).toBe(words.length);
  });

  it("shows calls in progress to the workspace's members only, with new turns as they land", async () => {
    const c = await begin();
    const forViewer = await liveSnapshot(viewer.claims, workspaceId);
    expect(forViewer.calls.map((x) => x.id)).toContain(c.id);
    expect(forViewer.turns[c.id]?.map((t) => t.role)).toEqual(["agent"]);
    expect((await liveSnapshot(stranger.claims, workspaceId)).calls).toEqual([]);

    const stop = new AbortController();
    const feed = monitorFeed(viewer.claims, workspaceId, stop.signal, 30_000)[
      Symbol.asyncIterator
    ]();
    const seen: MonitorEvent[] = [];
    const next = async () => {
      const e = (await feed.next()).value as MonitorEvent;
      seen.push(e);
      return e;
    };
    expect((await next()).type).toBe("calls");
    while (!seen.some((e) => e.type === "turns" && e.conversationId === c.id)) await next();
    await textTurn(c.token, "I would like a new roof.");
    const landed = () =>
      seen.some(
        (e) =>
          e.type === "turns" &&
          e.conversationId === c.id &&
          e.turns.some((t) => t.role === "caller" && t.text === "I would like a new roof."),
      );
    while (!landed()) await next();
    stop.abort();
  });

  it("takes a call over by voice: each utterance becomes a human_agent turn the caller reads, not hears", async () => {
    const lk = await startLiveKitStandIn();
    const speech = wavFile(await synthesizeWav("Hi, this is Sam speaking."));
    const durationMs = Math.round(((speech.length - 44) / 2 / 22_050) * 1000);
    const post = (user: TestUser, id: string, form: Record<string, Blob | string>) => {
      const body = new FormData();
      for (const [k, v] of Object.entries(form)) body.set(k, v);
      return speechRoute.POST(
        new NextRequest(`http://localhost:3000/api/live/calls/${id}/speech`, {
          method: "POST",
          body,
          headers: {
            cookie: `${user.cookie}; ${WORKSPACE_COOKIE}=${workspaceId}`,
            [SOCKET_ADDRESS_HEADER]: randomTestIp(),
          },
        }),
        { params: Promise.resolve({ id }) },
      );
    };
    const wav = new Blob([new Uint8Array(speech)], { type: "audio/wav" });
    try {
      const c = await begin();
      // LiveKit not configured: there is no room for the caller to hear a voice in.
      await takeOver(as(owner), { conversationId: c.id });
      expect((await post(owner, c.id, { audio: wav, transcript: "x" })).status).toBe(404);
      Object.assign(process.env, lk.env());
      resetEnvCache();

      // Only the holder: a member who does not hold it (409), a viewer (403), no words (422
      // when the server has no STT and the browser sent no transcript).
      expect((await post(member, c.id, { audio: wav, transcript: "Hello" })).status).toBe(409);
      expect((await post(viewer, c.id, { audio: wav, transcript: "Hello" })).status).toBe(403);
      const noWords = await post(owner, c.id, { audio: wav });
      expect(noWords.status).toBe(422);
      expect((await turns(c.id)).map((t) => t.role)).toEqual(["agent"]);

      // After the greeting (seq 0): every turn of this takeover comes through.
      const feed = openFeed(c.id, c.token, 0);
      const first = await post(owner, c.id, { audio: wav, transcript: "Hi, this is Sam." });
      expect(first.status).toBe(201);
      const stored = await first.json();
      expect(stored).toMatchObject({ conversationId: c.id, text: "Hi, this is Sam." });
      // With an STT configured, the server transcribes the WAV itself.
      pointProviders({ stt: "deepgram", llm: "openai", tts: "openai" }, { openai, deepgram });
      const second = await post(owner, c.id, { audio: wav });
      expect(second.status).toBe(201);
      expect((await second.json()).text).toBe("I'd like a quote for a new kitchen.");
      // A typed reply after them is spoken: its audio is the first audio the feed sends.
      const typed = await sendHumanReply(as(owner), { conversationId: c.id, text: "One moment." });
      const events = await readFeed(await feed, (e) => e.some((x) => x.type === "audio"));
      const replies = events.filter((e) => e.type === "human_reply");
      expect(replies).toEqual([
        { type: "human_reply", seq: stored.seq, text: "Hi, this is Sam.", spoken: true },
        {
          type: "human_reply",
          seq: stored.seq + 1,
          text: "I'd like a quote for a new kitchen.",
          spoken: true,
        },
        { type: "human_reply", seq: typed.seq, text: "One moment." },
      ]);
      const firstAudio = events.findIndex((e) => e.type === "audio");
      expect(firstAudio).toBeGreaterThan(events.indexOf(replies[2]));

      const rows = await db()
        .selectFrom("turns")
        .select(["role", "text", "audio_duration_ms", "stt_seconds", "tts_characters", "cost_usd"])
        .where("conversation_id", "=", c.id)
        .orderBy("seq")
        .execute();
      expect(rows.map((t) => t.role)).toEqual([
        "agent",
        "human_agent",
        "human_agent",
        "human_agent",
      ]);
      expect(rows[1]).toMatchObject({ audio_duration_ms: durationMs, tts_characters: 0 });
      // Transcribed by the server: priced as STT seconds, on the turn and the call's total.
      expect(Number(rows[2]!.stt_seconds)).toBeCloseTo(durationMs / 1000, 2);
      expect(Number(rows[2]!.cost_usd)).toBeGreaterThan(0);
      const total = await db()
        .selectFrom("conversations")
        .select("total_cost_usd")
        .where("id", "=", c.id)
        .executeTakeFirstOrThrow();
      const sum = (
        await db()
          .selectFrom("turns")
          .select(sql<string>`sum(cost_usd)`.as("sum"))
          .where("conversation_id", "=", c.id)
          .executeTakeFirstOrThrow()
      ).sum;
      expect(Number(total.total_cost_usd)).toBeCloseTo(Number(sum), 6);
    } finally {
      for (const k of Object.keys(lk.env())) delete process.env[k];
      resetEnvCache();
      pointProviders({ stt: "none", llm: "openai", tts: "openai" }, { openai, deepgram });
      await lk.close();
    }
  });
});
