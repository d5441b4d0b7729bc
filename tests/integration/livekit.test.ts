// LiveKit, configured to the RoomService stand-in (tests/stand-ins/livekit.ts), through the
// real route handlers: POST /api/calls creates the call's room and hands the caller a token
// for it; ending the call deletes the room; POST /api/livekit/token gives workspace members a
// listen or takeover token; POST /api/livekit/webhook verifies LiveKit's signature on the raw
// body and ends the call when the caller leaves. Token claims are checked with the SDK's
// TokenVerifier. A LiveKit that errors, hangs or is not there never stops a call.
import { randomUUID } from "node:crypto";
import { type Kysely, sql } from "kysely";
import { TokenVerifier } from "livekit-server-sdk";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import * as tokenRoute from "@/app/api/livekit/token/route";
import * as webhookRoute from "@/app/api/livekit/webhook/route";
import { claimWebhookEvent } from "@/lib/db/queries/livekit";
import type { DB } from "@/lib/db/schema.gen";
import { withServiceRole } from "@/lib/db/scoped";
import { resetEnvCache } from "@/lib/env";
import { settleBackground } from "@/lib/jobs/background";
import { handBack, takeOver } from "@/lib/live/takeover";
import { DEFAULT_ROOM_TIMING, ROOM_TIMING } from "@/lib/livekit/rooms";
import { ROOM_TOKEN_SECONDS } from "@/lib/livekit/token";
import {
  agentText,
  createActiveCampaign,
  endCall,
  ownerView,
  startCall,
  textTurn,
} from "../helpers/calls";
import { describeEachDatabase } from "../helpers/db";
import { createUser, type TestUser } from "../helpers/factories";
import { call } from "../helpers/http";
import { addMember } from "../helpers/workspaces";
import { type LiveKitStandIn, signWebhook, startLiveKitStandIn } from "../stand-ins/livekit";

const saved = { ...process.env };

function useLiveKit(lk: LiveKitStandIn, overrides: Record<string, string> = {}) {
  Object.assign(process.env, lk.env(), overrides);
  resetEnvCache();
}

function restoreEnv() {
  process.env = { ...saved };
  resetEnvCache();
}

const roomOf = (id: string) => `call_${id}`;

async function conversationRow(db: Kysely<DB>, id: string) {
  return withServiceRole(
    "test reads the conversation",
    async (trx) => {
      const { rows } = await sql<{ status: string; end_reason: string | null }>`
        select status, end_reason from public.conversations where id = ${id}`.execute(trx);
      return rows[0];
    },
    db,
  );
}

async function jobsOf(db: Kysely<DB>, id: string) {
  return withServiceRole(
    "test reads jobs",
    async (trx) => {
      const { rows } = await sql<{ status: string; attempts: number }>`
        select status, attempts from public.jobs where conversation_id = ${id}`.execute(trx);
      return rows;
    },
    db,
  );
}

