// Recordings through the real routes on each database: off by default (nothing stored), on
// for a campaign (each audio turn's caller WAV and every turn's agent audio stored after the
// turn, as files under the data directory), the consent notice saying so, playback that only
// the workspace's members get (404 for anyone else), and the settings' permission checks.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as recordingRoute from "@/app/api/recordings/[id]/route";
import { getCallPageCampaign } from "@/lib/db/queries/call-page";
import { withServiceRole, withUser } from "@/lib/db/scoped";
import { resetEnvCache } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { settleBackground } from "@/lib/jobs/background";
import { getRecordingSettings, saveRecordingSettings } from "@/lib/recordings/settings";
import { resetRecordingStore } from "@/lib/recordings/storage";
import { RECORDING_NOTICE } from "@/lib/validations/recordings";
import { parseWav } from "@/lib/voice/audio";
import { resetProviders } from "@/lib/voice/providers";
import { synthesizeWav } from "@/lib/voice/providers/tts/local";
import {
  audioBytes,
  audioTurn,
  createActiveCampaign,
  done,
  startCall,
  textTurn,
} from "../helpers/calls";
import { describeEachDatabase } from "../helpers/db";
import { createCampaignFor, createUser, type TestUser } from "../helpers/factories";
import { wavFile } from "../helpers/wav";
import { addMember, createTeamWorkspace } from "../helpers/workspaces";

interface Row {
  id: string;
  workspace_id: string;
  seq: number;
  role: string;
  path: string;
  bytes: number;
  duration_ms: number;
}

// Each call synthesises its replies with the local eSpeak TTS, on a machine shared with other
// suites: a whole call may take longer than the default 30 s.
vi.setConfig({ testTimeout: 120_000 });

let dataDir: string;
const savedDataDir = process.env.VOXLINE_DATA_DIR;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "voxline-recordings-"));
  process.env.VOXLINE_DATA_DIR = dataDir;
  resetEnvCache();
  resetRecordingStore();
});

afterAll(async () => {
  process.env.VOXLINE_DATA_DIR = savedDataDir;
  resetEnvCache();
  resetRecordingStore();
  await rm(dataDir, { recursive: true, force: true });
});

