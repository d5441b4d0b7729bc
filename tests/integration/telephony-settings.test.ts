// A campaign's phone settings as its workspace's members edit them, on each database: saved
// and read back; only a number assigned to the workspace may be used (422 otherwise, and
// Postgres refuses the row even to the service role); a number answers one campaign (409);
// viewers read but cannot change (403, nothing changed); other workspaces see nothing; and
// unassigning a number removes the settings that used it.
import { beforeAll, expect, it } from "vitest";
import { withServiceRole, withUser } from "@/lib/db/scoped";
import { assignNumber, numbersForWorkspace, unassignNumber } from "@/lib/telephony/numbers";
import { getPhoneSettings, removePhoneSettings, savePhoneSettings } from "@/lib/telephony/settings";
import { describeEachDatabase } from "../helpers/db";
import {
  createCampaignFor,
  createUser,
  createWorkspace,
  type TestUser,
} from "../helpers/factories";
import { assignedNumber, fictionalNumber } from "../helpers/telephony";

describeEachDatabase("telephony: phone settings", ({ db }) => {
  let owner: TestUser;
  let viewer: TestUser;
  let stranger: TestUser;
  let workspaceId: string;
  let campaignId: string;

  beforeAll(async () => {
    [owner, viewer, stranger] = await Promise.all([
      createUser(db()),
      createUser(db()),
      createUser(db()),
    ]);
    workspaceId = (await createWorkspace(db(), owner, [{ user: viewer, role: "viewer" }])).id;
    campaignId = (await createCampaignFor(owner, {}, workspaceId)).id;
  });

  const as = (u: TestUser) => ({ claims: u.claims, workspaceId });

  it("saves the number, consent and menu, and reads them back to members only", async () => {
    const number = await assignedNumber(workspaceId);
    const settings = {
      number,
      consentMessage: "This call is answered by an assistant.",
      menu: {
        options: [
          { digit: "1", action: "agent" as const },
          { digit: "9", action: "voicemail" as const },
        ],
      },
    };
    await savePhoneSettings(as(owner), { campaignId, settings });
    const read = await getPhoneSettings(as(viewer), { campaignId });
    expect(read).toMatchObject({
      number,
      consentMessage: settings.consentMessage,
      menu: { timeoutSeconds: 5 },
    });
    expect(await getPhoneSettings(stranger.claims, { campaignId })).toBeNull();

    // Changing the number replaces the row; the old number is free again.
    const next = await assignedNumber(workspaceId);
    await savePhoneSettings(as(owner), { campaignId, settings: { number: next } });
    expect((await getPhoneSettings(as(owner), { campaignId }))?.number).toBe(next);
    const rows = await db()
      .selectFrom("campaign_phone_numbers")
      .select("e164")
      .where("campaign_id", "=", campaignId)
      .execute();
    expect(rows).toEqual([{ e164: next }]);
  });

  it("refuses a number not assigned to the workspace with 422, in use with 409, a viewer's change with 403", async () => {
    const theirs = await createCampaignFor(stranger);
    const number = await assignedNumber(stranger.id);
    await savePhoneSettings(stranger.claims, { campaignId: theirs.id, settings: { number } });
    const notAssigned = { status: 422, code: "number_not_assigned" };
    // Another workspace's number, in use or not, and a number nobody was given.
    await expect(
      savePhoneSettings(as(owner), { campaignId, settings: { number } }),
    ).rejects.toMatchObject(notAssigned);
    await expect(
      savePhoneSettings(as(owner), { campaignId, settings: { number: fictionalNumber() } }),
    ).rejects.toMatchObject(notAssigned);
    // Two campaigns of one workspace cannot share a number.
    const mine = await assignedNumber(workspaceId);
    const second = await createCampaignFor(owner, {}, workspaceId);
    await savePhoneSettings(as(owner), { campaignId: second.id, settings: { number: mine } });
    await expect(
      savePhoneSettings(as(owner), { campaignId, settings: { number: mine } }),
    ).rejects.toMatchObject({ status: 409 });
    await removePhoneSettings(as(owner), { campaignId: second.id });
    await savePhoneSettings(as(owner), { campaignId, settings: { number: mine } });
    const before = await getPhoneSettings(as(owner), { campaignId });
    await expect(
      savePhoneSettings(as(viewer), {
        campaignId,
        settings: { number: await assignedNumber(workspaceId) },
      }),
    ).rejects.toMatchObject({ status: 403 });
    await expect(removePhoneSettings(as(viewer), { campaignId })).rejects.toMatchObject({
      status: 403,
    });
    expect(await getPhoneSettings(as(owner), { campaignId })).toEqual(before);
    // Someone else's campaign is not found, whatever the number.
    await expect(
      savePhoneSettings(as(owner), {
        campaignId: theirs.id,
        settings: { number: await assignedNumber(workspaceId) },
      }),
    ).rejects.toMatchObject({ status: 404 });
    await removePhoneSettings(as(owner), { campaignId });
    expect(await getPhoneSettings(as(owner), { campaignId })).toBeNull();
  });

  it("lets only operators assign, enforces the assignment in Postgres, and cascades an unassign", async () => {
    const number = await assignedNumber(workspaceId);
    expect(await assignNumber(number, stranger.id)).toBe("taken");
    expect(await assignNumber(number, workspaceId, "Front desk")).toBe("unchanged");
    // Members see their workspace's numbers; others see none of them.
    expect((await numbersForWorkspace(as(viewer))).map((n) => n.e164)).toContain(number);
    expect(
      (await numbersForWorkspace({ claims: stranger.claims, workspaceId })).map((n) => n.e164),
    ).not.toContain(number);
    // Not even the workspace's owner can assign one: authenticated holds select only.
    await expect(
      withUser(owner.claims, (trx) =>
        trx
          .insertInto("telephony_numbers")
          .values({ e164: fictionalNumber(), workspace_id: workspaceId })
          .execute(),
      ),
    ).rejects.toMatchObject({ code: "42501" });
    // The foreign key holds for every writer, the service role included.
    await expect(
      withServiceRole("test: a row without an assignment", (trx) =>
        trx
          .insertInto("campaign_phone_numbers")
          .values({ e164: fictionalNumber(), workspace_id: workspaceId, campaign_id: campaignId })
          .execute(),
      ),
    ).rejects.toMatchObject({ code: "23503" });

    await savePhoneSettings(as(owner), { campaignId, settings: { number } });
    expect(await unassignNumber(number)).toBe(true);
    expect(await getPhoneSettings(as(owner), { campaignId })).toBeNull();
  });
});
