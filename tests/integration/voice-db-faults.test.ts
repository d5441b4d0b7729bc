// Database faults on the turn path: the caller's turn cannot be claimed → 503 + Retry-After and
// a JSON error before any stream (and no provider called); a backend terminated mid-turn
// (pg_terminate_backend on this suite's own scratch database, never the shared server) still
// ends in done within the bound, and the next turn on the call works; the backend writing the
// agent turn terminated mid-write gives store_failed + done and releases the key.
import { sql } from "kysely";
import { expect, it } from "vitest";
import { describeEachDatabase } from "../helpers/db";
import { expectWholeSamples, replyText, shape, timedTurn } from "../helpers/turn-stream";
import {
  expectDoneWithin,
  expectNormalTurn,
  expectStoreFailed,
  FULL_REPLY,
  retryWhileHeld,
  tokenOf,
  voiceSuite,
} from "../helpers/voice-suite";

describeEachDatabase("voice turn database faults", ({ db, kind }) => {
  const suite = voiceSuite(db);
  const { newCall, turnsOf } = suite;
  const calls = () => suite.openai.requests.length + suite.deepgram.requests.length;

  it("the caller's turn cannot be stored: 503 + Retry-After + JSON error before the stream", async () => {
    const c = await newCall();
    const before = calls();
    await sql`alter table turns add constraint engine_test_no_callers
      check (role <> 'caller') not valid`.execute(db());
    let t: Awaited<ReturnType<typeof timedTurn>>;
    try {
      t = await timedTurn(c.callToken, { audio: suite.utterance }, { "idempotency-key": "k-503" });
    } finally {
      await sql`alter table turns drop constraint engine_test_no_callers`.execute(db());
    }
    expect(t.status).toBe(503);
    expect(t.headers.get("retry-after")).toBe("2");
    expect(t.headers.get("content-type")).toMatch(/application\/json/);
    expect(t.error?.error.code).toBe("database_unavailable");
    expect(t.events).toHaveLength(0);
    expect(calls()).toBe(before); // no provider was called
    expect(await turnsOf(c.conversationId)).toHaveLength(1); // only the greeting
    // Once the database takes writes again, the same key runs normally.
    const retry = await timedTurn(
      c.callToken,
      { audio: suite.utterance },
      { "idempotency-key": "k-503" },
    );
    expectNormalTurn(retry);
  });

  it.skipIf(kind === "pglite")(
    "the backend writing the agent's turn is terminated: store_failed, done, key released",
    async () => {
      const c = await newCall();
      const headers = { "idempotency-key": "killed-write" };
      let release: () => void = () => {};
      const released = new Promise<void>((r) => {
        release = r;
      });
      let holding: Promise<void> | undefined;
      let locked: () => void = () => {};
      const lockTaken = new Promise<void>((r) => {
        locked = r;
      });
      // Once the caller's turn is claimed, hold the conversation's row: the agent turn's write
      // (which adds its cost there) waits on it, and that waiting backend is terminated.
      const onEvent = (e: { type: string }) => {
        if (e.type !== "turn" || holding) return;
        holding = db()
          .transaction()
          .execute(async (trx) => {
            await sql`select 1 from conversations where id = ${c.conversationId} for update`.execute(
              trx,
            );
            locked();
            await released;
          });
      };
      const turn = timedTurn(c.callToken, { json: { text: "Hello" } }, headers, onEvent);
      await lockTaken;
      let killed = 0;
      for (let i = 0; i < 200 && !killed; i++) {
        const r = await sql<{ n: number }>`select count(pg_terminate_backend(pid))::int as n
          from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`.execute(
          db(),
        );
        killed = r.rows[0]!.n;
        if (!killed) await new Promise((res) => setTimeout(res, 20));
      }
      release();
      await holding;
      const t = await turn;
      expect(killed).toBeGreaterThan(0);
      expectStoreFailed(t);
      // The key was released: the retry runs the turn again, and it is stored this time.
      expectNormalTurn(await retryWhileHeld(tokenOf(t), { json: { text: "Hello" } }, headers));
    },
  );

  it.skipIf(kind === "pglite")(
    "backends terminated mid-turn: done still arrives, the next turn works",
    async () => {
      const c = await newCall();
      suite.openai.set({ tokenEveryMs: 60 });
      let stop = false;
      let streaming: () => void = () => {};
      const started = new Promise<void>((r) => {
        streaming = r;
      });
      const turn = timedTurn(c.callToken, { json: { text: "Hello" } }, {}, streaming);
      // Once the stream has started, kill every other backend of this scratch database.
      const killer = (async () => {
        await started;
        while (!stop) {
          await sql`select pg_terminate_backend(pid) from pg_stat_activity
            where datname = current_database() and pid <> pg_backend_pid()`
            .execute(db())
            .catch(() => {});
          await new Promise((r) => setTimeout(r, 15));
        }
      })();
      const t = await turn;
      stop = true;
      await killer;
      suite.openai.set({ tokenEveryMs: 0 });
      expect(t.status).toBe(200);
      expect(shape(t).at(-1)).toBe("done");
      expectWholeSamples(t);
      const error = t.events.find((e) => e.type === "error");
      if (error) {
        expect(error).toMatchObject({ stage: "store", code: "store_failed" });
        expect(t.events.at(-1).turn.incomplete).toBe(true);
      } else expect(replyText(t)).toBe(FULL_REPLY);
      expectDoneWithin(t, t.startedAt, 8 * 60 + 1_500 + 1_000);
      expectNormalTurn(await timedTurn(tokenOf(t), { json: { text: "Still there?" } }));
    },
  );
});