/** GET /api/recordings/:id as the browser's <audio> element sends it. */
async function play(id: string, cookie?: string, range?: string) {
  const headers = new Headers();
  if (cookie) headers.set("cookie", cookie);
  if (range) headers.set("range", range);
  const req = new NextRequest(`http://localhost:3000/api/recordings/${id}`, { headers });
  const res = await recordingRoute.GET(req, { params: Promise.resolve({ id }) });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

describeEachDatabase("turn recordings", ({ db }) => {
  let owner: TestUser;
  let campaignId: string;
  let slug: string;
  let utterance: Uint8Array;

  const recordingsOf = async (conversationId: string) =>
    (
      await withServiceRole("tests read recordings", (trx) =>
        sql<Row>`select id, workspace_id, seq, role, path, bytes, duration_ms
          from turn_recordings where conversation_id = ${conversationId} order by seq, role`.execute(
          trx,
        ),
      )
    ).rows;

  const setRecording = (recordCalls: boolean) =>
    saveRecordingSettings(owner.claims, {
      campaignId,
      settings: { recordCalls, retentionDays: null },
    });

  /** One WAV turn then one typed turn, with their background work settled. The caller's page
   * says the call is recorded whenever the campaign records (recordingNotice). */
  async function callWithTwoTurns() {
    const started = await startCall(slug, undefined, { recordingNotice: true });
    const { conversationId, callToken } = started.body;
    const spoken = "We need a whole new kitchen.";
    const first = await audioTurn(callToken, utterance, spoken);
    expect(first.status).toBe(200);
    const second = await textTurn(done(first).callToken, "As soon as possible.");
    expect(second.status).toBe(200);
    await settleBackground();
    return { conversationId, first, second };
  }

  beforeAll(async () => {
    resetProviders();
    const active = await createActiveCampaign(db());
    owner = active.owner;
    campaignId = active.campaign.id;
    slug = active.campaign.publicSlug;
    utterance = wavFile(await synthesizeWav("We need a whole new kitchen."));
  });

  it("is off by default: no recording, no file, the plain consent notice", async () => {
    expect(await getRecordingSettings(owner.claims, { campaignId })).toEqual({
      recordCalls: false,
      retentionDays: null,
    });
    const { conversationId } = await callWithTwoTurns();
    expect(await recordingsOf(conversationId)).toEqual([]);
    await expect(
      readFile(path.join(dataDir, "recordings", owner.id, conversationId)),
    ).rejects.toThrow();
    const page = await getCallPageCampaign(slug);
    expect(page?.consentNotice).not.toContain(RECORDING_NOTICE);
  });

  it("when on, stores the caller's WAV and the agent's audio of each turn, and says so", async () => {
    await setRecording(true);
    expect((await getCallPageCampaign(slug))?.consentNotice).toMatch(
      new RegExp(`${RECORDING_NOTICE.replace(".", "\\.")}$`),
    );
    const { conversationId, first, second } = await callWithTwoTurns();
    const rows = await recordingsOf(conversationId);
    // Turn 1 (WAV): caller + agent; turn 3 (typed): the agent only, no caller audio exists.
    expect(rows.map((r) => `${r.seq}-${r.role}`)).toEqual(["1-caller", "2-agent", "4-agent"]);
    for (const r of rows) {
      expect(r.workspace_id).toBe(owner.id);
      expect(r.path).toBe(`${owner.id}/${conversationId}/${r.seq}-${r.role}.wav`);
    }
    const file = (r: Row) => readFile(path.join(dataDir, "recordings", r.path));
    // The caller's side is exactly the uploaded WAV.
    const caller = await file(rows[0]!);
    expect(Buffer.compare(caller, Buffer.from(utterance))).toBe(0);
    expect(rows[0]!.bytes).toBe(utterance.byteLength);
    // The agent's side is every PCM frame the caller was sent, as one WAV.
    for (const [row, turn] of [
      [rows[1]!, first],
      [rows[2]!, second],
    ] as const) {
      const agent = parseWav(new Uint8Array(await file(row)));
      const sent = audioBytes(turn);
      expect(sent.length).toBeGreaterThan(0);
      expect(Buffer.compare(Buffer.from(agent.data), sent)).toBe(0);
      expect(agent.sampleRate).toBe(turn.events.find((e) => e.type === "audio").sampleRate);
      expect(row.duration_ms).toBe(agent.durationMs);
      expect(row.bytes).toBe((await file(row)).length);
    }
  });

  it("does not record a call that started before recording was switched on", async () => {
    await setRecording(false);
    const started = await startCall(slug);
    await setRecording(true);
    const turn = await audioTurn(started.body.callToken, utterance, "Hello there.");
    expect(turn.status).toBe(200);
    await settleBackground();
    expect(await recordingsOf(started.body.conversationId)).toEqual([]);
  });

  it("does not record a caller whose page loaded before recording was switched on", async () => {
    // The page (and its notice, without "This call is recorded.") was open before the switch:
    // its start does not say recordingNotice, so the call is not recorded.
    await setRecording(true);
    const started = await startCall(slug);
    const turn = await audioTurn(started.body.callToken, utterance, "Hello there.");
    expect(turn.status).toBe(200);
    await settleBackground();
    expect(await recordingsOf(started.body.conversationId)).toEqual([]);
  });

  it("on Vercel without Supabase Storage, refuses to switch recording on and stores nothing", async () => {
    await setRecording(true);
    const started = await startCall(slug, undefined, { recordingNotice: true });
    const saved = { ...process.env };
    process.env.VERCEL = "1";
    delete process.env.SUPABASE_SERVICE_ROLE_KEY;
    resetEnvCache();
    try {
      // Already on (saved before the deploy lost its store): the turn goes on, unrecorded.
      const turn = await audioTurn(started.body.callToken, utterance, "Hello there.");
      expect(turn.status).toBe(200);
      await settleBackground();
      expect(await recordingsOf(started.body.conversationId)).toEqual([]);
      const refused = await setRecording(true).catch((e: unknown) => e);
      expect(refused).toMatchObject({ status: 409, code: "conflict" });
      expect((refused as Error).message).toMatch(/Supabase Storage/);
      await expect(setRecording(false)).resolves.toMatchObject({ recordCalls: false });
    } finally {
      process.env = saved;
      resetEnvCache();
    }
  });

  it("never records a phone call: its spoken consent message does not say so", async () => {
    await setRecording(true);
    const recordedOf = (channel: "web" | "phone") =>
      withServiceRole("tests open a call", (trx) =>
        trx
          .insertInto("conversations")
          .values({
            workspace_id: owner.id,
            campaign_id: campaignId,
            started_at: new Date(),
            channel,
          })
          .returning("recorded")
          .executeTakeFirstOrThrow(),
      );
    expect(await recordedOf("web")).toEqual({ recorded: true });
    expect(await recordedOf("phone")).toEqual({ recorded: false });
  });

  describe("playback", () => {
    let rows: Row[];
    beforeAll(async () => {
      await setRecording(true);
      rows = await recordingsOf((await callWithTwoTurns()).conversationId);
    });

    it("streams audio/wav to the workspace's members, with byte ranges", async () => {
      const caller = rows.find((r) => r.role === "caller")!;
      const stored = await readFile(path.join(dataDir, "recordings", caller.path));
      const whole = await play(caller.id, owner.cookie);
      expect(whole.status).toBe(200);
      expect(whole.headers.get("content-type")).toBe("audio/wav");
      expect(whole.headers.get("accept-ranges")).toBe("bytes");
      expect(whole.headers.get("content-length")).toBe(String(stored.length));
      expect(Buffer.compare(whole.bytes, stored)).toBe(0);

      const head = await play(caller.id, owner.cookie, "bytes=0-43");
      expect(head.status).toBe(206);
      expect(head.headers.get("content-range")).toBe(`bytes 0-43/${stored.length}`);
      expect(head.bytes.toString("latin1", 0, 4)).toBe("RIFF");
      expect(head.bytes.length).toBe(44);

      const tail = await play(caller.id, owner.cookie, "bytes=-10");
      expect(tail.status).toBe(206);
      expect(Buffer.compare(tail.bytes, stored.subarray(stored.length - 10))).toBe(0);

      const past = await play(caller.id, owner.cookie, `bytes=${stored.length}-`);
      expect(past.status).toBe(416);
      expect(past.headers.get("content-range")).toBe(`bytes */${stored.length}`);
    });

    it("is 404 for a user of another workspace, 401 signed out, 400 for a bad id", async () => {
      const id = rows[0]!.id;
      const stranger = await createUser(db());
      const other = await play(id, stranger.cookie);
      expect(other.status).toBe(404);
      expect(JSON.parse(other.bytes.toString()).error.code).toBe("not_found");
      expect((await play(id)).status).toBe(401);
      expect((await play("not-a-uuid", owner.cookie)).status).toBe(400);
      // RLS is what hides it: the stranger's own reads see no row at all.
      const seen = await withUser(stranger.claims, (trx) =>
        trx.selectFrom("turn_recordings").select("id").execute(),
      );
      expect(seen).toEqual([]);
    });

    it("a viewer of the workspace plays them too", async () => {
      const teamOwner = await createUser(db());
      const team = await createTeamWorkspace(db(), teamOwner);
      const viewer = await createUser(db());
      await addMember(db(), team, viewer, "viewer");
      const campaign = await createCampaignFor(teamOwner, {}, team);
      await saveRecordingSettings(teamOwner.claims, {
        campaignId: campaign.id,
        settings: { recordCalls: true, retentionDays: 30 },
      });
      await withServiceRole("tests activate", (trx) =>
        trx
          .updateTable("campaigns")
          .set({ status: "active" })
          .where("id", "=", campaign.id)
          .execute(),
      );
      const started = await startCall(campaign.publicSlug, undefined, { recordingNotice: true });
      await audioTurn(started.body.callToken, utterance, "Hello.");
      await settleBackground();
      const teamRows = await recordingsOf(started.body.conversationId);
      expect(teamRows.length).toBe(2);
      expect((await play(teamRows[0]!.id, viewer.cookie)).status).toBe(200);
      expect((await play(teamRows[0]!.id, owner.cookie)).status).toBe(404);
      // A viewer cannot change the settings.
      await expect(
        saveRecordingSettings(viewer.claims, {
          campaignId: campaign.id,
          settings: { recordCalls: false, retentionDays: null },
        }),
      ).rejects.toMatchObject({ status: 403 });
      // A member switches recording but cannot change the retention period (it deletes
      // history): the app says so, and Postgres refuses it whatever the client sends.
      const member = await createUser(db());
      await addMember(db(), team, member, "member");
      const asMember = { claims: member.claims, workspaceId: team };
      await saveRecordingSettings(asMember, {
        campaignId: campaign.id,
        settings: { recordCalls: false, retentionDays: 30 },
      });
      await expect(
        saveRecordingSettings(asMember, {
          campaignId: campaign.id,
          settings: { recordCalls: false, retentionDays: 1 },
        }),
      ).rejects.toMatchObject({ status: 403 });
      await expect(
        withUser(member.claims, (trx) =>
          trx
            .updateTable("campaigns")
            .set({ retention_days: 1 })
            .where("id", "=", campaign.id)
            .execute(),
        ),
      ).rejects.toMatchObject({ code: "42501" });
      expect(await getRecordingSettings(asMember, { campaignId: campaign.id })).toEqual({
        recordCalls: false,
        retentionDays: 30,
      });
    });
  });

  it("refuses retention outside 1..3650 days", async () => {
    for (const retentionDays of [0, 3651, 1.5]) {
      const error = await saveRecordingSettings(owner.claims, {
        campaignId,
        settings: { recordCalls: true, retentionDays },
      }).catch((e) => e);
      expect(error).toBeInstanceOf(AppError);
      expect(error.status).toBe(400);
    }
    await saveRecordingSettings(owner.claims, {
      campaignId,
      settings: { recordCalls: true, retentionDays: 3650 },
    });
    expect(await getRecordingSettings(owner.claims, { campaignId })).toEqual({
      recordCalls: true,
      retentionDays: 3650,
    });
  });
});
