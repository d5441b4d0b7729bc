// Invitations on both databases: the refusals of public.accept_invitation (expired, revoked,
// reused by someone else, wrong email, forged) each with its own error, accepting twice is a
// no-op, only admins and owners invite, and nobody else reads the invitations table.
import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { withAnon, withServiceRole, withUser } from "@/lib/db/scoped";
import {
  acceptInvitation,
  createInvitation,
  hashInvitationToken,
  listInvitations,
  newInvitationToken,
  previewInvitation,
  revokeInvitation,
} from "@/lib/workspaces/invitations";
import { listMembers } from "@/lib/workspaces/members";
import { describeEachDatabase } from "../helpers/db";
import { createUser, type TestUser } from "../helpers/factories";
import { addMember, createTeamWorkspace } from "../helpers/workspaces";

describeEachDatabase("workspace invitations", ({ db }) => {
  let owner: TestUser;
  let admin: TestUser;
  let member: TestUser;
  let viewer: TestUser;
  let outsider: TestUser;
  let ws: string;

  const make = (n: string) =>
    createUser(db(), `${n}-${Date.now()}-${Math.random().toString(36).slice(2)}@example.com`);

  beforeAll(async () => {
    [owner, admin, member, viewer, outsider] = await Promise.all([
      make("owner"),
      make("admin"),
      make("member"),
      make("viewer"),
      make("outsider"),
    ]);
    ws = await createTeamWorkspace(db(), owner, "Acme sales");
    await addMember(db(), ws, admin, "admin");
    await addMember(db(), ws, member, "member");
    await addMember(db(), ws, viewer, "viewer");
  });

  const invitee = async (role: "admin" | "member" | "viewer" = "viewer") => {
    const user = await createUser(
      db(),
      `invitee-${Math.random().toString(36).slice(2)}@example.com`,
    );
    const { token } = await createInvitation(owner.claims, { id: ws, email: user.email, role });
    return { user, token };
  };

  it("accepts as the invited email, adds the membership, and a second accept is a no-op", async () => {
    const { user, token } = await invitee("member");
    const first = await acceptInvitation(user.claims, { token });
    expect(first).toEqual({ workspaceId: ws });
    const again = await acceptInvitation(user.claims, { token });
    expect(again).toEqual({ workspaceId: ws });
    const members = await listMembers(owner.claims, { id: ws });
    expect(members.filter((m) => m.userId === user.id)).toEqual([
      expect.objectContaining({ email: user.email, role: "member" }),
    ]);
    const preview = await previewInvitation(token);
    expect(preview).toMatchObject({ status: "accepted", workspaceName: "Acme sales" });
  });

  it("names a personal workspace after its owner to the invitee", async () => {
    const user = await make("guest");
    const { token } = await createInvitation(owner.claims, {
      id: owner.id, // the personal workspace's id is its owner's
      email: user.email,
      role: "viewer",
    });
    expect(await previewInvitation(token)).toMatchObject({
      workspaceName: `${owner.email}'s workspace`,
      email: user.email,
      role: "viewer",
      invitedByEmail: owner.email,
      status: "open",
    });
    expect(await acceptInvitation(user.claims, { token })).toEqual({ workspaceId: owner.id });
  });

  it("matches the email case-insensitively (emails are stored lowercased)", async () => {
    const user = await createUser(db(), `mixed-${Math.random().toString(36).slice(2)}@example.com`);
    const { token } = await createInvitation(admin.claims, {
      id: ws,
      email: user.email.toUpperCase(),
      role: "viewer",
    });
    expect(await acceptInvitation(user.claims, { token })).toEqual({ workspaceId: ws });
  });

  it("refuses a token reused by another user, and adds nobody", async () => {
    const { user, token } = await invitee();
    await acceptInvitation(user.claims, { token });
    await expect(acceptInvitation(outsider.claims, { token })).rejects.toMatchObject({
      code: "invitation_used",
      status: 409,
    });
    expect(await memberIds()).not.toContain(outsider.id);
  });

  it("refuses a signed-in user whose email is not the invited one", async () => {
    const { token } = await invitee();
    await expect(acceptInvitation(outsider.claims, { token })).rejects.toMatchObject({
      code: "invitation_wrong_email",
      status: 403,
    });
    expect(await memberIds()).not.toContain(outsider.id);
  });

  it("refuses an expired invitation", async () => {
    const { user, token } = await invitee();
    await withServiceRole(
      "tests age an invitation",
      (trx) =>
        sql`update public.workspace_invitations set expires_at = now() - interval '1 second'
          where token_hash = ${hashInvitationToken(token)}`.execute(trx),
      db(),
    );
    await expect(acceptInvitation(user.claims, { token })).rejects.toMatchObject({
      code: "invitation_expired",
      status: 410,
    });
    expect(await memberIds()).not.toContain(user.id);
    expect((await previewInvitation(token))?.status).toBe("expired");
  });

  it("refuses a revoked invitation, and re-inviting revokes the older link", async () => {
    const { user, token } = await invitee();
    const [open] = (await listInvitations(owner.claims, { id: ws })).filter(
      (i) => i.email === user.email,
    );
    await revokeInvitation(admin.claims, { id: ws, invitationId: open!.id });
    await expect(acceptInvitation(user.claims, { token })).rejects.toMatchObject({
      code: "invitation_revoked",
    });

    const first = await createInvitation(owner.claims, {
      id: ws,
      email: user.email,
      role: "viewer",
    });
    const second = await createInvitation(owner.claims, {
      id: ws,
      email: user.email,
      role: "member",
    });
    await expect(acceptInvitation(user.claims, { token: first.token })).rejects.toMatchObject({
      code: "invitation_revoked",
    });
    expect(await acceptInvitation(user.claims, { token: second.token })).toEqual({
      workspaceId: ws,
    });
  });

  it("refuses forged tokens: well-formed but never issued, and malformed", async () => {
    const { user } = await invitee();
    for (const token of [newInvitationToken(), "not-a-token", `${newInvitationToken()}x`]) {
      await expect(acceptInvitation(user.claims, { token })).rejects.toMatchObject({
        code: "invitation_not_found",
        status: 404,
      });
    }
    // Straight to the database function, bypassing the app's shape check.
    await expect(
      withUser(user.claims, (trx) => sql`select public.accept_invitation('x')`.execute(trx), db()),
    ).rejects.toThrow(/invitation_not_found/);
    expect(await memberIds()).not.toContain(user.id);
  });

  it("lets only owners and admins invite; members and viewers are refused by Postgres too", async () => {
    for (const who of [member, viewer]) {
      await expect(
        createInvitation(who.claims, { id: ws, email: "x@example.com", role: "viewer" }),
      ).rejects.toMatchObject({ code: "forbidden", status: 403 });
      // Past the app's check, straight into the table: RLS refuses.
      await expect(
        withUser(
          who.claims,
          (trx) =>
            sql`insert into public.workspace_invitations (workspace_id, email, role, token_hash, invited_by)
              values (${ws}, 'x@example.com', 'viewer', ${hashInvitationToken(newInvitationToken())}, ${who.id})`.execute(
              trx,
            ),
          db(),
        ),
      ).rejects.toMatchObject({ code: "42501" });
    }
    await expect(
      createInvitation(outsider.claims, { id: ws, email: "x@example.com", role: "viewer" }),
    ).rejects.toMatchObject({ status: 404 });
  });

  it("never invites as owner, nor an existing member", async () => {
    await expect(
      createInvitation(owner.claims, { id: ws, email: "boss@example.com", role: "owner" }),
    ).rejects.toMatchObject({ code: "invalid_input" });
    await expect(
      createInvitation(owner.claims, { id: ws, email: viewer.email, role: "member" }),
    ).rejects.toMatchObject({ code: "already_member", status: 409 });
  });

  it("shows invitations to owners and admins only; nobody else reads the table", async () => {
    await invitee();
    expect((await listInvitations(admin.claims, { id: ws })).length).toBeGreaterThan(0);
    for (const who of [member, viewer])
      expect(await listInvitations(who.claims, { id: ws })).toEqual([]);
    // Someone outside the workspace is told it is not there, as on the members list.
    await expect(listInvitations(outsider.claims, { id: ws })).rejects.toMatchObject({
      status: 404,
    });
    for (const who of [member, viewer, outsider]) {
      const { rows } = await withUser(
        who.claims,
        (trx) => sql`select token_hash from public.workspace_invitations`.execute(trx),
        db(),
      );
      expect(rows).toEqual([]);
    }
    await expect(
      withAnon((trx) => sql`select 1 from public.workspace_invitations`.execute(trx), db()),
    ).rejects.toMatchObject({ code: "42501" });
    // A member cannot revoke (or otherwise update) one either.
    const [open] = await listInvitations(owner.claims, { id: ws });
    await expect(
      revokeInvitation(member.claims, { id: ws, invitationId: open!.id }),
    ).rejects.toMatchObject({ status: 403 });
    // An admin cannot mark one accepted by hand: only revoked_at is updatable by clients.
    await expect(
      withUser(
        admin.claims,
        (trx) =>
          sql`update public.workspace_invitations set accepted_at = now() where id = ${open!.id}`.execute(
            trx,
          ),
        db(),
      ),
    ).rejects.toMatchObject({ code: "42501" });
  });

  async function memberIds() {
    return (await listMembers(owner.claims, { id: ws })).map((m) => m.userId);
  }
});

describe("invitation tokens", () => {
  it("are 32 random bytes, base64url, and only their SHA-256 is stored", () => {
    const token = newInvitationToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(hashInvitationToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashInvitationToken(token)).not.toContain(token);
  });
});
