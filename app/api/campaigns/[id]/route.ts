// GET /api/campaigns/:id — one campaign of the current workspace; PATCH — replace its settings; DELETE — remove it
import { NextResponse } from "next/server";
import { deleteCampaign, getCampaign, updateCampaign } from "@/lib/campaigns/commands";
import { route } from "@/lib/http/route";
import { campaignIdSchema, campaignInputSchema } from "@/lib/validations/campaign";
import { resolveActor } from "@/lib/workspaces/current";

const params = campaignIdSchema;

export const GET = route({ auth: "user", params }, async ({ user, cookies, params }) =>
  NextResponse.json({ campaign: await getCampaign(await resolveActor(user, cookies.jar), params) }),
);

export const PATCH = route(
  { auth: "user", params, body: campaignInputSchema },
  async ({ user, cookies, params, body }) => {
    const actor = await resolveActor(user, cookies.jar);
    return NextResponse.json({ campaign: await updateCampaign(actor, { ...body, ...params }) });
  },
);

export const DELETE = route({ auth: "user", params }, async ({ user, cookies, params }) => {
  const { id } = await deleteCampaign(await resolveActor(user, cookies.jar), params);
  return NextResponse.json({ deleted: { id } });
});
