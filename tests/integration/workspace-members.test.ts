// Member management on both databases: owners and admins manage members, an admin cannot
// remove, demote or promote an owner, members and viewers manage nobody, anyone may leave,
// and the last owner can neither leave nor be demoted. Checked through the commands and,
// past the app's checks, straight against the table (RLS and the trigger refuse).
import { sql } from "kysely";
import { beforeEach, expect, it } from "vitest";
import { withUser } from "@/lib/db/scoped";
import {
  changeMemberRole,
  leaveWorkspace,
  listMembers,
  removeMember,
} from "@/lib/workspaces/members";
import { describeEachDatabase } from "../helpers/db";
import { createUser, type TestUser } from "../helpers/factories";
import { addMember, createTeamWorkspace } from "../helpers/workspaces";

const unique = (n: string) => `${n}-${Math.random().toString(36).slice(2)}@example.com`;

describeEachDatabase("workspace members", ({ db }) => {
  let owner: TestUser;
  let admin: TestUser;
  let member: TestUser;
  let viewer: TestUser;
  let ws: string;

  // A fresh team per test: these tests change roles and memberships.
  const make = (n: string) => createUser(db(), unique(n));

  beforeEach(async () => {
    [owner, admin, member, viewer] = await Promise.all([
      make("owner"),
      make("admin"),
      make("member"),
      make("viewer"),
    ]);
    ws = await createTeamWorkspace(db(), owner, "Team");
    await addMember(db(), ws, admin, "admin");
    await addMember(db(), ws, member, "member");
    await addMember(db(), ws, viewer, "viewer");
  });

  const roles = async () =>
    Object.fromEntries(
      (await listMembers(owner.claims, { id: ws })).map((m) => [m.email.split("-")[0], m.role]),
    );

  it("lists every member with email and role to any member, owners first", async () => {
    const list = await listMembers(viewer.claims, { id: ws });
    expect(list.map((m) => m.role)).toEqual(["owner", "admin", "member", "viewer"]);
    expect(list[0]!.email).toBe(owner.email);
    const outsider = await createUser(db(), unique("outsider"));
    await expect(listMembers(outsider.claims, { id: ws })).rejects.toMatchObject({ status: 404 });
  });

  it("lets an admin change members and viewers, but not touch an owner", async () => {
    await changeMemberRole(admin.claims, { id: ws, userId: viewer.id, role: "member" });
    await changeMemberRole(admin.claims, { id: ws, userId: member.id, role: "admin" });
    await expect(
      changeMemberRole(admin.claims, { id: ws, userId: owner.id, role: "viewer" }),
    ).rejects.toMatchObject({
      code: "forbidden",
      message: "Only an owner can change an owner's role",
    });
    await expect(
      changeMemberRole(admin.claims, { id: ws, userId: member.id, role: "owner" }),
    ).rejects.toMatchObject({ code: "forbidden" });
    await expect(removeMember(admin.claims, { id: ws, userId: owner.id })).rejects.toMatchObject({
      code: "forbidden",
    });
    expect(await roles()).toEqual({
      owner: "owner",
      admin: "admin",
      member: "admin",
      viewer: "member",
    });
  });

  it("refuses an admin's demotion or removal of an owner in Postgres too", async () => {
    await withUser(
      admin.claims,
      (trx) =>
        sql`update public.workspace_members set role = 'viewer'
          where workspace_id = ${ws} and user_id = ${owner.id}`.execute(trx),
      db(),
    ).catch(() => undefined); // refused outright or zero rows: either way, nothing changes
    await withUser(
      admin.claims,
      (trx) =>
        sql`delete from public.workspace_members
          where workspace_id = ${ws} and user_id = ${owner.id}`.execute(trx),
      db(),
    ).catch(() => undefined);
    expect((await roles()).owner).toBe("owner");
  });

  it("lets members and viewers manage nobody", async () => {
    for (const who of [member, viewer]) {
      await expect(
        changeMemberRole(who.claims, { id: ws, userId: admin.id, role: "viewer" }),
      ).rejects.toMatchObject({ code: "forbidden" });
      await expect(removeMember(who.claims, { id: ws, userId: admin.id })).rejects.toMatchObject({
        code: "forbidden",
      });
      await withUser(
        who.claims,
        (trx) =>
          sql`update public.workspace_members set role = 'owner'
            where workspace_id = ${ws}`.execute(trx),
        db(),
      ).catch(() => undefined);
    }
    expect(await roles()).toEqual({
      owner: "owner",
      admin: "admin",
      member: "member",
      viewer: "viewer",
    });
  });

  it("lets an owner promote, demote and remove, but never the last owner", async () => {
    await expect(
      changeMemberRole(owner.claims, { id: ws, userId: owner.id, role: "admin" }),
    ).rejects.toMatchObject({ code: "last_owner", status: 409 });
    await expect(leaveWorkspace(owner.claims, { id: ws })).rejects.toMatchObject({
      code: "last_owner",
    });
    await changeMemberRole(owner.claims, { id: ws, userId: admin.id, role: "owner" });
    // Two owners now: the first may step down, then leave.
    await changeMemberRole(owner.claims, { id: ws, userId: owner.id, role: "member" });
    await leaveWorkspace(owner.claims, { id: ws });
    const list = await listMembers(admin.claims, { id: ws });
    expect(list.map((m) => m.userId)).not.toContain(owner.id);
    // The remaining owner is the last one.
    await expect(
      changeMemberRole(admin.claims, { id: ws, userId: admin.id, role: "viewer" }),
    ).rejects.toMatchObject({ code: "last_owner" });
    await removeMember(admin.claims, { id: ws, userId: viewer.id });
    expect((await listMembers(admin.claims, { id: ws })).map((m) => m.role)).toEqual([
      "owner",
      "member",
    ]);
  });

  it("lets anyone leave, after which the workspace is gone from their view", async () => {
    await leaveWorkspace(viewer.claims, { id: ws });
    await expect(listMembers(viewer.claims, { id: ws })).rejects.toMatchObject({ status: 404 });
    await expect(leaveWorkspace(viewer.claims, { id: ws })).rejects.toMatchObject({ status: 404 });
  });
});
