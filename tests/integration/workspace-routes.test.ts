// The /api/workspaces/* routes on both databases: invite (the link comes back in local auth
// mode), accept (the workspace becomes the current one), each refusal as its 4xx JSON,
// permissions, bad input and cross-origin requests changing nothing.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as revokeRoute from "@/app/api/workspaces/[id]/invitations/[invitationId]/route";
import * as invitationsRoute from "@/app/api/workspaces/[id]/invitations/route";
import * as memberRoute from "@/app/api/workspaces/[id]/members/[userId]/route";
import * as membersRoute from "@/app/api/workspaces/[id]/members/route";
import * as acceptRoute from "@/app/api/workspaces/invitations/accept/route";
import { withServiceRole } from "@/lib/db/scoped";
import { resetEnvCache } from "@/lib/env";
import { adoptInvitationSession, deliverInvitation } from "@/lib/workspaces/invitation-email";
import { hashInvitationToken } from "@/lib/workspaces/invitations";
import { describeEachDatabase } from "../helpers/db";
import { createUser, type TestUser } from "../helpers/factories";
import { call } from "../helpers/http";
import { addMember, createTeamWorkspace } from "../helpers/workspaces";
import { startSupabaseAuth } from "../stand-ins/supabase-auth";

const unique = (n: string) => `${n}-${Math.random().toString(36).slice(2)}@example.com`;
const CROSS_SITE = { origin: "https://evil.example", "sec-fetch-site": "cross-site" };

