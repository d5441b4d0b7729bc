// Every row of the permission table (lib/workspaces/permissions.ts, mirrored in the README)
// tried in Postgres as an owner, an admin, a member, a viewer and a non-member of a shared
// workspace: each may do exactly what its column says, and nothing more. Each attempt runs
// as that user under RLS (withUser) in a transaction that is rolled back, so attempts never
// see each other's effects. Refused means Postgres raised an error (RLS, grants, the
// last-owner trigger) or the statement matched no row. A row no role may do (min: null,
// the service role only) is also tried as the service role, which must pass: so its probe
// would see a client role getting through.

import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { sql } from "kysely";
import { beforeAll, expect, it } from "vitest";
import { apiKeyPrefix, hashApiKey, newApiKeySecret } from "@/lib/api-keys/secret";
import { insertApiKey } from "@/lib/db/queries/api-keys";
import { insertCampaign } from "@/lib/db/queries/campaigns";
import { type Tx, withServiceRole, withUser } from "@/lib/db/scoped";
import { saveNotificationSettings } from "@/lib/notifications/settings";
import { defaultCampaignInput } from "@/lib/validations/campaign";
import { createInvitation, hashInvitationToken } from "@/lib/workspaces/invitations";
import {
  allowed,
  PERMISSIONS,
  permissionTableCells,
  WHO,
  type Who,
} from "@/lib/workspaces/permissions";
import { describeEachDatabase } from "../helpers/db";
import {
  createCampaignFor,
  createConversation,
  createLead,
  createTurn,
  createUser,
  createWorkspace,
  type TestUser,
} from "../helpers/factories";

interface Fixture {
  workspaceId: string;
  campaignId: string;
  conversation: { id: string; started_at: Date };
  /** A plain member that the member-management rows act on. */
  target: TestUser;
  /** A second owner, so that demoting or removing one never hits the last-owner rule. */
  coOwner: TestUser;
  /** Users outside the workspace, to add (attempts are rolled back: every one can reuse them). */
  outsiders: string[];
  /** An active API key of the workspace (made by an owner). */
  apiKeyId: string;
  /** An open invitation (made by an owner). */
  invitationId: string;
  /** A number assigned to the workspace, set on the campaign. */
  phoneE164: string;
  /** A second live call, held by the owner (the hand-back rows release it). */
  held: { id: string; started_at: Date };
  /** A recording of the first call's first turn. */
  recordingId: string;
  /** The acting user. */
  me: TestUser;
}

type WriteResult = {
  numUpdatedRows?: bigint;
  numDeletedRows?: bigint;
  numInsertedOrUpdatedRows?: bigint;
};
/** The statement changed at least one row (RLS filters a refused update or delete to none). */
const changed = (r: WriteResult) =>
  Number(r.numUpdatedRows ?? r.numDeletedRows ?? r.numInsertedOrUpdatedRows ?? 0) > 0;

