// The settings' commands as their server actions run them (runActionFor: same-origin check,
// session, current workspace from the vx_workspace cookie): creating and revoking keys and
// renaming the workspace succeed for admins, are refused for members and viewers, and a
// cross-site request changes nothing.
import { beforeAll, expect, it } from "vitest";
import { type ActionRequest, runActionFor } from "@/lib/actions/run-action";
import { createApiKey, listApiKeys, revokeApiKey } from "@/lib/api-keys/keys";
import { renameWorkspace } from "@/lib/workspaces/commands";
import { WORKSPACE_COOKIE } from "@/lib/workspaces/current";
import { describeEachDatabase } from "../helpers/db";
import { createUser, type TestUser } from "../helpers/factories";
import { addMember, createTeamWorkspace } from "../helpers/workspaces";

const SAME_ORIGIN = { origin: "http://localhost:3000", "sec-fetch-site": "same-origin" };
const CROSS_SITE = { origin: "https://evil.example", "sec-fetch-site": "cross-site" };

describeEachDatabase("settings actions", ({ db }) => {
  let admin: TestUser;
  let member: TestUser;
  let ws: string;

  const as = (user: TestUser, headers = SAME_ORIGIN): ActionRequest => ({
    headers: new Headers(headers),
    jar: {
      getAll: () => [
        { name: "vx_session", value: user.cookie.slice("vx_session=".length) },
        { name: WORKSPACE_COOKIE, value: ws },
      ],
      setAll: () => {},
    },
  });

  beforeAll(async () => {
    const owner = await createUser(db());
    admin = await createUser(db());
    member = await createUser(db());
    ws = await createTeamWorkspace(db(), owner, "Settings team");
    await addMember(db(), ws, admin, "admin");
    await addMember(db(), ws, member, "member");
  });

  it("creates and revokes a key in the current workspace for an admin", async () => {
    const created = await runActionFor(as(admin), createApiKey, { name: "  Zapier  " });
    expect(created).toMatchObject({ ok: true, data: { key: { name: "Zapier", workspaceId: ws } } });
    if (!created.ok) return;
    const revoked = await runActionFor(as(admin), revokeApiKey, { keyId: created.data.key.id });
    expect(revoked).toMatchObject({ ok: true });
    const again = await runActionFor(as(admin), revokeApiKey, { keyId: created.data.key.id });
    expect(again).toMatchObject({ ok: false, status: 404 });
  });

  it("refuses members, bad names and cross-site requests, creating nothing", async () => {
    const before = await listApiKeys({ claims: admin.claims, workspaceId: ws });
    expect(await runActionFor(as(member), createApiKey, { name: "Mine" })).toMatchObject({
      ok: false,
      status: 403,
      error: { code: "forbidden" },
    });
    expect(await runActionFor(as(admin), createApiKey, { name: " " })).toMatchObject({
      ok: false,
      status: 400,
      error: { fields: { name: expect.any(String) } },
    });
    expect(
      await runActionFor(as(admin, CROSS_SITE), createApiKey, { name: "Forged" }),
    ).toMatchObject({ ok: false, status: 403 });
    expect(await listApiKeys({ claims: admin.claims, workspaceId: ws })).toEqual(before);
  });

  it("renames a shared workspace for an admin, not for a member, never a personal one", async () => {
    expect(await runActionFor(as(admin), renameWorkspace, { name: "Sales team" })).toMatchObject({
      ok: true,
      data: { id: ws, name: "Sales team" },
    });
    expect(await runActionFor(as(member), renameWorkspace, { name: "Mine now" })).toMatchObject({
      ok: false,
      status: 403,
    });
    const personal = await renameWorkspace(
      { claims: member.claims, workspaceId: member.id },
      { name: "My own" },
    ).catch((e) => e);
    expect(personal).toMatchObject({ status: 403 });
  });
});
