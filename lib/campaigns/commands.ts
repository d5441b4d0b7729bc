// Campaign operations for a signed-in owner. Used by the dashboard's server actions and by
// the REST API alike; every one runs in withUser, so RLS enforces ownership.
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { command } from "@/lib/command";
import { isUniqueViolation } from "@/lib/db/errors";
import * as q from "@/lib/db/queries/campaigns";
import { withUser } from "@/lib/db/scoped";
import { AppError, notFound } from "@/lib/errors";
import { track } from "@/lib/observability/track";
import {
  campaignIdSchema,
  campaignInputSchema,
  STATUS_TRANSITIONS,
  setCampaignStatusSchema,
  updateCampaignSchema,
} from "@/lib/validations/campaign";

const SLUG_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"; // no look-alikes (l/1, o/0)

/** "Spring Promo!" → "spring-promo-k7x2qd": readable, and unguessable enough to share. */
export function makeSlug(name: string): string {
  const base = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 48)
    .replace(/-+$/, "");
  const suffix = Array.from(randomBytes(6), (b) => SLUG_ALPHABET[b % SLUG_ALPHABET.length]).join(
    "",
  );
  return base ? `${base}-${suffix}` : `campaign-${suffix}`;
}

export const listCampaigns = command(z.strictObject({}), (claims) =>
  withUser(claims, (trx) => q.listCampaigns(trx)),
);

export const getCampaign = command(campaignIdSchema, async (claims, { id }) => {
  const campaign = await withUser(claims, (trx) => q.getCampaign(trx, id));
  if (!campaign) throw notFound("Campaign");
  return campaign;
});

export const createCampaign = command(campaignInputSchema, async (claims, input) => {
  // A slug collision is astronomically rare, but the registry's primary key would reject it:
  // try a fresh suffix rather than fail the owner's save.
  for (let attempt = 0; ; attempt++) {
    try {
      const campaign = await withUser(claims, (trx) =>
        q.insertCampaign(trx, { ...input, ownerId: claims.sub, publicSlug: makeSlug(input.name) }),
      );
      track("campaign_created", claims.sub, {
        campaignId: campaign.id,
        questions: campaign.flowConfig.questions.length,
        voice: campaign.voiceSettings.voice,
      });
      return campaign;
    } catch (error) {
      if (!isUniqueViolation(error) || attempt >= 2) throw error;
    }
  }
});

export const updateCampaign = command(updateCampaignSchema, async (claims, { id, ...input }) => {
  const campaign = await withUser(claims, (trx) => q.updateCampaign(trx, id, input));
  if (!campaign) throw notFound("Campaign");
  return campaign;
});

export const setCampaignStatus = command(setCampaignStatusSchema, (claims, { id, status }) =>
  withUser(claims, async (trx) => {
    const current = await q.getCampaign(trx, id);
    if (!current) throw notFound("Campaign");
    if (current.status === status) return current;
    if (!STATUS_TRANSITIONS[current.status].includes(status)) {
      throw new AppError(
        "conflict",
        `Cannot change a campaign from ${current.status} to ${status}`,
        409,
      );
    }
    return (await q.updateCampaign(trx, id, { status }))!;
  }),
);

/** Deletes a campaign with its slug, conversations, turns and leads (foreign keys cascade). */
export const deleteCampaign = command(campaignIdSchema, async (claims, { id }) => {
  const deleted = await withUser(claims, (trx) => q.deleteCampaign(trx, id));
  if (!deleted) throw notFound("Campaign");
  return { id };
});