describeEachDatabase("LiveKit rooms, tokens and webhooks", ({ db }) => {
  let lk: LiveKitStandIn;
  let owner: TestUser;
  let slug: string;

  beforeAll(async () => {
    lk = await startLiveKitStandIn();
    const active = await createActiveCampaign(db());
    owner = active.owner;
    slug = active.campaign.publicSlug;
  });
  afterEach(() => {
    restoreEnv();
    lk.clearFaults();
    Object.assign(ROOM_TIMING, DEFAULT_ROOM_TIMING);
  });

  /** A turn is answered and the call ends as always. */
  async function callStillWorks(started: { conversationId: string; callToken: string }) {
    const turn = await textTurn(started.callToken, "Hi, I need a quote for my kitchen.");
    expect(turn.status).toBe(200);
    expect(agentText(turn).length).toBeGreaterThan(0);
    const next = turn.events.find((e) => e.type === "done")?.callToken ?? started.callToken;
    expect((await endCall(started.conversationId, next)).status).toBe(200);
    const view = await ownerView(started.conversationId, owner.cookie);
    expect(view.conversation.status).toBe("ended");
  }
  afterAll(async () => {
    restoreEnv();
    await lk.close();
  });

  describe("call start and end", () => {
    it("creates the call's room and returns a caller token limited to it", async () => {
      useLiveKit(lk);
      const res = await startCall(slug);
      expect(res.status).toBe(201);
      const { conversationId, livekit } = res.body;
      expect(livekit).toEqual({
        url: lk.url,
        token: expect.any(String),
        room: roomOf(conversationId),
      });

      const created = lk.requests.filter((r) => r.method === "CreateRoom").at(-1)!;
      expect(created.body).toMatchObject({
        name: roomOf(conversationId),
        emptyTimeout: expect.any(Number),
        maxParticipants: expect.any(Number),
      });
      expect(created.body.emptyTimeout).toBeGreaterThan(0);
      expect(created.body.maxParticipants).toBeGreaterThan(1);
      expect(JSON.parse(created.body.metadata as string)).toMatchObject({
        conversationId,
        campaignId: expect.any(String),
        workspaceId: owner.id,
      });

      const claims = await new TokenVerifier(lk.apiKey, lk.apiSecret).verify(livekit.token);
      expect(claims.sub).toBe(`caller:${conversationId}`);
      expect(claims.exp! - claims.nbf!).toBeLessThanOrEqual(15 * 60);
      expect(claims.video).toMatchObject({
        room: roomOf(conversationId),
        roomJoin: true,
        canPublish: true,
        canSubscribe: true,
      });
      for (const admin of ["roomAdmin", "roomCreate", "roomList", "roomRecord"] as const)
        expect(claims.video?.[admin]).not.toBe(true);
      // Signed with the secret the SDK knows; the secret itself never reaches the browser.
      expect(JSON.stringify(res.body)).not.toContain(lk.apiSecret);
    });

    it("deletes the room when the call ends", async () => {
      useLiveKit(lk);
      const started = (await startCall(slug)).body;
      expect(lk.rooms.has(roomOf(started.conversationId))).toBe(true);
      const ended = await endCall(started.conversationId, started.callToken);
      expect(ended.status).toBe(200);
      expect(lk.rooms.has(roomOf(started.conversationId))).toBe(false);
      const deletes = lk.requests.filter(
        (r) => r.method === "DeleteRoom" && r.body.room === roomOf(started.conversationId),
      );
      expect(deletes).toHaveLength(1);
      // Ending again is a no-op: no second deletion.
      await endCall(started.conversationId, started.callToken);
      expect(
        lk.requests.filter(
          (r) => r.method === "DeleteRoom" && r.body.room === roomOf(started.conversationId),
        ),
      ).toHaveLength(1);
    });

    // Each case picks which bound it meets (ROOM_TIMING), so none depends on the machine's speed.
    it.each([
      ["errors", "500"],
      ["hangs past the creation's deadline", "hang"],
    ] as const)("when LiveKit %s, the call starts without a room and works", async (_, fault) => {
      useLiveKit(lk);
      Object.assign(ROOM_TIMING, { startWaitMs: 60_000, createDeadlineMs: 1_000 });
      lk.arm("CreateRoom", fault);
      const res = await startCall(slug);
      expect(res.status).toBe(201);
      expect(res.body.livekit).toBeNull();
      await callStillWorks(res.body);
    });

    it("when LiveKit is still working at the start's wait, the caller gets a token and the call works", async () => {
      useLiveKit(lk);
      Object.assign(ROOM_TIMING, { startWaitMs: 0, createDeadlineMs: 1_000 });
      lk.arm("CreateRoom", "hang");
      const res = await startCall(slug);
      expect(res.status).toBe(201);
      expect(res.body.livekit).toMatchObject({ room: roomOf(res.body.conversationId) });
      // The creation timed out after the response: the page's join would fail, harmlessly.
      expect(lk.rooms.has(roomOf(res.body.conversationId))).toBe(false);
      await callStillWorks(res.body);
    });

    it("when LiveKit is unreachable, the call starts without a room", async () => {
      useLiveKit(lk, { LIVEKIT_URL: "ws://127.0.0.1:9" });
      Object.assign(ROOM_TIMING, { startWaitMs: 60_000 });
      const res = await startCall(slug);
      expect(res.status).toBe(201);
      expect(res.body.livekit).toBeNull();
      await callStillWorks(res.body);
    });

    it("without LiveKit configured, nothing is asked of it and livekit is null", async () => {
      const before = lk.requests.length;
      const res = await startCall(slug);
      expect(res.body.livekit).toBeNull();
      await endCall(res.body.conversationId, res.body.callToken);
      expect(lk.requests.length).toBe(before);
    });
  });

  describe("POST /api/livekit/token", () => {
    let member: TestUser;
    let viewer: TestUser;
    let stranger: TestUser;
    let active: { conversationId: string; callToken: string };

    const grant = (user: TestUser | null, body: unknown) =>
      call(tokenRoute.POST, "/api/livekit/token", {
        method: "POST",
        cookie: user?.cookie,
        body,
      });

    beforeAll(async () => {
      [member, viewer, stranger] = await Promise.all([
        createUser(db()),
        createUser(db()),
        createUser(db()),
      ]);
      await addMember(db(), owner.id, member, "member");
      await addMember(db(), owner.id, viewer, "viewer");
    });

    it("gives a member a hidden, subscribe-only token to listen", async () => {
      useLiveKit(lk);
      active = (await startCall(slug)).body;
      const res = await grant(member, { conversationId: active.conversationId, mode: "listen" });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ url: lk.url, room: roomOf(active.conversationId) });
      const claims = await new TokenVerifier(lk.apiKey, lk.apiSecret).verify(res.body.token);
      expect(claims.sub).toBe(`listener:${member.id}`);
      expect(claims.exp! - claims.nbf!).toBeLessThanOrEqual(ROOM_TOKEN_SECONDS);
      expect(claims.video).toMatchObject({
        room: roomOf(active.conversationId),
        roomJoin: true,
        canSubscribe: true,
        canPublish: false,
        canPublishData: false,
        hidden: true,
      });
      for (const admin of ["roomAdmin", "roomCreate", "roomList"] as const)
        expect(claims.video?.[admin]).not.toBe(true);
    });

    it("gives the owner a publish token to take over, as human:<user id>, once they hold the call", async () => {
      useLiveKit(lk);
      const takeover = { conversationId: active.conversationId, mode: "takeover" } as const;
      // Not before the owner holds the call (the Live page's Take over): the agent would talk too.
      const early = await grant(owner, takeover);
      expect(early.status).toBe(409);
      await takeOver(
        { claims: owner.claims, workspaceId: owner.id },
        { conversationId: active.conversationId },
      );
      // A member who does not hold it gets no publish token either.
      expect((await grant(member, takeover)).status).toBe(409);
      const res = await grant(owner, takeover);
      expect(res.status).toBe(200);
      const claims = await new TokenVerifier(lk.apiKey, lk.apiSecret).verify(res.body.token);
      expect(claims.sub).toBe(`human:${owner.id}`);
      expect(claims.exp! - claims.nbf!).toBeLessThanOrEqual(15 * 60);
      expect(claims.video).toMatchObject({
        room: roomOf(active.conversationId),
        roomJoin: true,
        canPublish: true,
        canSubscribe: true,
      });
      expect(claims.video?.hidden).not.toBe(true);
      for (const admin of ["roomAdmin", "roomCreate", "roomList"] as const)
        expect(claims.video?.[admin]).not.toBe(true);
    });

    it("takes the member who hands back out of the room, so their publish token is spent", async () => {
      useLiveKit(lk);
      lk.requests.length = 0;
      // The owner holds the call (the test before took it over): hand back.
      await handBack(
        { claims: owner.claims, workspaceId: owner.id },
        { conversationId: active.conversationId },
      );
      await settleBackground();
      const removal = lk.requests.find((r) => r.method === "RemoveParticipant");
      expect(removal?.body).toEqual({
        room: roomOf(active.conversationId),
        identity: `human:${owner.id}`,
      });
      expect(removal?.claims.video).toMatchObject({ roomAdmin: true });
      // The talk token is refused now, and a hung LiveKit never holds up a hand back.
      const takeover = { conversationId: active.conversationId, mode: "takeover" } as const;
      expect((await grant(owner, takeover)).status).toBe(409);
      await takeOver(
        { claims: owner.claims, workspaceId: owner.id },
        { conversationId: active.conversationId },
      );
      // The removal runs after the response under its own deadline: the hand back is done
      // while LiveKit still hangs.
      lk.arm("RemoveParticipant", "hang");
      const back = await handBack(
        { claims: owner.claims, workspaceId: owner.id },
        { conversationId: active.conversationId },
      );
      expect(back).toEqual({ conversationId: active.conversationId });
      await settleBackground();
    });

    it.each(["listen", "takeover"] as const)(
      "refuses a viewer and a non-member (403) for %s",
      async (mode) => {
        useLiveKit(lk);
        for (const user of [viewer, stranger]) {
          const res = await grant(user, { conversationId: active.conversationId, mode });
          expect(res.status).toBe(403);
          expect(res.body.error.code).toBe("forbidden");
          expect(res.body.token).toBeUndefined();
        }
      },
    );

    it("is 404 for an unknown call, 409 for an ended one, 401 signed out, 400 bad input", async () => {
      useLiveKit(lk);
      const unknown = await grant(owner, { conversationId: randomUUID(), mode: "listen" });
      expect(unknown.status).toBe(404);
      const done = (await startCall(slug)).body;
      await endCall(done.conversationId, done.callToken);
      const ended = await grant(member, { conversationId: done.conversationId, mode: "listen" });
      expect(ended.status).toBe(409);
      expect(ended.body.error.code).toBe("conflict");
      expect(
        (await grant(null, { conversationId: active.conversationId, mode: "listen" })).status,
      ).toBe(401);
      const bad = await grant(owner, { conversationId: active.conversationId, mode: "admin" });
      expect(bad.status).toBe(400);
      expect((await grant(owner, { conversationId: "x", mode: "listen" })).status).toBe(400);
    });

    it("is 404 when LiveKit is not configured", async () => {
      const res = await grant(owner, { conversationId: active.conversationId, mode: "listen" });
      expect(res.status).toBe(404);
    });
  });

  describe("POST /api/livekit/webhook", () => {
    const event = (
      name: string,
      conversationId: string,
      identity?: string,
      id = `EV_${randomUUID()}`,
    ) =>
      JSON.stringify({
        event: name,
        id,
        createdAt: String(Math.floor(Date.now() / 1000)),
        room: { sid: "RM_test", name: roomOf(conversationId), metadata: "" },
        ...(identity ? { participant: { sid: "PA_test", identity, state: "DISCONNECTED" } } : {}),
      });

    const deliver = async (body: string, authorization?: string) => {
      const res = await call(webhookRoute.POST, "/api/livekit/webhook", {
        method: "POST",
        body,
        headers: {
          "content-type": "application/webhook+json",
          ...(authorization ? { authorization } : {}),
        },
      });
      await settleBackground();
      return res;
    };
    const signed = async (body: string) =>
      deliver(body, await signWebhook(body, lk.apiKey, lk.apiSecret));

    it("refuses unsigned, wrongly signed and tampered deliveries, changing nothing", async () => {
      useLiveKit(lk);
      const started = (await startCall(slug)).body;
      const body = event(
        "participant_left",
        started.conversationId,
        `caller:${started.conversationId}`,
      );
      const unsigned = await deliver(body);
      expect(unsigned.status).toBe(401);
      expect(unsigned.body.error.code).toBe("unauthorized");
      const wrongKey = await deliver(
        body,
        await signWebhook(body, lk.apiKey, "another-secret-0123456789abcdef0123"),
      );
      expect(wrongKey.status).toBe(401);
      // Signed for one body, delivered with another.
      const header = await signWebhook(body, lk.apiKey, lk.apiSecret);
      const tampered = await deliver(body.replace("participant_left", "room_finished"), header);
      expect(tampered.status).toBe(401);
      expect(tampered.body.error.code).toBe("unauthorized");
      expect((await deliver(body, "Bearer nonsense")).status).toBe(401);
      expect(await conversationRow(db(), started.conversationId)).toMatchObject({
        status: "active",
      });
      expect(await jobsOf(db(), started.conversationId)).toHaveLength(0);
    });

    it("ends the call when the caller leaves, runs its analysis once, and ignores a replay", async () => {
      useLiveKit(lk);
      const started = (await startCall(slug)).body;
      const turn = await textTurn(started.callToken, "Hi, this is Ada, I need a new kitchen.");
      expect(turn.status).toBe(200);
      const body = event(
        "participant_left",
        started.conversationId,
        `caller:${started.conversationId}`,
      );
      const first = await signed(body);
      expect(first.status).toBe(200);
      expect(first.body.outcome).toBe("ended");
      expect(await conversationRow(db(), started.conversationId)).toEqual({
        status: "ended",
        end_reason: "caller_left",
      });
      expect(await jobsOf(db(), started.conversationId)).toEqual([{ status: "done", attempts: 1 }]);
      // The room is deleted as with any end.
      expect(lk.rooms.has(roomOf(started.conversationId))).toBe(false);

      // LiveKit redelivers the same event: acknowledged, nothing changes.
      const replay = await signed(body);
      expect(replay.status).toBe(200);
      expect(replay.body.outcome).toBe("duplicate");
      expect(await jobsOf(db(), started.conversationId)).toEqual([{ status: "done", attempts: 1 }]);
    });

    it("ends the call on a redelivery when the delivery that recorded the event died first", async () => {
      useLiveKit(lk);
      const started = (await startCall(slug)).body;
      const id = `EV_${randomUUID()}`;
      // The first delivery recorded the id, then its function was killed before ending the call.
      await withServiceRole("test: a delivery that died", (trx) =>
        claimWebhookEvent(trx, {
          id,
          event: "room_finished",
          room: roomOf(started.conversationId),
        }),
      );
      const redelivered = await signed(
        event("room_finished", started.conversationId, undefined, id),
      );
      expect(redelivered.body.outcome).toBe("ended");
      expect(await conversationRow(db(), started.conversationId)).toMatchObject({
        status: "ended",
      });
      expect(
        (await signed(event("room_finished", started.conversationId, undefined, id))).body.outcome,
      ).toBe("duplicate");
    });

    it("ignores other participants leaving; room_finished ends the call", async () => {
      useLiveKit(lk);
      const started = (await startCall(slug)).body;
      const listener = await signed(
        event("participant_left", started.conversationId, `listener:${owner.id}`),
      );
      expect(listener.body.outcome).toBe("ignored");
      // A caller identity for another call does not end this one.
      const other = await signed(
        event("participant_left", started.conversationId, `caller:${randomUUID()}`),
      );
      expect(other.body.outcome).toBe("ignored");
      expect(await conversationRow(db(), started.conversationId)).toMatchObject({
        status: "active",
      });
      const finished = await signed(event("room_finished", started.conversationId));
      expect(finished.body.outcome).toBe("ended");
      expect(await conversationRow(db(), started.conversationId)).toEqual({
        status: "ended",
        end_reason: "room_finished",
      });
      expect(await jobsOf(db(), started.conversationId)).toHaveLength(1);
    });

    it("acknowledges events for rooms that are not calls, and forgets ids past retention", async () => {
      useLiveKit(lk);
      const events = (sqlText: ReturnType<typeof sql>) =>
        withServiceRole("test reads webhook events", (trx) => sqlText.execute(trx), db());
      await events(sql`insert into public.livekit_webhook_events (event_id, event, received_at)
        values ('EV_old', 'room_started', now() - interval '8 days'),
               ('EV_recent', 'room_started', now() - interval '1 day')`);
      const body = JSON.stringify({
        event: "room_started",
        id: `EV_${randomUUID()}`,
        room: { name: "lobby" },
      });
      const res = await signed(body);
      expect(res.status).toBe(200);
      expect(res.body.outcome).toBe("ignored");
      const { rows } = await events(sql`select event_id from public.livekit_webhook_events
        where event_id in ('EV_old', 'EV_recent')`);
      expect(rows).toEqual([{ event_id: "EV_recent" }]);
    });
  });
});
