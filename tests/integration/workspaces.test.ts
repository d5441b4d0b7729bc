// Workspaces end to end on both databases: the personal workspace from sign-up, switching
// (JSON and a plain form post, forged ids refused), the campaign commands and routes acting
// in the current workspace, a viewer refused by Postgres (403, nothing changed), and the
// last-owner rule.
import { sql } from "kysely";
import { beforeAll, expect, it } from "vitest";
import * as campaignRoute from "@/app/api/campaigns/[id]/route";
import * as statusRoute from "@/app/api/campaigns/[id]/status/route";
import * as campaignRoutes from "@/app/api/campaigns/route";
import * as switchRoute from "@/app/api/workspaces/current/route";
import * as commands from "@/lib/campaigns/commands";
import { type Tx, withUser } from "@/lib/db/scoped";
import { createWorkspace as createWorkspaceCommand } from "@/lib/workspaces/commands";
import { pickWorkspace, WORKSPACE_COOKIE, workspacesOf } from "@/lib/workspaces/current";
import { describeEachDatabase } from "../helpers/db";
import {
  campaignInput,
  countRows,
  createCampaignFor,
  createUser,
  createWorkspace,
  type TestUser,
} from "../helpers/factories";
import { call } from "../helpers/http";

const ORIGIN = { origin: "http://localhost:3000" };