describeEachDatabase("workspace routes", ({ db }) => {
  let owner: TestUser;
  let admin: TestUser;
  let viewer: TestUser;
  let ws: string;

  const make = (n: string) => createUser(db(), unique(n));

  beforeAll(async () => {
    [owner, admin, viewer] = await Promise.all([make("owner"), make("admin"), make("viewer")]);
    ws = await createTeamWorkspace(db(), owner, "Route team");
    await addMember(db(), ws, admin, "admin");
    await addMember(db(), ws, viewer, "viewer");
  });

  const invite = (who: TestUser, body: unknown, headers?: Record<string, string>) =>
    call(invitationsRoute.POST, `/api/workspaces/${ws}/invitations`, {
      cookie: who.cookie,
      params: { id: ws },
      body,
      headers,
    });
  const accept = (who: TestUser, token: unknown) =>
    call(acceptRoute.POST, "/api/workspaces/invitations/accept", {
      cookie: who.cookie,
      body: { token },
    });

  it("invites (returning the link to pass on) and accepts, switching the workspace", async () => {
    const invitee = await createUser(db(), unique("invitee"));
    const res = await invite(admin, { email: invitee.email, role: "viewer" });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      invitation: { email: invitee.email, role: "viewer", workspaceId: ws },
      sent: "link",
      path: expect.stringMatching(/^\/invite\/[A-Za-z0-9_-]{43}$/),
      url: expect.stringMatching(/^http:\/\/localhost:\d+\/invite\//),
    });
    expect(JSON.stringify(res.body.invitation)).not.toMatch(/token|hash/i);
    const token = res.body.path.split("/").pop();

    const ok = await accept(invitee, token);
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ workspaceId: ws });
    expect(ok.headers.getSetCookie().join()).toMatch(
      new RegExp(`vx_workspace=${ws};.*HttpOnly`, "i"),
    );
    expect((await accept(invitee, token)).status).toBe(200); // twice: a no-op

    const list = await call(membersRoute.GET, `/api/workspaces/${ws}/members`, {
      cookie: invitee.cookie,
      params: { id: ws },
    });
    expect(list.body.members.map((m: { email: string }) => m.email)).toContain(invitee.email);
  });

  it("answers each refusal with its own 4xx code", async () => {
    const invitee = await createUser(db(), unique("invitee"));
    const other = await createUser(db(), unique("other"));
    const token = (await invite(owner, { email: invitee.email, role: "member" })).body.path
      .split("/")
      .pop();
    const wrong = await accept(other, token);
    expect(wrong).toMatchObject({
      status: 403,
      body: { error: { code: "invitation_wrong_email" } },
    });
    const forged = await accept(invitee, "A".repeat(43));
    expect(forged).toMatchObject({
      status: 404,
      body: { error: { code: "invitation_not_found" } },
    });

    await withServiceRole(
      "tests age an invitation",
      (trx) =>
        sql`update public.workspace_invitations set expires_at = now() - interval '1 minute'
          where token_hash = ${hashInvitationToken(token)}`.execute(trx),
      db(),
    );
    const expired = await accept(invitee, token);
    expect(expired).toMatchObject({ status: 410, body: { error: { code: "invitation_expired" } } });

    const fresh = (await invite(owner, { email: invitee.email, role: "member" })).body.path
      .split("/")
      .pop();
    expect((await accept(invitee, fresh)).status).toBe(200);
    const reused = await accept(other, fresh);
    expect(reused).toMatchObject({ status: 409, body: { error: { code: "invitation_used" } } });
    expect((await accept(other, 42)).status).toBe(400);
    const signedOut = await call(acceptRoute.POST, "/api/workspaces/invitations/accept", {
      body: { token: fresh },
    });
    expect(signedOut.status).toBe(401);
  });

  it("lets only owners and admins invite, list and revoke", async () => {
    const denied = await invite(viewer, { email: unique("x"), role: "viewer" });
    expect(denied).toMatchObject({ status: 403, body: { error: { code: "forbidden" } } });
    const listed = await call(invitationsRoute.GET, `/api/workspaces/${ws}/invitations`, {
      cookie: viewer.cookie,
      params: { id: ws },
    });
    expect(listed.body.invitations).toEqual([]);

    const email = unique("pending");
    await invite(owner, { email, role: "member" });
    const pending = await call(invitationsRoute.GET, `/api/workspaces/${ws}/invitations`, {
      cookie: admin.cookie,
      params: { id: ws },
    });
    const mine = pending.body.invitations.find((i: { email: string }) => i.email === email);
    expect(mine).toMatchObject({ role: "member", expired: false });
    const path = `/api/workspaces/${ws}/invitations/${mine.id}`;
    const byViewer = await call(revokeRoute.DELETE, path, {
      method: "DELETE",
      cookie: viewer.cookie,
      params: { id: ws, invitationId: mine.id },
    });
    expect(byViewer.status).toBe(403);
    const revoked = await call(revokeRoute.DELETE, path, {
      method: "DELETE",
      cookie: admin.cookie,
      params: { id: ws, invitationId: mine.id },
    });
    expect(revoked).toMatchObject({ status: 200, body: { revoked: { id: mine.id } } });
  });

  it("manages roles: an admin cannot demote the owner; the last owner cannot leave", async () => {
    const demote = await call(memberRoute.PATCH, `/api/workspaces/${ws}/members/${owner.id}`, {
      method: "PATCH",
      cookie: admin.cookie,
      params: { id: ws, userId: owner.id },
      body: { role: "viewer" },
    });
    expect(demote).toMatchObject({ status: 403, body: { error: { code: "forbidden" } } });
    const leave = await call(memberRoute.DELETE, `/api/workspaces/${ws}/members/${owner.id}`, {
      method: "DELETE",
      cookie: owner.cookie,
      params: { id: ws, userId: owner.id },
    });
    expect(leave).toMatchObject({ status: 409, body: { error: { code: "last_owner" } } });
    const promote = await call(memberRoute.PATCH, `/api/workspaces/${ws}/members/${viewer.id}`, {
      method: "PATCH",
      cookie: admin.cookie,
      params: { id: ws, userId: viewer.id },
      body: { role: "member" },
    });
    expect(promote).toMatchObject({ status: 200, body: { member: { role: "member" } } });
  });

  it("refuses bad input and cross-origin requests, changing nothing", async () => {
    const before = await countInvitations();
    for (const body of [
      { email: "not an email", role: "viewer" },
      { email: unique("x"), role: "owner" },
      { email: unique("x"), role: "viewer", workspaceId: ws },
    ]) {
      expect((await invite(owner, body)).status).toBe(400);
    }
    expect((await invite(owner, { email: unique("x"), role: "viewer" }, CROSS_SITE)).status).toBe(
      403,
    );
    const badId = await call(membersRoute.GET, "/api/workspaces/nope/members", {
      cookie: owner.cookie,
      params: { id: "nope" },
    });
    expect(badId.status).toBe(400);
    expect(await countInvitations()).toBe(before);
  });

  async function countInvitations() {
    const { rows } = await withServiceRole(
      "tests count invitations",
      (trx) =>
        sql<{ n: number }>`select count(*)::int as n from public.workspace_invitations`.execute(
          trx,
        ),
      db(),
    );
    return rows[0]!.n;
  }
});