/** One probe per permission id: true when the attempt succeeded. */
const PROBES: Record<string, (trx: Tx, f: Fixture) => Promise<boolean>> = {
  "campaigns.read": async (t, f) =>
    (await t.selectFrom("campaigns").select("id").where("id", "=", f.campaignId).execute())
      .length === 1,
  "campaigns.create": async (t, f) => {
    const slug = `probe-${randomUUID().slice(0, 8)}`;
    const c = await insertCampaign(t, {
      ...defaultCampaignInput(),
      name: "Probe",
      description: "",
      workspaceId: f.workspaceId,
      createdBy: f.me.id,
      publicSlug: slug,
    });
    return c.workspaceId === f.workspaceId;
  },
  "campaigns.retention": async (t, f) =>
    changed(
      await t
        .updateTable("campaigns")
        .set({ retention_days: sql<number>`coalesce(retention_days, 0) % 3000 + 1` })
        .where("workspace_id", "=", f.workspaceId)
        .where("id", "=", f.campaignId)
        .executeTakeFirst(),
    ),
  "campaigns.edit": async (t, f) =>
    changed(
      await t
        .updateTable("campaigns")
        .set({ name: "Edited", status: "active" })
        .where("workspace_id", "=", f.workspaceId)
        .where("id", "=", f.campaignId)
        .executeTakeFirst(),
    ),
  "campaigns.delete": async (t, f) =>
    changed(await t.deleteFrom("campaigns").where("id", "=", f.campaignId).executeTakeFirst()),
  "conversations.read": async (t, f) =>
    (await t.selectFrom("conversations").select("id").where("id", "=", f.conversation.id).execute())
      .length === 1,
  "conversations.edit": async (t, f) =>
    changed(
      await t
        .updateTable("conversations")
        .set({ caller_name: "Edited" })
        .where("id", "=", f.conversation.id)
        .executeTakeFirst(),
    ),
  "conversations.delete": async (t, f) =>
    changed(
      await t.deleteFrom("conversations").where("id", "=", f.conversation.id).executeTakeFirst(),
    ),
  "turns.read": async (t, f) =>
    (
      await t
        .selectFrom("turns")
        .select("id")
        .where("conversation_id", "=", f.conversation.id)
        .execute()
    ).length > 0,
  "turns.write": async (t, f) =>
    changed(
      await t
        .insertInto("turns")
        .values({
          workspace_id: f.workspaceId,
          conversation_id: f.conversation.id,
          conversation_started_at: f.conversation.started_at,
          seq: 50,
          role: "human_agent",
          text: "This is Sam from the office, taking over.",
        })
        .executeTakeFirst(),
    ),
  "turns.delete": async (t, f) =>
    changed(
      await t
        .deleteFrom("turns")
        .where("conversation_id", "=", f.conversation.id)
        .executeTakeFirst(),
    ),
  "leads.read": async (t, f) =>
    (
      await t
        .selectFrom("leads")
        .select("id")
        .where("conversation_id", "=", f.conversation.id)
        .execute()
    ).length === 1,
  "leads.work": async (t, f) =>
    changed(
      await t
        .updateTable("leads")
        .set({ status: "contacted", fields: JSON.stringify({ budget: "40k" }) })
        .where("conversation_id", "=", f.conversation.id)
        .executeTakeFirst(),
    ),
  "leads.delete": async (t, f) =>
    changed(
      await t
        .deleteFrom("leads")
        .where("conversation_id", "=", f.conversation.id)
        .executeTakeFirst(),
    ),
  // Seeing the workspace's other members, not just one's own row.
  "members.list": async (t, f) =>
    (
      await t
        .selectFrom("workspace_members")
        .select("user_id")
        .where("workspace_id", "=", f.workspaceId)
        .where("user_id", "<>", f.me.id)
        .execute()
    ).length > 0,
  "members.leave": async (t, f) =>
    changed(
      await t
        .deleteFrom("workspace_members")
        .where("workspace_id", "=", f.workspaceId)
        .where("user_id", "=", f.me.id)
        .executeTakeFirst(),
    ),
  // One insert per role; all must pass.
  "members.add": async (t, f) => {
    let ok = true;
    for (const [i, role] of (["admin", "member", "viewer"] as const).entries()) {
      ok &&= changed(
        await t
          .insertInto("workspace_members")
          .values({ workspace_id: f.workspaceId, user_id: f.outsiders[i]!, role })
          .executeTakeFirst(),
      );
    }
    return ok;
  },
  "members.change": async (t, f) =>
    changed(
      await t
        .updateTable("workspace_members")
        .set({ role: "viewer" })
        .where("workspace_id", "=", f.workspaceId)
        .where("user_id", "=", f.target.id)
        .executeTakeFirst(),
    ),
  "members.remove": async (t, f) =>
    changed(
      await t
        .deleteFrom("workspace_members")
        .where("workspace_id", "=", f.workspaceId)
        .where("user_id", "=", f.target.id)
        .executeTakeFirst(),
    ),
  "members.make-owner": async (t, f) =>
    changed(
      await t
        .updateTable("workspace_members")
        .set({ role: "owner" })
        .where("workspace_id", "=", f.workspaceId)
        .where("user_id", "=", f.target.id)
        .executeTakeFirst(),
    ) ||
    changed(
      await t
        .insertInto("workspace_members")
        .values({ workspace_id: f.workspaceId, user_id: f.outsiders[0]!, role: "owner" })
        .executeTakeFirst(),
    ),
  "members.demote-owner": async (t, f) => {
    const demoted = changed(
      await t
        .updateTable("workspace_members")
        .set({ role: "admin" })
        .where("workspace_id", "=", f.workspaceId)
        .where("user_id", "=", f.coOwner.id)
        .executeTakeFirst(),
    );
    const removed = changed(
      await t
        .deleteFrom("workspace_members")
        .where("workspace_id", "=", f.workspaceId)
        .where("user_id", "=", f.coOwner.id)
        .executeTakeFirst(),
    );
    return demoted && removed;
  },
  "workspace.read": async (t, f) =>
    (await t.selectFrom("workspaces").select("id").where("id", "=", f.workspaceId).execute())
      .length === 1,
  "apiKeys.list": async (t, f) =>
    (await t.selectFrom("api_keys").select("id").where("id", "=", f.apiKeyId).execute()).length ===
    1,
  "apiKeys.create": async (t, f) => {
    const secret = newApiKeySecret();
    return changed(
      await t
        .insertInto("api_keys")
        .values({
          workspace_id: f.workspaceId,
          created_by: f.me.id,
          name: "Probe",
          prefix: apiKeyPrefix(secret),
          hash: hashApiKey(secret),
        })
        .executeTakeFirst(),
    );
  },
  "apiKeys.revoke": async (t, f) =>
    changed(
      await t
        .updateTable("api_keys")
        .set({ revoked_at: new Date() })
        .where("id", "=", f.apiKeyId)
        .executeTakeFirst(),
    ),
  "workspace.rename": async (t, f) =>
    changed(
      await t
        .updateTable("workspaces")
        .set({ name: "Renamed" })
        .where("id", "=", f.workspaceId)
        .executeTakeFirst(),
    ),
  "workspace.delete": async (t, f) =>
    changed(await t.deleteFrom("workspaces").where("id", "=", f.workspaceId).executeTakeFirst()),
  "notifications.read": async (t, f) =>
    (
      await t
        .selectFrom("campaign_notification_settings")
        .select("signing_secret")
        .where("campaign_id", "=", f.campaignId)
        .execute()
    ).length === 1,
  "notifications.edit": async (t, f) =>
    changed(
      await t
        .updateTable("campaign_notification_settings")
        .set({ slack_enabled: true })
        .where("campaign_id", "=", f.campaignId)
        .executeTakeFirst(),
    ),
  "invitations.list": async (t, f) =>
    (
      await t
        .selectFrom("workspace_invitations")
        .select("id")
        .where("id", "=", f.invitationId)
        .execute()
    ).length === 1,
  "invitations.create": async (t, f) =>
    changed(
      await t
        .insertInto("workspace_invitations")
        .values({
          workspace_id: f.workspaceId,
          email: `probe-${randomUUID().slice(0, 8)}@example.com`,
          role: "viewer",
          token_hash: hashInvitationToken(randomUUID()),
          invited_by: f.me.id,
        })
        .executeTakeFirst(),
    ),
  "invitations.revoke": async (t, f) =>
    changed(
      await t
        .updateTable("workspace_invitations")
        .set({ revoked_at: new Date() })
        .where("id", "=", f.invitationId)
        .executeTakeFirst(),
    ),
  "phoneNumbers.read": async (t, f) =>
    (
      await t
        .selectFrom("campaign_phone_numbers")
        .select(["e164", "consent_message", "menu"])
        .where("campaign_id", "=", f.campaignId)
        .execute()
    ).length === 1,
  // Change the number's settings, remove it, set it again: all must pass.
  "phoneNumbers.edit": async (t, f) => {
    const edited = changed(
      await t
        .updateTable("campaign_phone_numbers")
        .set({ consent_message: "This call is recorded." })
        .where("campaign_id", "=", f.campaignId)
        .executeTakeFirst(),
    );
    const removed = changed(
      await t
        .deleteFrom("campaign_phone_numbers")
        .where("campaign_id", "=", f.campaignId)
        .executeTakeFirst(),
    );
    const set = changed(
      await t
        .insertInto("campaign_phone_numbers")
        .values({ e164: f.phoneE164, workspace_id: f.workspaceId, campaign_id: f.campaignId })
        .executeTakeFirst(),
    );
    return edited && removed && set;
  },
  "takeovers.read": async (t, f) =>
    (
      await t
        .selectFrom("conversation_takeovers")
        .select("held_by")
        .where("conversation_id", "=", f.held.id)
        .execute()
    ).length === 1,
  "takeovers.take": async (t, f) =>
    changed(
      await t
        .insertInto("conversation_takeovers")
        .values({
          workspace_id: f.workspaceId,
          conversation_id: f.conversation.id,
          conversation_started_at: f.conversation.started_at,
          held_by: f.me.id,
        })
        .executeTakeFirst(),
    ),
  "takeovers.handBack": async (t, f) =>
    changed(
      await t
        .updateTable("conversation_takeovers")
        .set({ released_at: new Date(), released_by: f.me.id })
        .where("conversation_id", "=", f.held.id)
        .where("released_at", "is", null)
        .executeTakeFirst(),
    ),
  "recordings.listen": async (t, f) =>
    (await t.selectFrom("turn_recordings").select("path").where("id", "=", f.recordingId).execute())
      .length === 1,
  "telephonyNumbers.read": async (t, f) =>
    (
      await t
        .selectFrom("telephony_numbers")
        .select("e164")
        .where("e164", "=", f.phoneE164)
        .execute()
    ).length === 1,
  // Any one of these passing is a failure of the row: only the service role assigns.
  "telephonyNumbers.assign": (t, f) =>
    anyChanged(t, [
      () =>
        t
          .insertInto("telephony_numbers")
          .values({ e164: "+15550100999", workspace_id: f.workspaceId })
          .executeTakeFirst(),
      () =>
        t
          .updateTable("telephony_numbers")
          .set({ label: "Probe" })
          .where("e164", "=", f.phoneE164)
          .executeTakeFirst(),
      () => t.deleteFrom("telephony_numbers").where("e164", "=", f.phoneE164).executeTakeFirst(),
    ]),
};

