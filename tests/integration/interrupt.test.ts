// Barge-in through the real route, on each database: an interrupt must name the agent turn
// (seq) and piece; it lands whether the pipeline has written that turn's row yet or not,
// the first report wins, and an ended call refuses it.
import { beforeAll, expect, it } from "vitest";
import * as interruptRoute from "@/app/api/voice/turn/interrupt/route";
import { type CallKey, reserveSeqs, upsertTurn } from "@/lib/db/queries/calls";
import { withServiceRole } from "@/lib/db/scoped";
import { createActiveCampaign, done, endCall, startCall, textTurn } from "../helpers/calls";
import { describeEachDatabase } from "../helpers/db";
import { countRows, type TestUser } from "../helpers/factories";
import { call } from "../helpers/http";

describeEachDatabase("interrupts", ({ db }) => {
  let owner: TestUser;
  let slug: string;

  beforeAll(async () => {
    const active = await createActiveCampaign(db());
    owner = active.owner;
    slug = active.campaign.publicSlug;
  });

  const interrupt = (token: string, body: unknown) =>
    call(interruptRoute.POST, "/api/voice/turn/interrupt", {
      headers: { authorization: `Bearer ${token}` },
      body,
    });
  const turn = (id: string, seq: number) =>
    db()
      .selectFrom("turns")
      .select(["role", "text", "interrupted", "heard_text", "heard_ms", "cost_usd"])
      .where("conversation_id", "=", id)
      .where("seq", "=", seq)
      .executeTakeFirst();
  async function begin() {
    const { conversationId, callToken } = (await startCall(slug)).body;
    const row = await db()
      .selectFrom("conversations")
      .select("started_at")
      .where("id", "=", conversationId)
      .executeTakeFirstOrThrow();
    return {
      id: conversationId,
      token: callToken,
      key: { id: conversationId, startedAt: row.started_at } as CallKey,
    };
  }

  it("refuses an interrupt that does not name its turn and piece, changing nothing", async () => {
    const c = await begin();
    const before = await countRows(db());
    for (const body of [
      { heardText: "Hi", heardMs: 300 },
      { seq: 0, heardText: "Hi" },
      { pieceId: 0, heardText: "Hi" },
      { seq: -1, pieceId: 0 },
      { seq: "0", pieceId: 0 },
    ]) {
      const res = await interrupt(c.token, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe("invalid_input");
    }
    expect(await countRows(db())).toEqual(before);
    expect((await turn(c.id, 0))!.interrupted).toBe(false);
    // A caller turn, or a number no turn has reserved, is not an agent turn to interrupt.
    const t = await textTurn(c.token, "Yes, sure.");
    expect((await interrupt(done(t).callToken, { seq: 1, pieceId: 0 })).status).toBe(400);
    expect((await interrupt(done(t).callToken, { seq: 99, pieceId: 0 })).status).toBe(400);
  });

  it("marks a turn whose row the pipeline has not written yet; the later write keeps it", async () => {
    const c = await begin();
    // The pipeline reserved caller + agent numbers and is still streaming the reply.
    const callerSeq = await withServiceRole("test", (trx) => reserveSeqs(trx, c.key, 2), db());
    const agentSeq = callerSeq + 1;
    const res = await interrupt(c.token, {
      seq: agentSeq,
      pieceId: 1,
      sampleOffset: 12_000,
      heardMs: 1_800,
      heardText: "Thanks, that",
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ seq: agentSeq, interrupted: true });
    expect(await turn(c.id, agentSeq)).toMatchObject({
      role: "agent",
      interrupted: true,
      heard_text: "Thanks, that",
      heard_ms: 1_800,
    });
    await withServiceRole(
      "test",
      (trx) =>
        upsertTurn(trx, owner.id, c.key, {
          seq: agentSeq,
          role: "agent",
          text: "Thanks, that helps. What else?",
          costUsd: 0.001,
        }),
      db(),
    );
    expect(await turn(c.id, agentSeq)).toMatchObject({
      text: "Thanks, that helps. What else?",
      interrupted: true,
      heard_text: "Thanks, that",
      heard_ms: 1_800,
      cost_usd: "0.001000",
    });
  });

  it("marks a written turn, and the first report wins when it comes twice", async () => {
    const c = await begin();
    const t = await textTurn(c.token, "Yes, sure.");
    const { agentSeq } = t.events.find((e) => e.type === "turn");
    const token = done(t).callToken;
    const first = { seq: agentSeq, pieceId: 0, heardMs: 900, heardText: "What are" };
    const again = { seq: agentSeq, pieceId: 1, heardMs: 2500, heardText: "What are you looking" };
    const answers = await Promise.all([interrupt(token, first), interrupt(token, first)]);
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    expect((await interrupt(token, again)).status).toBe(200);
    expect(await turn(c.id, agentSeq)).toMatchObject({
      role: "agent",
      interrupted: true,
      heard_text: "What are",
      heard_ms: 900,
    });
    expect((await turn(c.id, agentSeq))!.text).toContain("What are you looking for help with?");
    // The greeting (seq 0) can be barged in on too.
    expect(
      (await interrupt(token, { seq: 0, pieceId: 0, heardMs: 400, heardText: "Hi!" })).status,
    ).toBe(200);
    expect(await turn(c.id, 0)).toMatchObject({ interrupted: true, heard_text: "Hi!" });
  });

  it("refuses an interrupt on an ended call and changes nothing", async () => {
    const c = await begin();
    const t = await textTurn(c.token, "Yes, sure.");
    const token = done(t).callToken;
    await endCall(c.id, token);
    const res = await interrupt(token, { seq: 2, pieceId: 0, heardMs: 100, heardText: "What" });
    expect(res.status).toBe(409);
    expect(await turn(c.id, 2)).toMatchObject({
      interrupted: false,
      heard_text: null,
      heard_ms: null,
    });
  });
});