describe("invitation delivery with Supabase Auth", () => {
  let auth: Awaited<ReturnType<typeof startSupabaseAuth>>;
  const saved = { ...process.env };

  beforeAll(async () => {
    auth = await startSupabaseAuth(async () => undefined);
    process.env.NEXT_PUBLIC_SUPABASE_URL = auth.url;
    process.env.NEXT_PUBLIC_SUPABASE_ANON_KEY = "anon-key";
    process.env.DATABASE_URL ??= "postgres://unused@127.0.0.1/unused";
    process.env.APP_URL = "https://app.voxline.example";
    resetEnvCache();
  });

  afterAll(async () => {
    process.env = saved;
    resetEnvCache();
    await auth?.close();
  });

  it("mails a magic link that signs the invitee in and lands on the invite page", async () => {
    const token = "B".repeat(43);
    const delivery = await deliverInvitation("new-person@example.com", token);
    expect(delivery).toEqual({
      sent: "email",
      path: `/invite/${token}`,
      url: `https://app.voxline.example/invite/${token}`,
    });
    const mail = auth.outbox.at(-1)!;
    expect(mail).toMatchObject({ email: "new-person@example.com", redirectTo: delivery.url });
    // Following the link: GoTrue verifies it and redirects with the session in the fragment.
    const res = await fetch(mail.link, { redirect: "manual" });
    expect(res.status).toBe(303);
    const location = new URL(res.headers.get("location")!);
    expect(`${location.origin}${location.pathname}`).toBe(delivery.url);
    expect(new URLSearchParams(location.hash.slice(1)).get("access_token")).toBeTruthy();
  });

  it("keeps the link's session only when it belongs to the invited address", async () => {
    const follow = async (email: string) => {
      await deliverInvitation(email, "C".repeat(43));
      const res = await fetch(auth.outbox.at(-1)!.link, { redirect: "manual" });
      const fragment = new URLSearchParams(new URL(res.headers.get("location")!).hash.slice(1));
      return {
        accessToken: fragment.get("access_token")!,
        refreshToken: fragment.get("refresh_token")!,
      };
    };
    const jar = () => {
      const set: string[] = [];
      return {
        set,
        getAll: () => [],
        setAll: (cookies: { name: string; value: string }[]) =>
          void set.push(...cookies.filter((c) => c.value).map((c) => c.name)),
      };
    };
    const invited = jar();
    expect(
      await adoptInvitationSession(
        invited,
        "invited@example.com",
        await follow("invited@example.com"),
      ),
    ).toBe(true);
    expect(invited.set.some((name) => /^sb-.+-auth-token/.test(name))).toBe(true);
    // A link carrying someone else's session signs nobody in.
    const other = jar();
    expect(
      await adoptInvitationSession(
        other,
        "invited@example.com",
        await follow("mallory@example.com"),
      ),
    ).toBe(false);
    expect(other.set).toEqual([]);
    const forged = jar();
    expect(
      await adoptInvitationSession(forged, "invited@example.com", {
        accessToken: "not.a.jwt",
        refreshToken: "nope",
      }),
    ).toBe(false);
    expect(forged.set).toEqual([]);
  });
});
