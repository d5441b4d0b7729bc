// withCaller: a call token's holder acts as voxline_caller, and Postgres lets it touch only
// its own conversation, that conversation's turns and its campaign's caller-facing
// settings. Run on a database prepared with Supabase's default privileges.
import { type Kysely, sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import type { DB } from "@/lib/db/schema.gen";
import { type CallerClaims, type Tx, withCaller } from "@/lib/db/scoped";
import { DB_KINDS } from "../helpers/db";
import {
  createCampaignFor,
  createConversation,
  createLead,
  createTurn,
  createUser,
} from "../helpers/factories";
import { publicRelations, useSupabaseDatabase } from "../helpers/supabase-defaults";

type Conversation = Awaited<ReturnType<typeof createConversation>>;

const claimsOf = (c: Conversation): CallerClaims => ({
  sub: c.id,
  sat: c.started_at.toISOString(),
  own: c.workspace_id,
  cmp: c.campaign_id,
});

const denied = { code: "42501" };

describe.each(DB_KINDS)("withCaller [%s]", (kind) => {
  const db = useSupabaseDatabase(kind);
  let mine: Conversation;
  let sibling: Conversation; // same owner and campaign, another caller
  let elsewhere: Conversation; // another owner
  let otherCampaignId: string;
  let as: <T>(fn: (trx: Tx) => Promise<T>) => Promise<T>;

  beforeAll(async () => {
    const owner = await createUser(db());
    const stranger = await createUser(db());
    const campaign = await createCampaignFor(owner);
    otherCampaignId = (await createCampaignFor(owner, { name: "Second campaign" })).id;
    mine = await createConversation(db(), owner, campaign.id);
    sibling = await createConversation(db(), owner, campaign.id);
    const strangers = await createCampaignFor(stranger);
    elsewhere = await createConversation(db(), stranger, strangers.id);
    for (const c of [mine, sibling, elsewhere]) {
      await createTurn(db(), c);
      await createLead(db(), c);
    }
    as = (fn) => withCaller(claimsOf(mine), fn, db());
  });

  it("is a NOLOGIN role only migrating roles can switch to, no client role", async () => {
    const { rows } = await sql<{ login: boolean; bypass: boolean; members: string[] }>`
      select r.rolcanlogin as login, r.rolbypassrls as bypass,
             array(select m.member::regrole::text from pg_auth_members m
                    where m.roleid = r.oid) as members
        from pg_roles r where r.rolname = 'voxline_caller'`.execute(db());
    const { rows: me } = await sql<{ name: string }>`select current_user as name`.execute(db());
    const [role] = rows;
    expect(role).toMatchObject({ login: false, bypass: false });
    // Roles are cluster-wide: every role that ran the migrations (on any database of the
    // cluster) is a member; no role a client can reach through the Data API ever is.
    expect(role!.members).toContain(me[0]!.name);
    for (const client of ["anon", "authenticated", "authenticator", "service_role", "public"])
      expect(role!.members).not.toContain(client);
  });

  it("reads its conversation, its campaign's settings and its turns", async () => {
    const seen = await as(async (trx) => ({
      conversations: await trx.selectFrom("conversations").select(["id", "status"]).execute(),
      campaign: await trx
        .selectFrom("campaigns")
        .select(["id", "name", "status", "flow_config", "voice_settings"])
        .execute(),
      turns: await trx.selectFrom("turns").select(["conversation_id", "seq"]).execute(),
    }));
    expect(seen.conversations).toEqual([{ id: mine.id, status: "active" }]);
    expect(seen.campaign.map((c) => c.id)).toEqual([mine.campaign_id]);
    expect(seen.turns).toEqual([{ conversation_id: mine.id, seq: 0 }]);
  });

  it("writes its turns and its conversation's count, costs and end", async () => {
    await as(async (trx) => {
      const reserved = await trx
        .updateTable("conversations")
        .set((eb) => ({ turn_count: eb("turn_count", "+", 2) }))
        .where("id", "=", mine.id)
        .where("started_at", "=", mine.started_at)
        .returning("turn_count")
        .executeTakeFirstOrThrow();
      expect(reserved.turn_count).toBe(2);
      const turn = {
        workspace_id: mine.workspace_id,
        conversation_id: mine.id,
        conversation_started_at: mine.started_at,
      };
      await trx
        .insertInto("turns")
        .values([
          { ...turn, seq: 1, role: "caller", text: "Hello" },
          { ...turn, seq: 2, role: "agent", text: "Hi there" },
        ])
        .execute();
      // A barge-in's upsert on the agent turn.
      await trx
        .insertInto("turns")
        .values({ ...turn, seq: 2, role: "agent", interrupted: true, heard_text: "Hi" })
        .onConflict((oc) =>
          oc
            .columns(["conversation_id", "conversation_started_at", "seq"])
            .doUpdateSet({ interrupted: true, heard_text: "Hi" }),
        )
        .execute();
      await trx
        .updateTable("conversations")
        .set({
          stt_cost_usd: sql`stt_cost_usd + 0.01`,
          total_cost_usd: sql`total_cost_usd + 0.01`,
          status: "ended",
          ended_at: sql`now()`,
          end_reason: "caller_hung_up",
          duration_seconds: sql`greatest(0, round(extract(epoch from now() - started_at)))::integer`,
        })
        .where("id", "=", mine.id)
        .where("started_at", "=", mine.started_at)
        .execute();
    });
    const { rows } = await sql<{ seq: number; interrupted: boolean; status: string }>`
      select t.seq, t.interrupted, c.status from turns t join conversations c
        on c.id = t.conversation_id and c.started_at = t.conversation_started_at
       where c.id = ${mine.id} order by t.seq`.execute(db());
    expect(rows).toEqual([
      { seq: 0, interrupted: false, status: "ended" },
      { seq: 1, interrupted: false, status: "ended" },
      { seq: 2, interrupted: true, status: "ended" },
    ]);
  });

  it("sees and changes no other conversation, campaign or turn", async () => {
    for (const other of [sibling, elsewhere]) {
      const touched = await as(async (trx) => [
        ...(await trx
          .updateTable("conversations")
          .set({ turn_count: 99 })
          .where("id", "=", other.id)
          .returning("id")
          .execute()),
        ...(await trx
          .updateTable("turns")
          .set({ text: "forged" })
          .where("conversation_id", "=", other.id)
          .returning("id")
          .execute()),
        ...(await trx
          .selectFrom("turns")
          .select("id")
          .where("conversation_id", "=", other.id)
          .execute()),
      ]);
      expect(touched).toEqual([]);
      await expect(
        as((trx) =>
          trx
            .insertInto("turns")
            .values({
              workspace_id: other.workspace_id,
              conversation_id: other.id,
              conversation_started_at: other.started_at,
              seq: 50,
              role: "caller",
            })
            .execute(),
        ),
      ).rejects.toMatchObject(denied);
    }
    const campaigns = await as((trx) =>
      trx
        .selectFrom("campaigns")
        .select("id")
        .where("id", "in", [otherCampaignId, elsewhere.campaign_id])
        .execute(),
    );
    expect(campaigns).toEqual([]);
  });

  it("is refused what a call never does", async () => {
    const refused: [string, (trx: Tx) => Promise<unknown>][] = [
      [
        "read the campaign's description",
        (t) => t.selectFrom("campaigns").select("description").execute(),
      ],
      [
        "change the conversation's owner",
        (t) =>
          t.updateTable("conversations").set({ workspace_id: elsewhere.workspace_id }).execute(),
      ],
      ["write the summary", (t) => t.updateTable("conversations").set({ summary: "x" }).execute()],
      [
        "start a conversation",
        (t) =>
          t
            .insertInto("conversations")
            .values({ workspace_id: mine.workspace_id, campaign_id: mine.campaign_id })
            .execute(),
      ],
      ["delete its conversation", (t) => t.deleteFrom("conversations").execute()],
      ["delete its turns", (t) => t.deleteFrom("turns").execute()],
      ["change a campaign", (t) => t.updateTable("campaigns").set({ name: "x" }).execute()],
      ["read leads", (t) => t.selectFrom("leads").select("id").execute()],
      ["read slugs", (t) => t.selectFrom("campaign_slugs").select("slug").execute()],
      ["read users", (t) => sql`select id from auth.users`.execute(t)],
      ["truncate turns", (t) => sql`truncate public.turns`.execute(t)],
      ["make partitions", (t) => sql`select public.create_monthly_partitions(1)`.execute(t)],
    ];
    for (const [what, attempt] of refused)
      await expect(as(attempt), what).rejects.toMatchObject(denied);
  });

  it("reads and enqueues only its own conversation's analysis job", async () => {
    const job = (key: { id: string; started_at: Date }) => ({
      kind: "analyze_call",
      workspace_id: elsewhere.workspace_id,
      conversation_id: key.id,
      conversation_started_at: key.started_at,
    });
    await expect(
      as((t) => t.insertInto("jobs").values(job(elsewhere)).execute()),
      "another conversation's job",
    ).rejects.toMatchObject({ code: "42501" });
    await expect(
      as((t) => t.updateTable("jobs").set({ status: "done" }).execute()),
      "change a job",
    ).rejects.toMatchObject({ code: "42501" });
    await expect(
      as((t) => t.selectFrom("jobs").select("status").execute()),
      "read a job's status",
    ).rejects.toMatchObject({ code: "42501" });
  });

  it("is refused every other table and every partition", async () => {
    // jobs: the caller may enqueue (and, for on-conflict, see the keys of) its own
    // conversation's analysis job; "reads and enqueues only its own job" checks the scope.
    const allowed = ["public.conversations", "public.turns", "public.campaigns", "public.jobs"];
    // Its own call's rows only (the policies' scope): whether a person holds the call, and the
    // recordings it stores. Nothing may delete from them.
    const readsOwn = ["public.conversation_takeovers", "public.turn_recordings"];
    const open: string[] = [];
    for (const rel of await publicRelations(db())) {
      if (allowed.includes(rel.name)) continue;
      const statements = [`select 1 from ${rel.name}`, `delete from ${rel.name}`];
      for (const statement of readsOwn.includes(rel.name) ? statements.slice(1) : statements) {
        const code = await as((trx) =>
          sql.raw(statement).execute(trx as unknown as Kysely<DB>),
        ).then(
          () => "success",
          (e: { code?: string }) => e.code,
        );
        if (code !== "42501") open.push(`${statement}: ${code}`);
      }
    }
    expect(open).toEqual([]);
  });
});