/** Each statement in a savepoint of its own: true when any of them changed a row. */
async function anyChanged(t: Tx, statements: (() => Promise<WriteResult>)[]) {
  let any = false;
  for (const statement of statements) {
    await sql`savepoint one`.execute(t);
    try {
      any = changed(await statement()) || any;
      await sql`release savepoint one`.execute(t);
    } catch {
      await sql`rollback to savepoint one`.execute(t);
    }
  }
  return any;
}

const ROLLBACK = Symbol("rollback");

/** Runs the probe as `me` and rolls everything back; true when it succeeded. */
async function attempt(f: Fixture, id: string): Promise<boolean> {
  let ok = false;
  await withUser(f.me.claims, async (trx) => {
    await sql`savepoint probe`.execute(trx);
    try {
      ok = await PROBES[id]!(trx, f);
    } catch {
      ok = false;
      await sql`rollback to savepoint probe`.execute(trx);
    }
    throw ROLLBACK;
  }).catch((error) => {
    if (error !== ROLLBACK) throw error;
  });
  return ok;
}

it("has a probe for every permission, and the README shows the same table", async () => {
  expect(Object.keys(PROBES).sort()).toEqual(PERMISSIONS.map((p) => p.id).sort());
  // The README's table, however it is aligned: its rows of cells, the rule line left out.
  const readme = await readFile("README.md", "utf8");
  const section = readme.split(/^## /m).find((s) => s.startsWith("Workspaces and roles"));
  const table = (section ?? "")
    .split("\n")
    .filter((l) => l.startsWith("|") && !/^\|[\s|:-]+\|$/.test(l))
    .map((l) =>
      l
        .slice(1, -1)
        .split("|")
        .map((c) => c.trim()),
    );
  expect(table).toEqual(permissionTableCells());
});

describeEachDatabase("workspace permissions", ({ db }) => {
  const users = {} as Record<Who, TestUser>;
  let base: Omit<Fixture, "me">;

  beforeAll(async () => {
    const owner = await createUser(db());
    const coOwner = await createUser(db());
    const target = await createUser(db());
    const outsiders = [];
    for (let i = 0; i < 3; i++) outsiders.push((await createUser(db())).id);
    users.owner = owner;
    for (const who of ["admin", "member", "viewer", "non-member"] as const) {
      users[who] = await createUser(db());
    }
    const workspace = await createWorkspace(db(), owner, [
      { user: coOwner, role: "owner" },
      { user: users.admin, role: "admin" },
      { user: users.member, role: "member" },
      { user: users.viewer, role: "viewer" },
      { user: target, role: "member" },
    ]);
    const campaign = await createCampaignFor(owner, {}, workspace.id);
    const conversation = await createConversation(db(), workspace, campaign.id);
    await createTurn(db(), conversation);
    await createLead(db(), conversation);
    await saveNotificationSettings(owner.claims, {
      campaignId: campaign.id,
      settings: {
        webhookUrl: "https://hooks.example.com/x",
        slackEnabled: false,
        emailEnabled: true,
      },
    });
    const secret = newApiKeySecret();
    const apiKey = await withUser(
      owner.claims,
      (trx) =>
        insertApiKey(trx, {
          workspaceId: workspace.id,
          createdBy: owner.id,
          name: "Fixture",
          prefix: apiKeyPrefix(secret),
          hash: hashApiKey(secret),
        }),
      db(),
    );
    const held = await createConversation(db(), workspace, campaign.id);
    const phoneE164 = `+1555${String(Math.floor(Math.random() * 1e7)).padStart(7, "0")}`;
    const { invitation } = await createInvitation(owner.claims, {
      id: workspace.id,
      email: "probe-invitee@example.com",
      role: "member",
    });
    const recordingId = await withServiceRole(
      "tests set up a number, a hold and a recording",
      async (trx) => {
        // Assigning a number is an operator's job (npm run telephony:numbers): service role.
        await trx
          .insertInto("telephony_numbers")
          .values({ e164: phoneE164, workspace_id: workspace.id })
          .execute();
        await trx
          .insertInto("campaign_phone_numbers")
          .values({ e164: phoneE164, workspace_id: workspace.id, campaign_id: campaign.id })
          .execute();
        await trx
          .insertInto("conversation_takeovers")
          .values({
            workspace_id: workspace.id,
            conversation_id: held.id,
            conversation_started_at: held.started_at,
            held_by: owner.id,
          })
          .execute();
        const recording = await trx
          .insertInto("turn_recordings")
          .values({
            workspace_id: workspace.id,
            conversation_id: conversation.id,
            conversation_started_at: conversation.started_at,
            seq: 0,
            role: "caller",
            path: `${workspace.id}/${conversation.id}/0-caller.wav`,
            bytes: 44,
            duration_ms: 0,
          })
          .returning("id")
          .executeTakeFirstOrThrow();
        return recording.id;
      },
      db(),
    );
    base = {
      invitationId: invitation.id,
      phoneE164,
      held,
      recordingId,
      workspaceId: workspace.id,
      campaignId: campaign.id,
      conversation,
      target,
      coOwner,
      outsiders,
      apiKeyId: apiKey.id,
    };
  });

  it("lets each role do exactly what the permission table says", async () => {
    const wrong: string[] = [];
    for (const p of PERMISSIONS) {
      for (const who of WHO) {
        const ok = await attempt({ ...base, me: users[who] }, p.id);
        if (ok !== allowed(p, who)) wrong.push(`${who} ${p.id}: ${ok ? "allowed" : "refused"}`);
      }
    }
    expect(wrong).toEqual([]);
  }, 120_000);

  it("passes the rows no role may do as the service role, so their probes can tell", async () => {
    for (const p of PERMISSIONS.filter((p) => p.min === null)) {
      let ok = false;
      await withServiceRole(
        "tests try a service-role-only row",
        async (trx) => {
          ok = await PROBES[p.id]!(trx, { ...base, me: users.owner });
          throw ROLLBACK;
        },
        db(),
      ).catch((error) => {
        if (error !== ROLLBACK) throw error;
      });
      expect(ok, p.id).toBe(true);
    }
  });
});