describeEachDatabase("workspaces", ({ db }) => {
  let owner: TestUser;
  let viewer: TestUser;
  let stranger: TestUser;
  let team: { id: string; name: string };
  let teamCampaign: string;
  let personalCampaign: string;

  beforeAll(async () => {
    owner = await createUser(db());
    viewer = await createUser(db());
    stranger = await createUser(db());
    team = await createWorkspace(db(), owner, [{ user: viewer, role: "viewer" }], "Acme sales");
    teamCampaign = (await createCampaignFor(owner, { name: "Team campaign" }, team.id)).id;
    personalCampaign = (await createCampaignFor(owner, { name: "Solo campaign" })).id;
  });

  const inTeam = (u: TestUser) => `${u.cookie}; ${WORKSPACE_COOKIE}=${team.id}`;

  it("gives every user a personal workspace with their id, owned by them", async () => {
    const mine = await workspacesOf(stranger.claims);
    expect(mine).toEqual([{ id: stranger.id, name: "Personal", personal: true, role: "owner" }]);
    const ownerSees = await workspacesOf(owner.claims);
    expect(ownerSees.map((w) => [w.name, w.role])).toEqual([
      ["Personal", "owner"],
      ["Acme sales", "owner"],
    ]);
  });

  it("names someone else's personal workspace after its owner, one's own stays Personal", async () => {
    const guest = await createUser(db());
    await withUser(
      owner.claims,
      (trx) =>
        trx
          .insertInto("workspace_members")
          .values({ workspace_id: owner.id, user_id: guest.id, role: "viewer" })
          .execute(),
      db(),
    );
    expect((await workspacesOf(guest.claims)).map((w) => [w.id, w.name])).toEqual([
      [guest.id, "Personal"],
      [owner.id, `${owner.email}'s workspace`],
    ]);
  });

  it("falls back to the personal workspace when the cookie names one the user is not in", () => {
    const mine = [
      { id: owner.id, name: "Personal", personal: true, role: "owner" as const },
      { id: team.id, name: "Acme sales", personal: false, role: "owner" as const },
    ];
    expect(pickWorkspace(owner.claims, mine, team.id).id).toBe(team.id);
    expect(pickWorkspace(owner.claims, mine, stranger.id).id).toBe(owner.id);
    expect(pickWorkspace(owner.claims, mine, undefined).id).toBe(owner.id);
  });

  it("switches with JSON, setting an httpOnly cookie, and refuses a workspace not one's own", async () => {
    const ok = await call(switchRoute.POST, "/api/workspaces/current", {
      cookie: viewer.cookie,
      headers: ORIGIN,
      body: { workspaceId: team.id },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.workspace).toEqual({
      id: team.id,
      name: "Acme sales",
      personal: false,
      role: "viewer",
    });
    const set = ok.headers.get("set-cookie") ?? "";
    expect(set).toContain(`${WORKSPACE_COOKIE}=${team.id}`);
    expect(set.toLowerCase()).toContain("httponly");

    for (const workspaceId of [owner.id, "00000000-0000-4000-8000-000000000000"]) {
      const refused = await call(switchRoute.POST, "/api/workspaces/current", {
        cookie: viewer.cookie,
        headers: ORIGIN,
        body: { workspaceId },
      });
      expect(refused.status).toBe(404);
      expect(refused.headers.get("set-cookie")).toBeNull();
    }
    const bad = await call(switchRoute.POST, "/api/workspaces/current", {
      cookie: viewer.cookie,
      headers: ORIGIN,
      body: { workspaceId: "nope" },
    });
    expect(bad.status).toBe(400);
    const anon = await call(switchRoute.POST, "/api/workspaces/current", {
      headers: ORIGIN,
      body: { workspaceId: team.id },
    });
    expect(anon.status).toBe(401);
    const crossSite = await call(switchRoute.POST, "/api/workspaces/current", {
      cookie: viewer.cookie,
      headers: { origin: "https://evil.example" },
      body: { workspaceId: team.id },
    });
    expect(crossSite.status).toBe(403);
  });

  it("switches with a plain form post (no JavaScript) and redirects to the dashboard", async () => {
    const res = await call(switchRoute.POST, "/api/workspaces/current", {
      cookie: owner.cookie,
      headers: { ...ORIGIN, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ workspaceId: team.id }).toString(),
    });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/campaigns");
    expect(res.headers.get("set-cookie")).toContain(`${WORKSPACE_COOKIE}=${team.id}`);
  });

  it("lists and reads the current workspace's campaigns only", async () => {
    const personal = await call(campaignRoutes.GET, "/api/campaigns", { cookie: owner.cookie });
    expect(personal.body.campaigns.map((c: { id: string }) => c.id)).toEqual([personalCampaign]);
    const inTeamList = await call(campaignRoutes.GET, "/api/campaigns", { cookie: inTeam(owner) });
    expect(inTeamList.body.campaigns.map((c: { id: string }) => c.id)).toEqual([teamCampaign]);
    // A viewer's forged cookie for a workspace they are not in falls back to their own.
    const forged = await call(campaignRoutes.GET, "/api/campaigns", {
      cookie: `${stranger.cookie}; ${WORKSPACE_COOKIE}=${team.id}`,
    });
    expect(forged.body.campaigns).toEqual([]);
    const created = await call(campaignRoutes.POST, "/api/campaigns", {
      cookie: inTeam(owner),
      headers: ORIGIN,
      body: campaignInput({ name: "Made in the team" }),
    });
    expect(created.status).toBe(201);
    expect(created.body.campaign).toMatchObject({ workspaceId: team.id, createdBy: owner.id });
  });

  it("lets a viewer read the team's campaigns and refuses every change with 403", async () => {
    const params = { id: teamCampaign };
    const cookie = inTeam(viewer);
    const read = await call(campaignRoute.GET, `/api/campaigns/${teamCampaign}`, {
      cookie,
      params,
    });
    expect(read.status).toBe(200);
    const before = await countRows(db());
    const attempts = [
      await call(campaignRoutes.POST, "/api/campaigns", {
        cookie,
        headers: ORIGIN,
        body: campaignInput({ name: "Viewer's campaign" }),
      }),
      await call(campaignRoute.PATCH, `/api/campaigns/${teamCampaign}`, {
        method: "PATCH",
        cookie,
        headers: ORIGIN,
        params,
        body: campaignInput({ name: "Viewer edit" }),
      }),
      await call(statusRoute.POST, `/api/campaigns/${teamCampaign}/status`, {
        cookie,
        headers: ORIGIN,
        params,
        body: { status: "active" },
      }),
      await call(campaignRoute.DELETE, `/api/campaigns/${teamCampaign}`, {
        method: "DELETE",
        cookie,
        headers: ORIGIN,
        params,
      }),
    ];
    for (const r of attempts) {
      expect(r.status, JSON.stringify(r.body)).toBe(403);
      expect(r.body.error.code).toBe("forbidden");
    }
    expect(await countRows(db())).toEqual(before);
    const after = await commands.getCampaign(
      { claims: owner.claims, workspaceId: team.id },
      { id: teamCampaign },
    );
    expect(after).toMatchObject({ name: "Team campaign", status: "draft" });
    // A stranger's attempts still look like nothing is there.
    await expect(
      commands.updateCampaign(
        { claims: stranger.claims, workspaceId: team.id },
        { ...campaignInput(), id: teamCampaign },
      ),
    ).rejects.toMatchObject({ status: 404 });
  });

  it("keeps a last owner: they can neither leave nor be demoted until another owner exists", async () => {
    const asOwner = (fn: (t: Tx) => Promise<unknown>) => withUser(owner.claims, fn, db());
    const member = (userId: string) =>
      sql`select role from public.workspace_members
        where workspace_id = ${team.id} and user_id = ${userId}`;
    await expect(
      asOwner((t) =>
        t
          .updateTable("workspace_members")
          .set({ role: "admin" })
          .where("workspace_id", "=", team.id)
          .where("user_id", "=", owner.id)
          .execute(),
      ),
    ).rejects.toMatchObject({ code: "23514" });
    await expect(
      asOwner((t) =>
        t
          .deleteFrom("workspace_members")
          .where("workspace_id", "=", team.id)
          .where("user_id", "=", owner.id)
          .execute(),
      ),
    ).rejects.toMatchObject({ code: "23514" });
    expect((await member(owner.id).execute(db())).rows).toEqual([{ role: "owner" }]);
    // With a second owner, the first may step down.
    await asOwner((t) =>
      t
        .updateTable("workspace_members")
        .set({ role: "owner" })
        .where("workspace_id", "=", team.id)
        .where("user_id", "=", viewer.id)
        .execute(),
    );
    await asOwner((t) =>
      t
        .updateTable("workspace_members")
        .set({ role: "admin" })
        .where("workspace_id", "=", team.id)
        .where("user_id", "=", owner.id)
        .execute(),
    );
    expect((await member(owner.id).execute(db())).rows).toEqual([{ role: "admin" }]);
    // Put things back for the tests after this one (the new owner does it).
    await withUser(
      viewer.claims,
      async (t) => {
        await t
          .updateTable("workspace_members")
          .set({ role: "owner" })
          .where("workspace_id", "=", team.id)
          .where("user_id", "=", owner.id)
          .execute();
        await t
          .updateTable("workspace_members")
          .set({ role: "viewer" })
          .where("workspace_id", "=", team.id)
          .where("user_id", "=", viewer.id)
          .execute();
      },
      db(),
    );
    expect((await member(viewer.id).execute(db())).rows).toEqual([{ role: "viewer" }]);
  });

  it("never lets a personal workspace be deleted, and deletes a shared one with its rows", async () => {
    const deleted = await withUser(
      owner.claims,
      (t) => t.deleteFrom("workspaces").where("id", "=", owner.id).executeTakeFirst(),
      db(),
    );
    expect(Number(deleted.numDeletedRows)).toBe(0);
    const doomed = await createWorkspaceCommand(owner.claims, { name: "Short-lived team" });
    expect(doomed).toMatchObject({ role: "owner", personal: false });
    const c = await createCampaignFor(owner, { name: "Goes with it" }, doomed.id);
    const gone = await withUser(
      owner.claims,
      (t) => t.deleteFrom("workspaces").where("id", "=", doomed.id).executeTakeFirst(),
      db(),
    );
    expect(Number(gone.numDeletedRows)).toBe(1);
    const left = await sql`select 1 from public.campaigns where id = ${c.id}`.execute(db());
    expect(left.rows).toEqual([]);
  });
});
